"""The bank format's JSON Schema, generated from the classes in `generator.bank`.

Editors with a YAML language server read the schema named on a bank's first
line (`# yaml-language-server: $schema=../schema/bank.schema.json`) to
complete keys, show their descriptions and flag mistakes as the author types.
The file is committed at `SCHEMA_PATH`; `python -m generator schema` (or
`make schema`) rewrites it, and a test fails while the committed copy is stale.

What the schema cannot say, only the loader checks: question ids unique
within a bank, no duplicate keys or YAML anchors, and the file's size and
encoding. See docs/bank-format.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.atomic import replaced
from generator.bank import Bank

SCHEMA_PATH = Path("schema") / "bank.schema.json"
"""Where the schema is committed, relative to the repository root."""
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def bank_schema() -> dict[str, Any]:
    """The schema of a whole bank file, as the loader validates it."""
    from pydantic import TypeAdapter

    return {"$schema": DIALECT, **TypeAdapter(Bank).json_schema(mode="validation")}


def schema_text() -> str:
    """The schema as committed: keys sorted, so it changes only when the format does."""
    return json.dumps(bank_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schema(path: Path) -> bool:
    """Write the schema to `path` unless it is already there; True when it was written."""
    text = schema_text()
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    with replaced(path) as handle:
        handle.write(text.encode("utf-8"))
    return True
