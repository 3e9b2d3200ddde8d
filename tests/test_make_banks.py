"""`make deck` with odd banks: `.yml` files, names with spaces, missing locks, failed builds."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests import test_many_banks
from tests.authoring_support import bank_text, question, write_bank

project = test_many_banks.project  # the fixture: a project whose venv is this test's Python
_make = test_many_banks._make


def _deck(decks: Path, name: str, deck_id: str, suffix: str = ".yaml") -> Path:
    path = write_bank(decks, name, bank_text({"id": deck_id, "name": deck_id}, [question("a")]))
    return path.rename(path.with_suffix(suffix))


def test_yml_banks_are_built_like_yaml_ones(project: Path):
    decks = project / "decks"
    _deck(decks, "first", "first")
    _deck(decks, "second", "second", ".yml")

    result = _make(project, "deck")

    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (project / "dist").glob("*.apkg")) == [
        "first.apkg",
        "second.apkg",
    ]
    assert (decks / "second.lock.json").is_file()


@pytest.mark.parametrize("name", ["two words", "a:b", "a%b", "a$b", "a;b", "it's"])
def test_a_bank_file_name_make_cannot_handle_is_refused_by_name(project: Path, name: str):
    """Before this refusal, `a%b` was built and then its lock file deleted by make."""
    decks = project / "decks"
    _deck(decks, "fine", "fine")
    odd = _deck(decks, name, "odd")
    odd.with_name(f"{name}.lock.json").write_text("{}")

    for target in ("deck", "check"):
        result = _make(project, target)

        assert result.returncode == 2
        assert result.stderr.splitlines()[:2] == [
            "error: make cannot build a bank whose file name has a space, quote or one of "
            ":%$;*?()&|<>{}[]\\; rename it with - instead:",
            f"  decks/{name}.yaml",
        ]
        assert "Traceback" not in result.stderr
        assert not (project / "dist").exists()
    assert sorted(p.name for p in decks.iterdir()) == sorted(
        ["fine.yaml", f"{name}.yaml", f"{name}.lock.json"]
    )


def test_a_missing_lock_is_rebuilt(project: Path):
    bank = _deck(project / "decks", "bank", "bank")
    assert _make(project, "deck").returncode == 0
    lock = bank.with_name("bank.lock.json")
    lock.unlink()

    result = _make(project, "deck")

    assert result.returncode == 0, result.stderr
    assert "build decks/bank.yaml" in result.stdout
    assert lock.is_file()
    assert "Nothing to be done" in _make(project, "deck").stdout


def test_the_next_make_after_a_failed_build_builds_again(project: Path):
    bank = _deck(project / "decks", "bank", "bank")
    assert _make(project, "deck").returncode == 0
    lock = bank.with_name("bank.lock.json")
    good = lock.read_text()
    damaged = json.loads(good)
    damaged["created"] = 0
    lock.write_text(json.dumps(damaged))
    bank.write_text(bank.read_text().replace("What about a?", "What about a, edited?"))

    failed = _make(project, "deck")
    assert failed.returncode != 0
    assert "lock file value `created` is 0" in failed.stderr

    lock.write_text(good)
    later = lock.stat().st_mtime + 10
    os.utime(lock, (later, later))
    again = _make(project, "deck")
    assert again.returncode == 0, again.stderr
    assert "build decks/bank.yaml" in again.stdout


def test_a_lock_newer_than_its_package_builds_again(project: Path):
    """What a build stopped between putting the lock and the package in place leaves."""
    bank = _deck(project / "decks", "bank", "bank")
    assert _make(project, "deck").returncode == 0
    lock = bank.with_name("bank.lock.json")
    later = (project / "dist" / "bank.apkg").stat().st_mtime + 10
    os.utime(lock, (later, later))

    assert "build decks/bank.yaml" in _make(project, "deck").stdout
