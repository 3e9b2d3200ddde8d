"""Shared fixtures: banks to build, and a real Anki collection to import them into."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.anki_client import AnkiClient

REPO = Path(__file__).resolve().parent.parent
FASTAPI_BANK = REPO / "decks" / "fastapi-developer-interview.yaml"


@pytest.fixture
def fastapi_bank(tmp_path: Path) -> Path:
    """A private copy of the FastAPI bank (without its lock), safe to edit and build."""
    bank = tmp_path / "decks" / FASTAPI_BANK.name
    bank.parent.mkdir()
    shutil.copy(FASTAPI_BANK, bank)
    return bank


@pytest.fixture
def write_bank(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write YAML text to a bank file and return its path."""

    def write(text: str, name: str = "bank.yaml") -> Path:
        path = tmp_path / "decks" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def anki(tmp_path: Path) -> Iterator[AnkiClient]:
    """A fresh, empty Anki collection, as a learner who has never imported anything."""
    client = AnkiClient(tmp_path / "learner" / "collection.anki2")
    yield client
    client.close()
