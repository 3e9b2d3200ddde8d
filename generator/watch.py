"""Watch banks and rebuild each time one of them, or a file it depends on, changes.

A bank depends on its own file, its lock file and the images and sounds it
uses. The folders holding them are watched (not the files: an editor that
saves by writing a new file and renaming it over the old one would end a
watch on the file), through `watchfiles`, which groups a burst of saves
into one change (and, once the folders are watched, the stamps are compared
anyway, for a save made before). A change counts when a file's stamp
(inode, size, modification time) differs from the one the last build saw;
the lock files the build writes itself are stamped after it, so they do not
start another build, and a bank saved during a build is built again as soon
as it ends.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Protocol

import watchfiles

from generator.lock import lock_path_for

Stamp = tuple[int, int, int] | None
"""A file's inode, size and modification time in nanoseconds; None when it is missing."""

STEP_MS = 80
"""How long the folders must stay quiet before a burst of saves counts as one change."""
MAX_WAIT_MS = 1_000
"""The longest a burst of saves delays its build."""
FIRST_CHECK_MS = 100
"""This long after the folders are watched (sooner if a change comes), the stamps are
compared: a save made while the watch was being set up is seen too."""
IMMEDIATE_REBUILDS = 3
"""Builds in a row while files keep changing during builds, before waiting for quiet again."""


class Rebuild(Protocol):
    def __call__(self, banks: Sequence[Path]) -> dict[Path, Iterable[Path]]:
        """Rebuild everything, reporting on `banks` (those that changed).

        Returns, for each bank built, the media files it uses; a bank missing
        from the answer keeps the files it had before.
        """
        ...


class StopEvent(Protocol):
    def is_set(self) -> bool: ...


def stamp(path: Path) -> Stamp:
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns)


class BankWatcher:
    """The banks' inputs, and which of them changed since the last build."""

    def __init__(self, bank_paths: Sequence[Path]):
        self.bank_paths = list(bank_paths)
        self.media: dict[Path, set[Path]] = {bank: set() for bank in self.bank_paths}
        self.seen: dict[Path, Stamp] = {}

    def inputs(self, bank: Path) -> set[Path]:
        return {bank, lock_path_for(bank), *self.media[bank]}

    def all_inputs(self) -> set[Path]:
        return set().union(*(self.inputs(bank) for bank in self.bank_paths))

    def changed_banks(self) -> list[Path]:
        return [
            bank
            for bank in self.bank_paths
            if any(stamp(path) != self.seen.get(path) for path in self.inputs(bank))
        ]

    def build(self, rebuild: Rebuild, banks: Sequence[Path]) -> None:
        """Run `rebuild`, then remember what it saw: inputs as before it, locks as after."""
        before = {path: stamp(path) for path in self.all_inputs()}
        for bank, media in rebuild(banks).items():
            self.media[bank] = {Path(os.path.abspath(path)) for path in media}
        locks = {lock_path_for(bank) for bank in self.bank_paths}
        self.seen = {
            path: stamp(path) if path in locks or path not in before else before[path]
            for path in self.all_inputs()
        }

    def folders(self) -> list[Path]:
        """The existing folders that hold the inputs (a missing one cannot be watched)."""
        return sorted({path.parent for path in self.all_inputs() if path.parent.is_dir()})


def _only(paths: set[Path]) -> Callable[[object, str], bool]:
    return lambda _change, path: Path(path) in paths


def watch_banks(
    bank_paths: Sequence[Path],
    rebuild: Rebuild,
    *,
    stop_event: StopEvent | None = None,
    on_watching: Callable[[], None] | None = None,
) -> None:
    """Build every bank, then rebuild on each change until `stop_event` is set (or Ctrl-C).

    `on_watching` is called each time the folders are being watched anew.
    """
    absolute = [Path(os.path.abspath(path)) for path in bank_paths]
    watcher = BankWatcher(absolute)
    watcher.build(rebuild, absolute)
    while stop_event is None or not stop_event.is_set():
        folders = watcher.folders()
        watched = watcher.all_inputs()
        started = False
        for changes in watchfiles.watch(
            *folders,
            watch_filter=_only(watched),
            step=STEP_MS,
            debounce=MAX_WAIT_MS,
            recursive=False,
            stop_event=stop_event,
            rust_timeout=FIRST_CHECK_MS,
            yield_on_timeout=True,
        ):
            if started and not changes:
                continue
            for _ in range(IMMEDIATE_REBUILDS):
                changed = watcher.changed_banks()
                if not changed:
                    break
                watcher.build(rebuild, changed)
            if not started and on_watching is not None:
                on_watching()
            started = True
            if watcher.folders() != folders or watcher.all_inputs() != watched:
                break  # A bank now uses a file elsewhere: watch again, with its folder.
