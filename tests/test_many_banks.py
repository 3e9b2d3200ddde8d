"""Many banks: each its own deck (sub-decks with `::`), and no two claiming the same ids."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import clashes as banks_module
from generator.clashes import find_clashes
from generator.cli import cli
from generator.loader import load
from tests.anki_client import import_package
from tests.authoring_support import (
    bank_text,
    fresh_collection,
    question,
    write_bank,
)
from tests.conftest import run_make

REPO = Path(__file__).resolve().parent.parent


def _bank(directory: Path, name: str, deck_id: str, deck_name: str, *ids: str) -> Path:
    text = bank_text({"id": deck_id, "name": deck_name}, [question(i) for i in ids])
    return write_bank(directory, name, text)


def test_two_banks_become_two_decks_and_sub_decks_nest(tmp_path: Path):
    fastapi = _bank(tmp_path / "decks", "fastapi", "fastapi", "Interviews::FastAPI", "a", "b")
    python = _bank(tmp_path / "decks", "python", "python", "Interviews::Python", "a")
    result = CliRunner().invoke(
        cli, ["build", str(fastapi), str(python), "--out", str(tmp_path / "dist")]
    )
    assert result.exit_code == 0, result.output
    with fresh_collection(tmp_path / "learner") as collection:
        for package in ("fastapi", "python"):
            import_package(collection, tmp_path / "dist" / f"{package}.apkg")
        cards = [collection.get_card(card_id) for card_id in collection.find_cards("")]
        assert {card.note()["Id"]: collection.decks.name(card.did) for card in cards} == {
            "fastapi/a": "Interviews::FastAPI",
            "fastapi/b": "Interviews::FastAPI",
            "python/a": "Interviews::Python",
        }
        parent = collection.decks.by_name("Interviews")
        children = {name for name, _ in collection.decks.children(parent["id"])}
        assert children == {"Interviews::FastAPI", "Interviews::Python"}
        note_types = {card.note().note_type()["name"] for card in cards}
        assert note_types == {"Multiple choice (fastapi)", "Multiple choice (python)"}


def test_check_names_both_files_when_two_banks_claim_one_deck_id(tmp_path: Path):
    first = _bank(tmp_path / "decks", "first", "shared", "First", "a", "b", "c")
    second = _bank(tmp_path / "decks", "second", "shared", "Second", "z", "b", "c")
    other = _bank(tmp_path / "decks", "other", "other", "Other", "a")
    result = CliRunner().invoke(cli, ["check", str(first), str(second), str(other)])
    assert result.exit_code == 1
    # line 1 is the schema comment; `deck:` is line 2, its id on line 3, column 7
    assert (
        f"{second}:3:7: deck: deck id `shared` is also claimed by {first}:3:7; "
        "give each bank its own `deck.id`"
    ) in result.stderr
    b_line = second.read_text().splitlines().index("- id: b") + 1
    a_first_line = first.read_text().splitlines().index("- id: b") + 1
    assert (
        f"{second}:{b_line}:7: b: 2 questions (`b`, `c`) would have the same note GUIDs "
        f"as in {first}:{a_first_line}:7"
    ) in result.stderr
    assert "2 problems found" in result.stderr
    assert f"{other}: ok" in result.stdout
    assert f"{first}: ok" not in result.stdout and f"{second}: ok" not in result.stdout


def test_build_writes_nothing_for_banks_that_clash_and_builds_the_rest(tmp_path: Path):
    first = _bank(tmp_path / "decks", "first", "shared", "First", "a")
    second = _bank(tmp_path / "decks", "second", "shared", "Second", "a")
    other = _bank(tmp_path / "decks", "other", "other", "Other", "a")
    dist = tmp_path / "dist"
    command = ["build", str(first), str(second), str(other), "--out", str(dist)]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 1
    assert str(first) in result.stderr and str(second) in result.stderr
    assert sorted(path.name for path in dist.iterdir()) == ["other.apkg"]
    assert sorted(path.name for path in (tmp_path / "decks").glob("*.lock.json")) == [
        "other.lock.json"
    ]


def test_a_bank_given_twice_does_not_clash_with_itself(tmp_path: Path):
    bank = _bank(tmp_path / "decks", "only", "only", "Only", "a")
    same = tmp_path / "decks" / ".." / "decks" / "only.yaml"
    result = CliRunner().invoke(cli, ["check", str(bank), str(same)])
    assert result.exit_code == 0, result.output
    assert result.stdout.count(": ok") == 1


def test_banks_whose_derived_ids_coincide_clash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Different slugs whose hashes collide (astronomically rare) are caught all the same."""
    first = _bank(tmp_path, "first", "alpha", "Alpha", "a", "b")
    second = _bank(tmp_path, "second", "beta", "Beta", "b")
    loaded = [load(path) for path in (first, second)]
    assert find_clashes(loaded) == []

    monkeypatch.setattr(banks_module, "anki_deck_id", lambda deck_id: 1)
    (deck_clash,) = find_clashes(loaded)
    assert deck_clash.banks == (first, second)
    assert "deck id `beta` gives the same Anki ids as `alpha` in" in deck_clash.problem.message

    monkeypatch.undo()
    monkeypatch.setattr(banks_module, "note_guid", lambda deck_id, question_id: question_id)
    (guid_clash,) = find_clashes(loaded)
    assert guid_clash.problem.where == "b"
    assert f"the same note GUIDs as in {first}:" in guid_clash.problem.message


def test_make_deck_checks_all_banks_together_and_rebuilds_only_what_changed(project: Path):
    decks = project / "decks"
    first = _bank(decks, "first", "shared", "First", "a")
    second = _bank(decks, "second", "shared", "Second", "a")

    clash = run_make(project, "deck")
    assert clash.returncode != 0
    assert "deck id `shared` is also claimed by decks/first.yaml" in clash.stderr
    assert not (project / "dist").exists() or not list((project / "dist").glob("*.apkg"))

    second.write_text(second.read_text().replace("id: shared", "id: second"))
    fixed = run_make(project, "deck")
    assert fixed.returncode == 0, fixed.stderr
    assert {path.name for path in (project / "dist").glob("*.apkg")} == {
        "first.apkg",
        "second.apkg",
    }

    later = second.stat().st_mtime + 10
    os.utime(second, (later, later))
    again = run_make(project, "deck")
    assert again.returncode == 0, again.stderr
    assert "generator check decks/first.yaml decks/second.yaml" in again.stdout
    assert "build decks/second.yaml" in again.stdout
    assert "build decks/first.yaml" not in again.stdout
    assert first.exists()


def test_banks_with_the_same_file_name_would_overwrite_each_others_package(tmp_path: Path):
    from click.testing import CliRunner

    from generator.cli import cli

    text = (Path(__file__).parent / "good_banks" / "crlf-line-endings.yaml").read_text()
    first = tmp_path / "team-a" / "deck.yaml"
    second = tmp_path / "team-b" / "deck.yaml"
    for number, path in enumerate((first, second)):
        path.parent.mkdir()
        own = text.replace("id: crlf", f"id: deck-{number}").replace("CRLF", f"CRLF {number}")
        path.write_text(own)
    out = tmp_path / "dist"

    result = CliRunner().invoke(cli, ["build", str(first), str(second), "--out", str(out)])

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{second}:1:1: bank: would write the same package `deck.apkg` as {first}; "
        "rename one of the files"
    )
    assert not out.exists()
