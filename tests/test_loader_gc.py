"""Loading pauses Python's cycle collector (for speed) and always puts it back as it was."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

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
