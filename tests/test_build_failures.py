"""Builds that cannot finish: the package and its lock stay in agreement, and say why.

Each case checks the exit code, the exact message, that no traceback is
printed and that no file was written or changed. Cases that need a file
system set-up (a read-only folder, a full disk) mount a small tmpfs where the
test may (root), and skip with the reason where it cannot.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.atomic import SCRATCH_PREFIX
from generator.cli import cli
from generator.lock import read_lock
from tests.anki_client import AnkiClient
from tests.authoring_support import bank_text, question, write_bank
from tests.conftest import REPO

BANK_NAME = "fastapi-developer-interview"


def run(*arguments: str, stdin: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *arguments],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        stdin=stdin,
    )


def snapshot(*folders: Path) -> dict[Path, bytes]:
    return {
        path: path.read_bytes()
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file()
    }


def edit(bank: Path, marker: str) -> None:
    bank.write_text(
        bank.read_text(encoding="utf-8").replace("Always mention", f"{marker}: always mention"),
        encoding="utf-8",
    )


def assert_package_matches_lock(package: Path, lock_path: Path, scratch: Path) -> None:
    """What the real importer reads from the package is what the lock says, note by note."""
    lock = read_lock(lock_path)
    anki = AnkiClient(scratch / "learner" / "collection.anki2")
    try:
        anki.import_package(package)
        notes = {note["Id"].split("/", 1)[1]: note.mod for note in anki.notes()}
    finally:
        anki.close()
    assert notes == {key: stamp.changed for key, stamp in lock.notes.items()}


def can_mount() -> str | None:
    """None if this test may mount a tmpfs, else why not."""
    if os.geteuid() != 0:
        return "mounting a small tmpfs needs root"
    with tempfile.TemporaryDirectory() as probe:
        tried = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe], capture_output=True
        )
        if tried.returncode != 0:
            return f"mount is not permitted here: {tried.stderr.decode().strip()}"
        subprocess.run(["umount", probe], check=True)
    return None


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    reason = can_mount()
    if reason is not None:
        # Also in CI: an unprivileged container cannot mount, and no other way makes a
        # disk full without filling the machine's own.
        pytest.skip(f"cannot make a small full disk: {reason}")
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def fill(folder: Path) -> Path:
    """Fill the file system of `folder` to the last byte; the filler file is returned."""
    filler = folder / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while os.write(descriptor, b"\0" * size):
                    pass
    finally:
        os.close(descriptor)
    return filler


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` read-only: by its mode for a normal user, by a read-only remount for root."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    reason = can_mount()
    if reason is not None:
        pytest.skip(f"running as root, which ignores a folder's mode, and {reason}")
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_lock_that_cannot_be_written_leaves_both_files_as_they_were(
    fastapi_bank: Path, tmp_path: Path
):
    out = tmp_path / "dist"
    assert run("build", str(fastapi_bank), "--out", str(out)).returncode == 0
    edit(fastapi_bank, "Edited")
    before = snapshot(fastapi_bank.parent, out)
    lock_path = fastapi_bank.with_name(f"{BANK_NAME}.lock.json")

    with read_only(fastapi_bank.parent):
        result = run("build", str(fastapi_bank), "--out", str(out))

    assert result.returncode == 1
    assert result.stderr == f"error: cannot write {lock_path}: Read-only file system\n" or (
        result.stderr == f"error: cannot write {lock_path}: Permission denied\n"
    )
    assert snapshot(fastapi_bank.parent, out) == before
    # The package is older than the edited bank, so the next build (and make) runs again.
    again = run("build", str(fastapi_bank), "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert_package_matches_lock(out / f"{BANK_NAME}.apkg", lock_path, tmp_path)


def test_a_full_disk_under_the_package_leaves_the_lock_as_it_was(
    fastapi_bank: Path, tmp_path: Path
):
    with tmpfs(tmp_path / "small", "256k") as out:
        assert run("build", str(fastapi_bank), "--out", str(out)).returncode == 0
        edit(fastapi_bank, "Full")
        filler = fill(out)
        before = snapshot(fastapi_bank.parent, out)

        result = run("build", str(fastapi_bank), "--out", str(out))

        assert result.returncode == 1
        package = out / f"{BANK_NAME}.apkg"
        assert result.stderr == f"error: cannot write {package}: No space left on device\n"
        assert snapshot(fastapi_bank.parent, out) == before
        filler.unlink()
        assert run("build", str(fastapi_bank), "--out", str(out)).returncode == 0
        lock_path = fastapi_bank.with_name(f"{BANK_NAME}.lock.json")
        assert_package_matches_lock(package, lock_path, tmp_path)


def test_a_full_disk_under_the_lock_leaves_the_package_as_it_was(tmp_path: Path):
    out = tmp_path / "dist"
    with tmpfs(tmp_path / "decks", "256k") as decks:
        bank = decks / f"{BANK_NAME}.yaml"
        shutil.copy(REPO / "decks" / bank.name, bank)
        assert run("build", str(bank), "--out", str(out)).returncode == 0
        edit(bank, "Full")
        filler = fill(decks)
        before = snapshot(decks, out)

        result = run("build", str(bank), "--out", str(out))

        assert result.returncode == 1
        lock_path = decks / f"{BANK_NAME}.lock.json"
        assert result.stderr == f"error: cannot write {lock_path}: No space left on device\n"
        assert snapshot(decks, out) == before
        filler.unlink()


def test_concurrent_builds_of_an_edited_bank_leave_a_package_that_agrees_with_its_lock(
    fastapi_bank: Path, tmp_path: Path
):
    out = tmp_path / "dist"
    assert run("build", str(fastapi_bank), "--out", str(out)).returncode == 0
    lock_path = fastapi_bank.with_name(f"{BANK_NAME}.lock.json")
    for round_number in range(3):
        edit(fastapi_bank, f"Round {round_number}")
        builds = [
            subprocess.Popen(
                [sys.executable, "-m", "generator", "build", str(fastapi_bank), "--out", str(out)],
                cwd=REPO,
                env={**os.environ, "PYTHONPATH": str(REPO)},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for _ in range(3)
        ]
        assert [build.wait(timeout=120) for build in builds] == [0, 0, 0]
        package = out / f"{BANK_NAME}.apkg"
        assert_package_matches_lock(package, lock_path, tmp_path / str(round_number))


@pytest.mark.parametrize(
    ("changed", "why"),
    [
        (
            4_000_000_000,
            "lock file value `notes.async-await.changed` is 4000000000 (2096-10-02 07:06 UTC), "
            "later than this build's clock allows (",
        ),
        (10**40, "lock file holds a number 41 digits long, longer than any time a lock holds"),
    ],
)
def test_a_lock_time_out_of_range_is_a_clear_error_and_nothing_is_written(
    fastapi_bank: Path, tmp_path: Path, changed: int, why: str
):
    out = tmp_path / "dist"
    assert run("build", str(fastapi_bank), "--out", str(out)).returncode == 0
    lock_path = fastapi_bank.with_name(f"{BANK_NAME}.lock.json")
    document = json.loads(lock_path.read_text())
    document["notes"]["async-await"]["changed"] = changed
    lock_path.write_text(json.dumps(document, indent=2))
    edit(fastapi_bank, "Edited")
    before = snapshot(fastapi_bank.parent, out)

    result = run("build", str(fastapi_bank), "--out", str(out))

    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    place = lock_path.read_text().index('"changed": ' + str(changed))
    line_number = lock_path.read_text().count("\n", 0, place) + 1
    assert line.startswith(f"error: {lock_path}:{line_number}:")
    assert why in line
    assert snapshot(fastapi_bank.parent, out) == before


def test_a_bank_that_is_not_a_regular_file_is_refused_before_it_is_read(tmp_path: Path):
    pipe = tmp_path / "bank.yaml"
    os.mkfifo(pipe)
    out = tmp_path / "dist"
    # Were the pipe opened, the build would wait forever for a writer.
    result = run("build", str(pipe), "--out", str(out))
    assert result.returncode == 1
    assert result.stderr == (
        f"error: {pipe}: not a regular file (a device, a pipe or the like), so its lock file "
        "could not be kept beside it; save the bank to a file and build that\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bank.yaml"]

    with (REPO / "decks" / f"{BANK_NAME}.yaml").open() as stdin:
        from_stdin = run("build", "/dev/stdin", "--out", str(out), stdin=stdin.fileno())
    assert from_stdin.returncode == 1
    assert from_stdin.stderr == (
        "error: /dev/stdin: its lock file would be written in /dev, among the system's devices "
        "and processes; save the bank to a file and build that\n"
    )
    assert not Path("/dev/stdin.lock.json").exists()
    assert not out.exists()


def test_max_mb_bounds_what_is_read_from_a_device():
    code = (
        "import resource, sys;"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30));"
        "from generator.cli import main;"
        "sys.argv = ['generator', 'check', '--max-mb', '1', '/dev/zero']; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 1
    assert result.stderr == (
        "/dev/zero:1:1: bank: file is over the limit of 1,048,576 bytes (read that much and "
        "stopped; raise it with --max-mb)\n1 problem found\n"
    )


@pytest.mark.parametrize("max_mb", ["4096", "100000000", "10000000000000"])
def test_a_generous_max_mb_reads_a_small_bank_without_allocating_the_limit(max_mb: str):
    """`--max-mb` is a bound, not a buffer size: one read of the whole limit was a
    MemoryError (or an OverflowError) traceback."""
    code = (
        "import resource, sys;"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30));"
        "from generator.cli import main;"
        f"sys.argv = ['generator', 'check', '--max-mb', '{max_mb}', '{BANK_NAME}.yaml']; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO / "decks",
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{BANK_NAME}.yaml: ok, 5 questions")


def test_scratch_folders_of_dead_builds_are_swept_and_live_ones_kept(
    fastapi_bank: Path, tmp_path: Path
):
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    temporary = Path(tempfile.gettempdir())
    dead = temporary / f"{SCRATCH_PREFIX}{finished.pid}-leftover"
    live = temporary / f"{SCRATCH_PREFIX}{os.getpid()}-in-use"
    for folder in (dead, live):
        folder.mkdir()
        (folder / "collection.anki2").write_bytes(b"half a collection")
    try:
        result = CliRunner().invoke(cli, ["build", str(fastapi_bank), "--out", str(tmp_path)])
        assert result.exit_code == 0, result.output
        assert not dead.exists()
        assert (live / "collection.anki2").exists()
    finally:
        shutil.rmtree(dead, ignore_errors=True)
        shutil.rmtree(live, ignore_errors=True)


def test_decks_whose_names_anki_would_merge_are_a_clash_naming_both_files(tmp_path: Path):
    decks = tmp_path / "decks"
    first = write_bank(
        decks, "first", bank_text({"id": "first", "name": "Interviews"}, [question("a")])
    )
    second = write_bank(
        decks, "second", bank_text({"id": "second", "name": "INTERVIEWS"}, [question("a")])
    )
    out = tmp_path / "dist"

    result = CliRunner().invoke(cli, ["build", str(first), str(second), "--out", str(out)])

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{second}:4:9: deck: deck name 'INTERVIEWS' is, to Anki, the deck 'Interviews' of "
        f"{first}:4:9 (Anki matches deck names ignoring case): importing both would merge "
        "them into one deck; give each bank its own `deck.name`",
        "1 problem found",
    ]
    assert not out.exists()
    assert sorted(p.name for p in decks.iterdir()) == ["first.yaml", "second.yaml"]


def test_a_package_that_cannot_be_put_in_place_puts_the_old_lock_back(
    fastapi_bank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The lock goes in place just before the package; if the package then fails, the
    lock is put back, so neither is left newer than the other."""
    from generator import atomic

    out = tmp_path / "dist"
    assert CliRunner().invoke(cli, ["build", str(fastapi_bank), "--out", str(out)]).exit_code == 0
    edit(fastapi_bank, "Edited")
    before = snapshot(fastapi_bank.parent, out)
    package = out / f"{BANK_NAME}.apkg"
    real_replace = os.replace
    targets: list[Path] = []

    def replace(source, target):
        targets.append(Path(target))
        if Path(target) == package:
            raise OSError(5, "Input/output error", str(source))
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", replace)
    result = CliRunner().invoke(cli, ["build", str(fastapi_bank), "--out", str(out)])

    assert result.exit_code == 1
    assert result.stderr == f"error: cannot write {package}: Input/output error\n"
    lock_path = fastapi_bank.with_name(f"{BANK_NAME}.lock.json")
    assert targets == [lock_path, package, lock_path]  # in place, then put back
    assert snapshot(fastapi_bank.parent, out) == before


def test_a_lock_that_cannot_be_put_back_is_named_with_no_traceback(
    fastapi_bank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """With the disk full, putting the old lock back can fail too: both files are named,
    and the lock, newer than the package, makes the next build redo both."""
    from generator import atomic

    out = tmp_path / "dist"
    assert CliRunner().invoke(cli, ["build", str(fastapi_bank), "--out", str(out)]).exit_code == 0
    edit(fastapi_bank, "Edited")
    package = out / f"{BANK_NAME}.apkg"
    lock_path = fastapi_bank.with_name(f"{BANK_NAME}.lock.json")
    real_replace = os.replace
    placed: list[Path] = []

    def replace(source, target):
        if Path(target) == package or (Path(target) == lock_path and placed):
            raise OSError(28, "No space left on device", str(source))
        placed.append(Path(target))
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", replace)
    result = CliRunner().invoke(cli, ["build", str(fastapi_bank), "--out", str(out)])

    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr == (
        f"error: cannot write {package}: No space left on device; and {lock_path} could not "
        "be put back as it was (No space left on device): the next build rewrites it\n"
    )
    assert lock_path.stat().st_mtime > package.stat().st_mtime
