"""The cycle collector is paused once, where the command line starts, and nowhere else:
the library leaves it as its caller set it."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

from generator import build as build_module
from generator import cli, pipeline


def test_the_command_line_runs_with_the_collector_paused(
    fastapi_bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = []
    original = pipeline.check_banks

    def check_banks(*args, **kwargs):
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(pipeline, "check_banks", check_banks)
    monkeypatch.setattr(sys, "argv", ["mcq-anki", "check", str(fastapi_bank)])
    try:
        with pytest.raises(SystemExit) as exit_:
            cli.main()
    finally:
        gc.enable()

    assert exit_.value.code == 0
    assert seen == [False]


def test_the_library_leaves_the_collector_as_it_is(
    fastapi_bank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = []
    for stage in ("render_bank", "write_package"):
        original = getattr(build_module, stage)

        def spy(*args, _original=original, **kwargs):
            seen.append(gc.isenabled())
            return _original(*args, **kwargs)

        monkeypatch.setattr(build_module, stage, spy)

    pipeline.build_banks([fastapi_bank], tmp_path / "dist")

    assert seen == [True, True]
