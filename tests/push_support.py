"""What the push tests share: the bank they push, and the command as a learner runs it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli import cli
from generator.identity import model_id

PACKAGE = "fastapi-developer-interview.apkg"
DECK = "FastAPI Developer Interview"
QUERY = f"mid:{model_id('fastapi-developer-interview')}"
"""The search `push` makes for the bank's notes: those of its note type."""


def push(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["push", *args], env=env)


def pushed_line(out: Path, new: int, updated: int, unchanged: int, removed: int) -> str:
    return (
        f"{out / PACKAGE}: pushed to Anki, deck {DECK!r}: {new} new, {updated} updated, "
        f"{unchanged} unchanged, {removed} tagged bank::removed"
    )
