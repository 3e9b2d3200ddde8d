"""`watch`: a save rebuilds the deck and its preview (and, with --push, Anki's copy).

The watch loop is tested in a thread with a rebuild that only records its
calls; the command in a process of its own, stopped with Ctrl-C (SIGINT).
Every wait is bounded.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import pytest

from generator.lock import lock_path_for
from generator.watch import watch_banks
from tests.anki_client import AnkiClient
from tests.ankiconnect_standin import running_standin
from tests.conftest import REPO

WAIT_S = 20.0
QUIET_S = 0.6
"""Longer than a burst's grouping and a build: no build starts after this much quiet."""


def wait_for(check: Callable[[], object], what: str, timeout: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


class Recorder:
    """A rebuild that writes the lock as a build does, and records which banks it was given."""

    def __init__(self, media: Iterable[Path] = ()):
        self.calls: list[list[Path]] = []
        self.media = list(media)

    def __call__(self, banks: Sequence[Path]) -> dict[Path, Iterable[Path]]:
        self.calls.append(list(banks))
        for bank in banks:
            lock_path_for(bank).write_text(f"build {len(self.calls)}\n")
        return {bank: self.media for bank in banks}


@pytest.fixture
def watching(tmp_path: Path) -> Iterator[Callable[..., Recorder]]:
    """Start watch_banks in a thread; it stops when the test ends."""
    stop = threading.Event()
    threads = []

    def start(banks: list[Path], recorder: Recorder) -> Recorder:
        ready = threading.Event()
        thread = threading.Thread(
            target=watch_banks,
            args=(banks, recorder),
            kwargs={"stop_event": stop, "on_watching": ready.set},
            daemon=True,
        )
        thread.start()
        threads.append(thread)
        assert ready.wait(WAIT_S)
        return recorder

    yield start
    stop.set()
    for thread in threads:
        thread.join(WAIT_S)
        assert not thread.is_alive()


def a_bank(tmp_path: Path, name: str = "bank.yaml") -> Path:
    bank = tmp_path / "decks" / name
    bank.parent.mkdir(exist_ok=True)
    bank.write_text("first\n")
    return bank.resolve()


def test_a_burst_of_saves_makes_one_build_and_its_own_lock_write_none(tmp_path, watching):
    bank = a_bank(tmp_path)
    recorder = watching([bank], Recorder())
    assert recorder.calls == [[bank]]

    for number in range(5):  # As an editor's "save all" or a formatter after a save.
        bank.write_text(f"save {number}\n")
    wait_for(lambda: len(recorder.calls) == 2, "the build after the saves")
    time.sleep(QUIET_S)
    assert recorder.calls == [[bank], [bank]]


def test_only_the_changed_bank_is_reported(tmp_path, watching):
    first, second = a_bank(tmp_path, "a.yaml"), a_bank(tmp_path, "b.yaml")
    recorder = watching([first, second], Recorder())
    second.write_text("changed\n")
    wait_for(lambda: len(recorder.calls) == 2, "the build")
    assert recorder.calls[1] == [second]


def test_a_save_that_replaces_the_file_is_seen(tmp_path, watching):
    bank = a_bank(tmp_path)
    recorder = watching([bank], Recorder())
    replacement = bank.with_name(".bank.yaml.swp")
    replacement.write_text("saved as editors do\n")
    os.replace(replacement, bank)
    wait_for(lambda: len(recorder.calls) == 2, "the build")


def test_a_change_to_the_lock_or_to_a_picture_rebuilds(tmp_path, watching):
    bank = a_bank(tmp_path)
    picture = tmp_path / "pictures" / "diagram.png"
    picture.parent.mkdir()
    picture.write_bytes(b"one")
    recorder = watching([bank], Recorder(media=[picture]))

    picture.write_bytes(b"two")
    wait_for(lambda: lock_path_for(bank).read_text() == "build 2\n", "the picture's build")
    lock_path_for(bank).write_text("checked out from git\n")
    wait_for(lambda: len(recorder.calls) == 3, "the build after the lock changed")
    (tmp_path / "decks" / "unrelated.txt").write_text("x")
    time.sleep(QUIET_S)
    assert len(recorder.calls) == 3


# The command, in a process of its own.


class WatchProcess:
    def __init__(self, tmp_path: Path, *args: str):
        self.log = tmp_path / "watch.out"
        self.err = tmp_path / "watch.err"
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "watch", *args],
            stdout=self.log.open("w"),
            stderr=self.err.open("w"),
            env=env,
            cwd=tmp_path,
        )

    def stdout(self) -> str:
        return self.log.read_text()

    def stderr(self) -> str:
        return self.err.read_text()

    def interrupt(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(WAIT_S)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(WAIT_S)


@pytest.fixture
def start_watch(tmp_path: Path) -> Iterator[Callable[..., WatchProcess]]:
    started: list[WatchProcess] = []

    def start(*args: str) -> WatchProcess:
        watch = WatchProcess(tmp_path, *args)
        started.append(watch)
        wait_for(lambda: "watching" in watch.stdout(), "the watch to start", timeout=60)
        return watch

    yield start
    for watch in started:
        watch.kill()


def test_watch_rewrites_the_preview_lists_problems_goes_on_and_stops_on_ctrl_c(
    fastapi_bank: Path, tmp_path: Path, start_watch
):
    page = tmp_path / "preview" / "fastapi-developer-interview.html"
    watch = start_watch(str(fastapi_bank), "--out", "dist", "--preview-out", "preview")
    assert page.is_file()
    assert (tmp_path / "dist" / "fastapi-developer-interview.apkg").is_file()

    text = fastapi_bank.read_text()
    fastapi_bank.write_text(text.replace("options:", "optoins:", 1))
    wait_for(lambda: "problem" in watch.stderr(), "the problems to be listed")
    assert "unknown key `optoins`" in watch.stderr()
    assert watch.process.poll() is None

    fastapi_bank.write_text(text.replace("when should you use it?", "when does it pay off?"))
    wait_for(lambda: "when does it pay off?" in page.read_text(), "the preview to change")

    assert watch.interrupt() == 0
    assert "Traceback" not in watch.stderr()
    assert watch.stdout().splitlines()[-1] == "stopped"


def test_watch_push_updates_the_note_in_anki(
    fastapi_bank: Path, tmp_path: Path, anki: AnkiClient, start_watch
):
    with running_standin(anki.col) as standin:
        watch = start_watch(str(fastapi_bank), "--out", "dist", "--preview-out", "preview",
                            "--push", "--url", standin.url)
        wait_for(lambda: len(standin.imports) == 1, "the first push")
        assert "5 new, 0 updated, 0 unchanged" in watch.stdout()

        text = fastapi_bank.read_text()
        fastapi_bank.write_text(text.replace("when should you use it?", "when does it pay off?"))
        wait_for(lambda: len(standin.imports) == 2, "the push after the save")
        wait_for(lambda: "0 new, 1 updated, 4 unchanged" in watch.stdout(), "the counts")
        assert any("when does it pay off?" in note.fields[0] for note in anki.notes())
        assert watch.interrupt() == 0


def test_watch_push_without_anki_says_so_and_keeps_watching(
    fastapi_bank: Path, tmp_path: Path, start_watch
):
    import socket

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}"
    watch = start_watch(str(fastapi_bank), "--out", "dist", "--preview-out", "preview",
                        "--push", "--url", url)
    assert "nothing answers at" in watch.stderr()
    assert "still watching" in watch.stderr()
    assert watch.interrupt() == 0
