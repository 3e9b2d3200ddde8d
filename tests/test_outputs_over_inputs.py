"""Outputs never replace inputs: a bank whose package, rule file or page would be a bank of
the run is refused before it is read, and so is a bank beside its twin (`x.yaml`, `x.yml`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.authoring_support import bank_text, question, write_bank
from tests.conftest import run_make


def _bank(folder: Path, file_name: str, deck_id: str = "deck") -> Path:
    written = write_bank(
        folder, "bank", bank_text({"id": deck_id, "name": deck_id}, [question("a")])
    )
    return written.rename(folder / file_name)


@pytest.mark.parametrize(
    ("file_name", "command", "what", "output"),
    [
        ("notes.apkg", ["build"], "package", "notes.apkg"),
        ("x.d", ["build", "--make-deps"], "make rules", "x.d"),
        ("page.html", ["preview"], "page", "page.html"),
    ],
)
def test_a_bank_an_output_would_replace_is_refused_and_kept(
    tmp_path: Path, file_name: str, command: list[str], what: str, output: str
):
    bank = _bank(tmp_path, file_name)
    before = bank.read_bytes()

    result = CliRunner().invoke(cli, [*command, str(bank), "--out", str(tmp_path)])

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{bank}:1:1: bank: its {what} `{tmp_path / output}` would replace the bank itself; "
        "write it elsewhere (`--out`), or rename the bank",
        "1 problem found",
    ]
    assert bank.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [file_name]


def test_a_package_that_would_replace_another_bank_of_the_run_is_refused(tmp_path: Path):
    first = _bank(tmp_path, "x.yaml", "first")
    second = _bank(tmp_path, "x.apkg", "second")

    result = CliRunner().invoke(cli, ["build", str(first), str(second), "--out", str(tmp_path)])

    assert result.exit_code == 1
    assert (
        f"{first}:1:1: bank: its package `{tmp_path / 'x.apkg'}` would replace the bank "
        f"{second}; write it elsewhere (`--out`), or rename the bank"
    ) in result.stderr.splitlines()
    assert not (tmp_path / "x.lock.json").exists()


@pytest.mark.parametrize("command", ["check", "build"])
def test_twin_banks_are_both_refused_naming_both(tmp_path: Path, command: str):
    yaml_bank = _bank(tmp_path, "x.yaml", "one")
    yml_bank = _bank(tmp_path, "x.yml", "two")
    out = tmp_path / "dist"
    args = [command, str(yaml_bank)] + (["--out", str(out)] if command == "build" else [])

    result = CliRunner().invoke(cli, args)

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{yaml_bank}:1:1: bank: `x.yaml` and `x.yml` are both in the folder: they would share "
        "one lock file (`x.lock.json`) and one package (`x.apkg`); rename or remove one of them",
        "1 problem found",
    ]
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == [
        yaml_bank.name,
        yml_bank.name,
    ]


def test_make_refuses_twin_banks_by_name(project: Path):
    decks = project / "decks"
    decks.mkdir()
    _bank(decks, "fine.yaml", "fine")
    _bank(decks, "x.yaml", "one")
    _bank(decks, "x.yml", "two")

    result = run_make(project, "deck")

    assert result.returncode == 2
    assert result.stderr.splitlines()[:2] == [
        "error: two banks share one name, and would share one lock file and one package; "
        "rename or remove one of each pair:",
        "  decks/x.yaml and decks/x.yml",
    ]
    assert not (project / "dist").exists()
