"""Loading, the item-writing checks and a build pause Python's cycle collector (for speed),
and always put it back as it was."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from generator import build as build_module
from generator import itemwriting
from generator.build import build_bank
from generator.loader import BankError, load_bank


def test_collector_is_off_while_loading_and_on_again_after(
    fastapi_bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = []
    original = Path.open

    def open_file(path: Path, *args, **kwargs):
        seen.append(gc.isenabled())
        return original(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_file)

    load_bank(fastapi_bank)

    assert seen == [False]
    assert gc.isenabled()


def test_collector_is_on_again_after_a_bad_bank(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("deck: [unclosed\n", encoding="utf-8")

    with pytest.raises(BankError):
        load_bank(bad)

    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off(fastapi_bank: Path) -> None:
    gc.disable()
    try:
        load_bank(fastapi_bank)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_build_renders_and_writes_with_the_collector_paused(
    fastapi_bank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = []
    for stage in ("render_bank", "write_package"):
        original = getattr(build_module, stage)

        def spy(*args, _original=original, **kwargs):
            seen.append(gc.isenabled())
            return _original(*args, **kwargs)

        monkeypatch.setattr(build_module, stage, spy)

    build_bank(fastapi_bank, tmp_path / "dist")

    assert seen == [False, False]
    assert gc.isenabled()


def test_the_item_writing_checks_run_with_the_collector_paused(
    fastapi_bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = load_bank(fastapi_bank)
    seen = set()
    original = itemwriting.fold

    def fold(text: str) -> str:
        seen.add(gc.isenabled())
        return original(text)

    monkeypatch.setattr(itemwriting, "fold", fold)

    itemwriting.find_flaws(bank)

    assert seen == {False}
    assert gc.isenabled()
