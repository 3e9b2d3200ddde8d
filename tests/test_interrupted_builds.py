"""Killed, concurrent and oddly named builds: the package and lock are always whole."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.lock import read_lock
from tests.anki_client import AnkiClient
from tests.conftest import REPO

KILL_ROUNDS = 20
KILL_LOOP_SECONDS = 90


def start_build(bank: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", str(bank), "--out", str(out)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def assert_whole_package(package: Path, notes: int, scratch: Path) -> None:
    with zipfile.ZipFile(package) as archive:
        assert archive.testzip() is None
        collection = scratch / "collection.anki2"
        collection.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(collection)
    try:
        assert connection.execute("pragma integrity_check").fetchone() == ("ok",)
        assert connection.execute("select count(*) from notes").fetchone() == (notes,)
    finally:
        connection.close()


def test_killing_builds_at_random_moments_leaves_the_package_and_lock_whole(
    fastapi_bank: Path, tmp_path: Path, anki: AnkiClient
):
    out = tmp_path / "dist"
    started = time.monotonic()
    first = start_build(fastapi_bank, out)
    assert first.wait(timeout=60) == 0, first.stderr.read()
    one_build = time.monotonic() - started
    package = out / "fastapi-developer-interview.apkg"
    lock_path = fastapi_bank.with_name("fastapi-developer-interview.lock.json")
    original = fastapi_bank.read_text(encoding="utf-8")
    rng = random.Random(20261125)

    deadline = time.monotonic() + KILL_LOOP_SECONDS
    for round_number in range(KILL_ROUNDS):
        if time.monotonic() > deadline:
            break
        # Every round has real work to do: the content changes each time.
        edited = original.replace("Always mention", f"Round {round_number}: always mention")
        fastapi_bank.write_text(edited, encoding="utf-8")
        build = start_build(fastapi_bank, out)
        time.sleep(rng.uniform(0, one_build * 1.2))
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=60)

        assert_whole_package(package, 5, tmp_path)
        assert len(read_lock(lock_path).notes) == 5

    final = start_build(fastapi_bank, out)
    assert final.wait(timeout=60) == 0
    assert sorted(p.name for p in out.iterdir()) == [package.name]  # leftovers swept
    assert anki.import_package(package).new == 5


def test_concurrent_builds_never_corrupt_the_package(fastapi_bank: Path, tmp_path: Path):
    out = tmp_path / "dist"
    serial = start_build(fastapi_bank, out)
    assert serial.wait(timeout=60) == 0
    package = out / "fastapi-developer-interview.apkg"
    expected = package.read_bytes()

    for _ in range(3):
        builds = [start_build(fastapi_bank, out) for _ in range(2)]
        assert [build.wait(timeout=60) for build in builds] == [0, 0]
        assert package.read_bytes() == expected
    assert sorted(p.name for p in out.iterdir()) == [package.name]


def test_a_missing_output_directory_is_created(fastapi_bank: Path, tmp_path: Path):
    out = tmp_path / "new" / "nested" / "dist"
    result = CliRunner().invoke(cli, ["build", str(fastapi_bank), "--out", str(out)])
    assert result.exit_code == 0
    assert (out / "fastapi-developer-interview.apkg").is_file()


def test_an_unwritable_output_directory_is_a_clear_error(fastapi_bank: Path, tmp_path: Path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the output directory should be")
    result = CliRunner().invoke(cli, ["build", str(fastapi_bank), "--out", str(blocker / "dist")])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("error: cannot write")
    assert str(blocker) in result.stderr


def test_odd_bank_names_cannot_write_outside_the_output_directory(write_bank, tmp_path: Path):
    text = (REPO / "tests" / "good_banks" / "crlf-line-endings.yaml").read_text()
    names = ["..yaml", "...yaml", "-rf.yaml", "name with spaces.yaml", "ünï cödé.yaml", "a\nb.yaml"]
    banks = [
        write_bank(
            text.replace("id: crlf", f"id: deck-{number}").replace("CRLF", f"CRLF {number}"),
            name,
        )
        for number, name in enumerate(names)
    ]
    out = tmp_path / "out" / "dist"

    result = CliRunner().invoke(cli, ["build", "--out", str(out), "--", *map(str, banks)])

    assert result.exit_code == 0, result.output
    packages = sorted(p.name for p in out.iterdir())
    assert packages == sorted(f"{bank.stem}.apkg" for bank in banks)
    everything = {p for p in tmp_path.rglob("*") if p.is_file()}
    beside = {b.with_name(f"{b.stem}.lock.json") for b in banks}
    beside |= {b.with_name(f".{b.stem}.lock.json.build") for b in banks}  # advisory build locks
    written = everything - set(banks) - beside
    assert {p.parent for p in written} == {out}
