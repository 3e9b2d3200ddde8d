"""Build progress: the library reports it, the CLI draws it only on a terminal, after a second."""

from __future__ import annotations

import io
import time
from pathlib import Path

from click.testing import CliRunner

from generator.build import build_bank
from generator.cli import cli, report


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_build_reports_each_rendered_question_then_the_package_written(
    fastapi_bank: Path,
) -> None:
    calls: list[tuple[int, int]] = []

    build_bank(
        fastapi_bank,
        fastapi_bank.parent / "dist",
        progress=lambda done, total: calls.append((done, total)),
    )

    assert calls == [(1, 10), (2, 10), (3, 10), (4, 10), (5, 10), (10, 10)]


def test_no_bar_when_stderr_is_not_a_terminal(fastapi_bank: Path) -> None:
    out = fastapi_bank.parent / "dist"
    result = CliRunner().invoke(cli, ["build", str(fastapi_bank), "--out", str(out)])

    assert result.exit_code == 0, result.output
    assert "Building" not in result.output
    assert "5 notes" in result.output


def test_bar_appears_on_a_terminal_once_a_second_has_passed(monkeypatch) -> None:
    terminal = Terminal()
    clock = [100.0]
    monkeypatch.setattr(report.sys, "stderr", terminal)
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])

    with report.progress_bar("Building big.yaml") as progress:
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
    monkeypatch.setattr(report.sys, "stderr", io.StringIO())

    with report.progress_bar("Building big.yaml") as progress:
        assert progress is None
