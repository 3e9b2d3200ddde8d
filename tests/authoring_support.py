"""Helpers for the authoring tests: write banks, build them, open them in the real Anki.

Importing into the real Anki is `tests.anki_client`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from anki.collection import Collection

from generator.build import BuildResult, build_bank

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/bank.schema.json\n"
BUILD_TIME = 1_700_000_000
"""A fixed build clock: each later rebuild passes a later time, as real builds would."""


def question(
    question_id: str, *, options: int = 4, correct: int = 0, **keys: Any
) -> dict[str, Any]:
    """A valid question with `options` options, the one at `correct` being right."""
    return {
        "id": question_id,
        "question": f"What about {question_id}?",
        **keys,
        "options": [
            {
                "text": f"Answer {index} to {question_id}.",
                "why": f"Reason {index} for {question_id}.",
                **({"correct": True} if index == correct else {}),
            }
            for index in range(options)
        ],
    }


def bank_text(deck: dict[str, Any], questions: list[dict[str, Any]]) -> str:
    body = yaml.safe_dump({"deck": deck, "questions": questions}, sort_keys=False, width=1000)
    return SCHEMA_LINE + body


def write_bank(directory: Path, name: str, text: str) -> Path:
    path = directory / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def build(bank: Path, out_dir: Path, at: int = BUILD_TIME) -> BuildResult:
    return build_bank(bank, out_dir, clock=lambda: at)


@contextmanager
def fresh_collection(directory: Path) -> Iterator[Collection]:
    """An empty collection, as a learner who has never imported anything has."""
    directory.mkdir(parents=True, exist_ok=True)
    collection = Collection(str(directory / "collection.anki2"))
    try:
        yield collection
    finally:
        collection.close()


def without_style(html: str) -> str:
    """A rendered card side without the note type's `<style>` block."""
    return re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL)


def cards_by_template(collection: Collection, template: str) -> list:
    card_ids = collection.find_cards(f'"card:{template}"')
    return [collection.get_card(card_id) for card_id in sorted(card_ids)]
