"""The .apkg: same input, same bytes; a failed build leaves the old package alone."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from generator import package as package_module
from generator.build import BuildError, build_bank


def test_rebuilding_unchanged_content_gives_identical_bytes(fastapi_bank: Path, tmp_path: Path):
    first = build_bank(fastapi_bank, tmp_path / "one", clock=lambda: 1_700_000_000).package
    # A later clock must not matter: nothing changed.
    second = build_bank(fastapi_bank, tmp_path / "two", clock=lambda: 1_700_009_999).package
    assert first.read_bytes() == second.read_bytes()


def test_zip_entries_have_fixed_dates(fastapi_bank: Path, tmp_path: Path):
    package = build_bank(fastapi_bank, tmp_path / "dist").package
    with zipfile.ZipFile(package) as archive:
        assert [info.filename for info in archive.infolist()] == ["collection.anki2", "media"]
        assert {info.date_time for info in archive.infolist()} == {package_module.ZIP_DATE}
        assert archive.testzip() is None


def test_a_build_that_fails_while_writing_leaves_the_previous_package(
    fastapi_bank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    dist = tmp_path / "dist"
    package = build_bank(fastapi_bank, dist).package
    before = package.read_bytes()
    lock = fastapi_bank.with_name("fastapi-developer-interview.lock.json")
    lock_before = lock.read_bytes()
    fastapi_bank.write_text(fastapi_bank.read_text().replace("Always mention", "Mention"))

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(package_module, "_add_bytes", disk_full)
    with pytest.raises(BuildError, match="No space left on device"):
        build_bank(fastapi_bank, dist)

    assert package.read_bytes() == before
    assert lock.read_bytes() == lock_before
    assert sorted(p.name for p in dist.iterdir()) == [package.name]


def test_a_database_error_while_writing_is_a_build_error(
    fastapi_bank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import sqlite3

    import genanki

    def disk_io_error(*_args, **_kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(genanki.Package, "write_to_db", disk_io_error)
    with pytest.raises(BuildError, match="disk I/O error"):
        build_bank(fastapi_bank, tmp_path / "dist")
    assert not fastapi_bank.with_name("fastapi-developer-interview.lock.json").exists()
