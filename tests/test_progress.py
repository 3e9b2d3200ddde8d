"""Build progress: the library reports it, the CLI draws it only on a terminal, after a second."""

from __future__ import annotations

import io
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import cli
from generator.build import build_bank

BANK = Path(__file__).resolve().parent.parent / "decks" / "fastapi-developer-interview.yaml"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    return Path(shutil.copy(BANK, tmp_path / BANK.name))


def test_build_reports_loaded_each_rendered_question_then_written(bank: Path) -> None:
    calls: list[tuple[int, int]] = []

    build_bank(bank, bank.parent / "dist", progress=lambda done, total: calls.append((done, total)))

    assert calls == [(5, 15), (6, 15), (7, 15), (8, 15), (9, 15), (10, 15), (15, 15)]


def test_no_bar_when_stderr_is_not_a_terminal(bank: Path) -> None:
    result = CliRunner().invoke(cli.cli, ["build", str(bank), "--out", str(bank.parent / "d")])

    assert result.exit_code == 0, result.output
    assert "Building" not in result.output
    assert "5 notes" in result.output


def test_bar_appears_on_a_terminal_once_a_second_has_passed(monkeypatch) -> None:
    terminal = Terminal()
    clock = [100.0]
    monkeypatch.setattr(cli.sys, "stderr", terminal)
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])

    with cli._progress_bar("Building big.yaml") as progress:
        assert progress is not None
        progress(100, 300)
        clock[0] += 0.5
        progress(150, 300)
        assert terminal.getvalue() == ""  # a quick build never shows a bar
        clock[0] += 0.6
        progress(200, 300)
        progress(300, 300)

    drawn = terminal.getvalue()
    assert "Building big.yaml" in drawn
    assert "66%" in drawn
    assert "100%" in drawn


def test_no_bar_callback_when_stderr_is_not_a_terminal(monkeypatch) -> None:
    monkeypatch.setattr(cli.sys, "stderr", io.StringIO())

    with cli._progress_bar("Building big.yaml") as progress:
        assert progress is None
