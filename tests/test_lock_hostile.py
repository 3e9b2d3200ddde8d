"""The lock file read as input: whatever it holds, a build refuses it with a message at its
line, or writes a package the real Anki imports; it never hangs, reads without end, prints
a terminal's escape sequences, or takes another deck's notes for its own."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import BuildError, build_bank
from generator.cli import cli
from generator.lock import LockError, lock_path_for, read_lock
from tests.anki_client import AnkiClient
from tests.authoring_support import bank_text, question, write_bank

NOW = 1_800_000_000


def _bank(folder: Path, deck_id: str = "deck") -> Path:
    return write_bank(folder, "bank", bank_text({"id": deck_id, "name": "Deck"}, [question("a")]))


def _lock(removed_id: str = "gone", text: str = "What was it?", deck: str = "deck") -> str:
    notes = {
        removed_id: {"changed": NOW, "hash": "ab12", "question": text, "removed": False},
    }
    document = {
        "version": 1,
        "created": NOW,
        "deck": deck,
        "note_type": {"changed": NOW, "hash": "cd34"},
        "notes": notes,
    }
    return json.dumps(document, indent=2, sort_keys=True)


def _refusal(lock_text: str | bytes, tmp_path: Path) -> str:
    bank = _bank(tmp_path)
    lock = lock_path_for(bank)
    lock.write_bytes(lock_text if isinstance(lock_text, bytes) else lock_text.encode())
    with pytest.raises(BuildError) as error:
        build_bank(bank, tmp_path / "dist", clock=lambda: NOW)
    assert not (tmp_path / "dist").exists()
    return str(error.value).removeprefix(f"{lock}:")


@pytest.mark.parametrize(
    ("lock_text", "expected"),
    [
        (
            _lock(text="split\x1ffield"),
            "12:7: lock file value `notes.gone.question` contains U+001F, the character Anki "
            "separates fields with (the deck would not import); remove it (or restore the file)",
        ),
        (
            _lock(text="half \ud800 a pair"),
            "12:7: lock file value `notes.gone.question` contains U+D800, half of a surrogate "
            "pair, which is not a character; remove it (or restore the file)",
        ),
        (_lock(removed_id="a\x1fb"), "9:5: lock file note id 'a\\x1fb' is not a question id"),
        (
            _lock(removed_id="\x1b[2J\x1b]0;pwned\x07"),
            "9:5: lock file note id '\\x1b[2J\\x1b]0;pwned\\x07' is not a question id",
        ),
        (
            _lock(deck="other"),
            "3:3: lock file is the lock of the deck `other`, not of this bank's deck `deck`: "
            "its notes are not this deck's; restore the bank's own lock from version control, "
            "or delete this one to stamp every note anew",
        ),
        (
            _lock().replace(str(NOW), "0x10", 1),
            "2:15: lock file is not JSON: Expecting ',' delimiter",
        ),
        (
            _lock().replace(str(NOW), "NaN", 1),
            "2:14: lock file holds `NaN`, which no lock file value is",
        ),
        (
            _lock().replace(str(NOW), "1" * 5000, 1),
            "2:14: lock file holds a number 5,000 digits long, longer than any time a lock holds",
        ),
        (
            '{"version": 1, "version": 1}',
            '1:16: lock file has the key "version" twice in one place',
        ),
        ("[" * 100_000, "1:1: lock file is nested far deeper than a lock file is"),
        (b"\xff{}", "1:1: lock file is not UTF-8 text (byte 0xff)"),
    ],
)
def test_a_hostile_lock_is_refused_at_its_line(tmp_path: Path, lock_text: str, expected: str):
    assert _refusal(lock_text, tmp_path) == expected


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_a_lock_that_is_not_a_regular_file_is_not_read(tmp_path: Path, kind: str):
    bank = _bank(tmp_path)
    lock = lock_path_for(bank)
    if kind == "fifo":
        os.mkfifo(lock)
    elif kind == "dev-zero":
        lock.symlink_to("/dev/zero")
    else:
        lock.mkdir()
    with pytest.raises(LockError, match=r":1:1: lock file is not a regular file \(a pipe"):
        read_lock(lock)


def test_a_lock_over_the_size_limit_is_not_read(tmp_path: Path):
    lock = tmp_path / "bank.lock.json"
    lock.write_text(" " * 2000 + _lock())
    with pytest.raises(LockError, match=r"lock file is 2,\d+ bytes, over the limit of 1,000"):
        read_lock(lock, max_bytes=1000)


def test_the_messages_of_a_lock_are_printed_escaped(tmp_path: Path):
    bank = _bank(tmp_path)
    lock_path_for(bank).write_text(_lock(removed_id="\x1b[2Jx"))
    result = CliRunner().invoke(cli, ["build", str(bank), "--out", str(tmp_path / "dist")])
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\\x1b[2Jx" in result.stderr


def test_a_build_names_its_deck_in_the_lock_and_refuses_another_decks_lock(tmp_path: Path):
    first, second = tmp_path / "first", tmp_path / "second"
    build_bank(_bank(first, "first"), first / "dist", clock=lambda: NOW)
    lock = json.loads(lock_path_for(first / "bank.yaml").read_text())
    assert lock["deck"] == "first"
    _bank(second, "second")
    lock_path_for(second / "bank.yaml").write_text(json.dumps(lock))
    with pytest.raises(BuildError, match="is the lock of the deck `first`"):
        build_bank(second / "bank.yaml", second / "dist", clock=lambda: NOW)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    removed_id=st.one_of(st.just("gone"), st.text(max_size=8)),
    text=st.text(min_size=1, max_size=40),
)
def test_whatever_a_lock_holds_the_package_anki_gets_imports_whole(removed_id: str, text: str):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        bank = _bank(folder)
        lock_path_for(bank).write_text(
            _lock(removed_id, text), encoding="utf-8", errors="surrogatepass"
        )
        try:
            result = build_bank(bank, folder / "dist", clock=lambda: NOW)
        except BuildError:
            assert not (folder / "dist").exists()
            return
        anki = AnkiClient(folder / "collection.anki2")
        try:
            counts = anki.import_package(result.package)
            assert counts.new == 2, counts
            assert len(anki.notes("tag:bank::removed")) == 1
        finally:
            anki.close()
