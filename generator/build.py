"""Build one bank: render its notes, stamp its lock file, write its package.

The inner stage of `generator.pipeline.build_banks`, which checks banks
against each other and for item-writing flaws first. `build_bank` returns
what it did, or raises `BankError` (content) or `BuildError` (anything else
that stops a build) with a message for the author.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from generator.bank import Bank
from generator.limits import Limits
from generator.loader import LoadedBank, load
from generator.lock import (
    Content,
    Lock,
    LockError,
    lock_path_for,
    one_build_at_a_time,
    read_lock,
    staged_lock,
)
from generator.media import BankMedia, bank_media
from generator.notetype import NoteType, note_type_for
from generator.package import write_package
from generator.render import RenderedNote, render_bank, render_removed


class BuildError(Exception):
    """A build that failed for a reason other than the bank's content."""


@dataclass(frozen=True)
class BuildResult:
    bank: Bank
    package: Path
    changed: tuple[str, ...]
    """Ids of the questions whose notes changed since the last build."""
    newly_removed: tuple[str, ...]
    """Ids of the questions that left the bank since the last build."""


def build_bank(
    bank_path: Path,
    out_dir: Path,
    *,
    loaded: LoadedBank | None = None,
    media: BankMedia | None = None,
    limits: Limits | None = None,
    clock: Callable[[], float] = time.time,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build `bank_path` into `out_dir/<bank stem>.apkg` and update its lock file.

    `loaded` is the bank at `bank_path` when the caller has already loaded it
    (and so has checked that its lock file can live beside it: `lock_home_problem`),
    `media` its media when the caller has already collected them.
    `progress`, if given, is called with (done, total) as the build goes, in
    two equal parts: rendered (question by question), then written.
    """
    limits = limits or Limits()
    lock_path = lock_path_for(bank_path)
    if loaded is None:
        unfit = lock_home_problem(bank_path)
        if unfit is not None:
            raise BuildError(unfit)
        loaded = load(bank_path, max_bytes=limits.max_bank_bytes)
    if media is None:
        media = bank_media(loaded, limits.media)
    bank = loaded.bank
    part = len(bank.questions)
    report = progress or _ignore_progress
    note_type = note_type_for(bank.deck.id, bank.deck.language)
    # One build of a bank at a time: each reads the lock the previous one wrote,
    # so the package and the lock always come from the same build.
    with one_build_at_a_time(lock_path, bank_path):
        now = int(clock())
        try:
            previous = read_lock(
                lock_path, deck_id=bank.deck.id, now=now, max_bytes=limits.max_bank_bytes
            )
        except LockError as error:
            raise BuildError(str(error)) from None
        current = render_bank(bank, lambda rendered: report(rendered, 2 * part), media)
        removed = [
            render_removed(bank.deck, question_id, previous.notes[question_id].question)
            for question_id in previous.removed_ids(note.question_id for note in current)
        ]
        notes = current + removed
        # The lock names its deck, so that no other bank's lock is taken for it.
        lock = stamp_lock(replace(previous, deck=bank.deck.id), note_type, notes, now)
        package = package_path_for(bank_path, out_dir)
        _write_together(package, lock_path, lock, lock != previous, (bank, note_type, notes))

    report(2 * part, 2 * part)
    changed = tuple(
        note.question_id
        for note in notes
        if (stamp := previous.notes.get(note.question_id)) is None
        or stamp.changed != lock.notes[note.question_id].changed
    )
    return BuildResult(
        bank=bank,
        package=package,
        changed=changed,
        newly_removed=tuple(
            note.question_id for note in removed if not previous.notes[note.question_id].removed
        ),
    )


def package_path_for(bank_path: Path, out_dir: Path) -> Path:
    """Where the package of the bank at `bank_path` goes: `out_dir/<bank stem>.apkg`."""
    return out_dir / f"{bank_path.stem}.apkg"


def lock_home_problem(bank_path: Path) -> str | None:
    """Why the bank's lock file could not live beside it (a device, a pipe...), if it cannot."""
    try:
        regular = stat.S_ISREG(bank_path.stat().st_mode)
    except OSError as error:
        return f"{bank_path}: cannot read file: {error.strerror or error}"
    if not regular:
        return (
            f"{bank_path}: not a regular file (a device, a pipe or the like), so its lock file "
            f"could not be kept beside it; save the bank to a file and build that"
        )
    folder = bank_path.parent.resolve()
    if any(folder == system or system in folder.parents for system in _SYSTEM_FOLDERS):
        return (
            f"{bank_path}: its lock file would be written in {folder}, among the system's "
            "devices and processes; save the bank to a file and build that"
        )
    return None


_SYSTEM_FOLDERS = tuple(map(Path, ("/dev", "/proc", "/sys")))


def _write_together(
    package: Path,
    lock_path: Path,
    lock: Lock,
    lock_changed: bool,
    contents: tuple[Bank, NoteType, Sequence[RenderedNote]],
) -> None:
    """Write the package and, if it changed, the lock: both new, or both as they were.

    The new lock is written and synced first, then the package; the lock is put
    in place just before the package. A build killed between the two renames
    leaves the lock newer than the package, which `make deck` rebuilds.
    """
    bank, note_type, notes = contents
    staged = None
    if lock_changed:
        try:
            staged = staged_lock(lock_path, lock)
        except OSError as error:
            raise _cannot_write(lock_path, error) from None

    def put_lock_in_place() -> None:
        if staged is not None:
            try:
                staged.commit()
            except OSError as error:
                raise _LockNotPlaced(error) from error

    try:
        package.parent.mkdir(parents=True, exist_ok=True)
        write_package(package, bank.deck, note_type, notes, lock, before_replace=put_lock_in_place)
        if staged is not None:
            # make takes a package older than its lock for out of date.
            os.utime(package)
    except _LockNotPlaced as failure:
        staged.discard()
        raise _cannot_write(lock_path, failure.error) from None
    except OSError as error:
        failure = _cannot_write(package, error)
        if staged is not None:
            try:
                staged.rollback()
            except OSError as rollback_error:
                # The lock is then newer than the package, so the next build redoes both.
                failure = BuildError(
                    f"{failure}; and {lock_path} could not be put back as it was "
                    f"({rollback_error.strerror or rollback_error}): the next build rewrites it"
                )
        raise failure from None
    except BaseException:
        if staged is not None:
            with contextlib.suppress(OSError):
                staged.rollback()
        raise


class _LockNotPlaced(Exception):
    def __init__(self, error: OSError):
        super().__init__(str(error))
        self.error = error


def _cannot_write(path: Path, error: OSError) -> BuildError:
    return BuildError(f"cannot write {path}: {error.strerror or error}")


def stamp_lock(
    previous: Lock, note_type: NoteType, notes: Sequence[RenderedNote], now: int
) -> Lock:
    """`previous` brought up to date with the note type and notes about to be written."""
    return previous.stamped(
        note_type.content_hash,
        [
            Content(note.question_id, note.content_hash, note.question_source, note.removed)
            for note in notes
        ],
        now,
    )


def _ignore_progress(done: int, total: int) -> None:
    pass
