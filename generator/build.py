"""The pipeline for one bank: load, render, stamp the lock, write the package.

This is the library API behind the command line: `build_bank` returns what
it did, or raises `BankError` (content) or `BuildError` (anything else that
stops a build) with a message for the author.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.bank import Bank
from generator.loader import DEFAULT_MAX_BYTES, load_bank
from generator.lock import Content, Lock, LockError, lock_path_for, read_lock, write_lock
from generator.media import BankMedia, MediaLimits, bank_media
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
    removed: tuple[str, ...]
    """Ids of every removed question the package still carries (tagged for deletion)."""


def build_bank(
    bank_path: Path,
    out_dir: Path,
    *,
    bank: Bank | None = None,
    media: BankMedia | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    media_limits: MediaLimits | None = None,
    clock: Callable[[], float] = time.time,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build `bank_path` into `out_dir/<bank stem>.apkg` and update its lock file.

    `bank` is the bank at `bank_path` when the caller has already loaded it,
    `media` its media when the caller has already collected them.
    `progress`, if given, is called with (done, total) as the build goes, in
    two equal parts: rendered (question by question), then written.
    """
    if bank is None:
        bank = load_bank(bank_path, max_bytes=max_bytes)
    if media is None:
        media = bank_media(bank_path, bank, media_limits)
    part = len(bank.questions)
    report = progress or _ignore_progress
    note_type = note_type_for(bank.deck.id, bank.deck.language)
    lock_path = lock_path_for(bank_path)
    try:
        previous = read_lock(lock_path)
    except LockError as error:
        raise BuildError(str(error)) from None

    current = render_bank(bank, lambda rendered: report(rendered, 2 * part), media)
    removed = [
        render_removed(bank.deck, question_id, previous.notes[question_id].question)
        for question_id in previous.removed_ids(note.question_id for note in current)
    ]
    notes = current + removed
    lock = stamp_lock(previous, note_type, notes, int(clock()))

    package = out_dir / f"{bank_path.stem}.apkg"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        # The package first: a build that fails or is killed leaves the previous
        # lock as it was. Then the package is touched, since make takes a package
        # older than its lock for out of date.
        write_package(package, bank.deck, note_type, notes, lock)
        if lock != previous:
            write_lock(lock_path, lock)
            os.utime(package)
    except OSError as error:
        raise BuildError(f"cannot write {error.filename or package}: {error.strerror}") from None

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
        removed=tuple(note.question_id for note in removed),
    )


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
