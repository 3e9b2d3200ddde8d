"""The import and export commands: what they print, what they write, and what they refuse."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import FASTAPI_BANK
from tests.convert_support import SOURCES, write_source

GIFT = SOURCES / "moodle-docs-examples.gift"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_import_says_what_it_took_and_left_out_and_what_check_finds(tmp_path: Path):
    out = tmp_path / "decks" / "examples.yaml"
    result = run("import", str(GIFT), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "(gift): took 12 questions, left out 6" in result.stdout
    assert f"{GIFT}:10: left out: `Q3`: a short-answer question: left out" in result.stderr
    assert "missing required key `why`" in result.stderr  # check, on the written bank
    assert out.read_text(encoding="utf-8").startswith("# yaml-language-server")


def test_an_existing_bank_is_replaced_only_with_force(tmp_path: Path):
    out = tmp_path / "bank.yaml"
    out.write_text("precious", encoding="utf-8")
    result = run("import", str(GIFT), "--out", str(out))
    assert result.exit_code == 1
    assert "exists: pass --force" in result.stderr
    assert out.read_text(encoding="utf-8") == "precious"
    assert run("import", str(GIFT), "--out", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8") != "precious"


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path):
    huge = tmp_path / "huge.gift"
    with huge.open("wb") as handle:  # a sparse gigabyte: nothing is read to refuse it
        handle.truncate(1024 * 1024 * 1024)
    out = tmp_path / "out.yaml"
    result = run("import", str(huge), "--out", str(out))
    assert result.exit_code == 1
    assert "over the limit of 268,435,456" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_file_not_in_the_format_it_claims_says_which_it_looks_like(tmp_path: Path):
    out = tmp_path / "out.yaml"
    result = run("import", str(GIFT), "--from", "moodle-xml", "--out", str(out))
    assert result.exit_code == 1
    assert "not well-formed XML" in result.stderr
    assert "it looks like gift: try --from gift" in result.stderr
    assert not out.exists()


def test_a_format_that_cannot_be_guessed_is_asked_for(tmp_path: Path):
    source = write_source(tmp_path, "notes.txt", "Just some notes.\nNothing else.\n")
    result = run("import", str(source), "--out", str(tmp_path / "out.yaml"))
    assert result.exit_code == 1
    assert "cannot tell the file's format" in result.stderr


def test_mixed_encodings_are_refused_at_their_line(tmp_path: Path):
    raw = "::A:: caf\u00e9? {=yes ~no}\n\n".encode() + "::B:: caf\u00e9? {=yes ~no}\n".encode(
        "latin-1"
    )
    source = write_source(tmp_path, "mixed.gift", raw)
    result = run("import", str(source), "--out", str(tmp_path / "out.yaml"))
    assert result.exit_code == 1
    assert f"{source}:3: not UTF-8: byte 0xe9" in result.stderr
    assert not (tmp_path / "out.yaml").exists()


def test_an_interrupted_write_leaves_the_old_bank(tmp_path: Path, monkeypatch):
    out = tmp_path / "bank.yaml"
    out.write_text("precious", encoding="utf-8")

    def fail(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = run("import", str(GIFT), "--out", str(out), "--force")
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert out.read_text(encoding="utf-8") == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["bank.yaml"]


def test_export_writes_the_file_and_lists_what_moodle_has_no_place_for(tmp_path: Path):
    for target, name in (("gift", "quiz.gift.txt"), ("moodle-xml", "quiz.xml")):
        out = tmp_path / name
        result = run("export", str(FASTAPI_BANK), "--to", target, "--out", str(out))
        assert result.exit_code == 0, result.output
        assert "5 questions" in result.stdout
        assert "left out: `note` of 4 questions" in result.stderr
        assert out.stat().st_size > 0


def test_export_of_an_invalid_bank_writes_nothing(tmp_path: Path):
    bank = write_source(tmp_path, "bad.yaml", "deck:\n  id: x\n")
    out = tmp_path / "out.xml"
    result = run("export", str(bank), "--to", "moodle-xml", "--out", str(out))
    assert result.exit_code == 1
    assert not out.exists()


def test_the_command_line_offers_every_format_the_library_reads():
    from generator.cli.convert import IMPORT_FORMATS
    from generator.convert.importing import FORMATS

    assert IMPORT_FORMATS == FORMATS
    assert "moodle-xml" in run("import", "--help").stdout
