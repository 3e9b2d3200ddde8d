"""Shared fixtures: banks to build, and a real Anki collection to import them into."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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


def run_make(workdir: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    """Run make in `workdir` with the generator under test, whatever the current directory."""
    paths = [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    return subprocess.run(
        ["make", "--no-print-directory", *targets],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The Makefile and pyproject in an empty project whose venv is this test's Python."""
    shutil.copy(REPO / "Makefile", tmp_path)
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    (tmp_path / ".venv" / ".runtime-installed").touch()
    return tmp_path
