"""Helpers for the import and export tests: import a source, read the bank it writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.convert.importing import Imported, import_source

SOURCES = Path(__file__).resolve().parent / "convert_sources"


def imported(path: Path, source_format: str | None = None) -> Imported:
    return import_source(path, source_format)


def bank_data(result: Imported) -> dict[str, Any]:
    """The written bank's data, as YAML reads it back."""
    return yaml.safe_load(result.text)


def write_source(directory: Path, name: str, text: str | bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
