"""The lock file: when each note's content last changed.

Kept next to the bank (`<bank>.lock.json`) and committed with it. A note's
`mod` in the package is the time its rendered content last changed, so a
rebuild of unchanged content is byte-identical, and Anki's importer, which
updates a note only when the incoming `mod` is newer, updates exactly the
notes that changed and leaves the learner's other notes alone.

The lock also remembers questions removed from the bank (an import never
deletes a note, so the package keeps carrying them, tagged for deletion),
with their question text, so the learner can still recognise them.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from generator.anki_text import text_problem as anki_text_problem
from generator.atomic import StagedFile
from generator.bank import SLUG_PATTERN
from generator.limits import MAX_BANK_BYTES
from generator.lock_file import LockDocument, LockFileError, read_lock_document

LOCK_VERSION = 1
EARLIEST_TIME = 946_684_800
"""2000-01-01 UTC: a lock's times are Unix seconds; zero makes ids Anki cannot resolve."""
LATEST_TIME = 4_102_444_800
"""2100-01-01 UTC: later times mis-date notes, and far later ones overflow Anki's integers."""
CLOCK_SKEW = 24 * 60 * 60
"""How far ahead of the build's clock a lock's time may be: a day, for clocks that differ.
A later time would make every import until then overwrite a learner's own edits."""
_HASH = re.compile(r"[0-9A-Za-z]{1,128}")


class LockError(Exception):
    """A lock file that cannot be read; the message says which and why."""


@dataclass(frozen=True)
class Content:
    """What a build is about to write for one note, before it is stamped."""

    question_id: str
    hash: str
    question: str
    removed: bool = False


@dataclass(frozen=True)
class Stamp:
    hash: str
    changed: int


@dataclass(frozen=True)
class NoteStamp(Stamp):
    question: str = ""
    removed: bool = False


@dataclass(frozen=True)
class Lock:
    created: int | None = None
    note_type: Stamp | None = None
    notes: dict[str, NoteStamp] = field(default_factory=dict)
    deck: str | None = None
    """The id of the bank's deck, whose notes these are (None in a lock older than it)."""

    def stamped(self, note_type_hash: str, contents: Iterable[Content], now: int) -> Lock:
        """This lock brought up to date with the current content, as of `now`."""
        notes = {}
        for content in contents:
            previous = self.notes.get(content.question_id)
            stamp = _restamp(previous, content.hash, now)
            notes[content.question_id] = NoteStamp(
                stamp.hash, stamp.changed, content.question, content.removed
            )
        return Lock(
            created=self.created if self.created is not None else now,
            note_type=_restamp(self.note_type, note_type_hash, now),
            notes=notes,
            deck=self.deck,
        )

    def removed_ids(self, current_ids: Iterable[str]) -> list[str]:
        """Questions this lock knows that are not among `current_ids`: removed from the bank."""
        return sorted(self.notes.keys() - set(current_ids))

    def to_json(self) -> str:
        document = {"version": LOCK_VERSION, **asdict(self)}
        return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _restamp(previous: Stamp | None, content_hash: str, now: int) -> Stamp:
    if previous is None:
        return Stamp(content_hash, now)
    if previous.hash == content_hash:
        return Stamp(previous.hash, previous.changed)
    # Strictly newer than the last stamp even if the clock has not moved on,
    # or Anki's importer would skip the update.
    return Stamp(content_hash, max(now, previous.changed + 1))


def lock_path_for(bank_path: Path) -> Path:
    return bank_path.with_name(f"{bank_path.stem}.lock.json")


def read_lock(
    path: Path,
    *,
    deck_id: str | None = None,
    now: int | None = None,
    max_bytes: int = MAX_BANK_BYTES,
) -> Lock:
    """The lock at `path`, read as input (`generator.lock_file`); an empty lock when there is
    none yet. It must be of the deck `deck_id` when given, and no time in it later than
    `now` (the build's clock) plus `CLOCK_SKEW`."""
    try:
        document = read_lock_document(path, max_bytes)
    except LockFileError as error:
        raise LockError(
            f"{path}:{error.mark.line}:{error.mark.column}: lock file {error}"
        ) from None
    except OSError as error:
        raise LockError(f"{path}: cannot read lock file: {error.strerror or error}") from None
    if document is None:
        return Lock()
    data = document.data
    try:
        if data["version"] != LOCK_VERSION:
            raise _at(document, path, f"version {data['version']} is not supported", "version")
        lock = Lock(
            created=data["created"],
            note_type=Stamp(**data["note_type"]),
            notes={key: NoteStamp(**value) for key, value in data["notes"].items()},
            deck=data.get("deck"),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise _damaged(path, repr(error)) from None
    _check_values(document, path, lock, deck_id, int(time.time()) if now is None else now)
    return lock


def _check_values(
    document: LockDocument, path: Path, lock: Lock, deck_id: str | None, now: int
) -> None:
    stamps = [lock.note_type, *lock.notes.values()]
    if not (
        _is_int(lock.created)
        and all(isinstance(s.hash, str) and _is_int(s.changed) for s in stamps)
        and all(isinstance(s.question, str) and isinstance(s.removed, bool) for s in stamps[1:])
        and (lock.deck is None or isinstance(lock.deck, str))
    ):
        raise _damaged(path, "a value of the wrong type")
    if deck_id is not None and lock.deck is not None and lock.deck != deck_id:
        message = (
            f"is the lock of the deck `{lock.deck}`, not of this bank's deck `{deck_id}`: its "
            "notes are not this deck's; restore the bank's own lock from version control, "
            "or delete this one to stamp every note anew"
        )
        raise _at(document, path, message, "deck")
    stamped = [(("note_type",), lock.note_type)]
    stamped += [(("notes", key), stamp) for key, stamp in lock.notes.items()]
    for where, stamp in stamped:
        key = where[-1]
        if where[0] == "notes" and not re.fullmatch(SLUG_PATTERN, key):
            raise _at(document, path, f"note id {key!r} is not a question id", *where)
        if not _HASH.fullmatch(stamp.hash):
            raise _at(document, path, f"value `{'.'.join(where)}.hash` is not a hash", *where)
        question = getattr(stamp, "question", None)
        problem = anki_text_problem(question) if question else None
        if problem is not None:
            message = f"value `notes.{key}.question` {problem} (or restore the file)"
            raise _at(document, path, message, *where, "question")
    times = {("created",): lock.created, ("note_type", "changed"): lock.note_type.changed}
    times |= {("notes", key, "changed"): stamp.changed for key, stamp in lock.notes.items()}
    latest = min(now + CLOCK_SKEW, LATEST_TIME)
    for keys, value in times.items():
        if EARLIEST_TIME <= value <= latest:
            continue
        if value < EARLIEST_TIME:
            why = f"a time before {_date(EARLIEST_TIME)} (Anki would refuse or mis-date the notes);"
        else:
            why = (
                f"later than this build's clock allows ({_date(now)}, and a day for clocks "
                "that differ): each import until then would overwrite a learner's own edits "
                "of the notes. If this machine's clock is right,"
            )
        message = (
            f"value `{'.'.join(keys)}` is {value} ({_date(value)}), {why} restore the file "
            "from version control, or delete it to stamp every note anew"
        )
        raise _at(document, path, message, *keys)


def _date(seconds: int) -> str:
    if not 0 <= seconds < 253_402_300_800:  # the years Python's dates can hold
        return "no date"
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _at(document: LockDocument, path: Path, message: str, *keys: str) -> LockError:
    mark = document.place(*keys)
    return LockError(f"{path}:{mark.line}:{mark.column}: lock file {message}")


def _damaged(path: Path, why: str) -> LockError:
    return LockError(f"{path}: lock file is damaged ({why}); restore it from version control")


def staged_lock(path: Path, lock: Lock) -> StagedFile:
    """The lock written beside `path`, put in place by the caller once the package is ready."""
    return StagedFile(path, lock.to_json().encode("utf-8"))


@contextlib.contextmanager
def one_build_at_a_time(path: Path, bank_path: Path) -> Iterator[None]:
    """Wait for any other build of the bank whose lock file is at `path`, then hold the turn.

    Builds take turns through an advisory `flock` on `.<lock file name>.build`
    beside the lock file, a turn file that stays (removing it would let a third
    build take a new file while a second still holds the old one). Where no file
    can be made there, the bank itself is held instead: a read-only folder needs
    no new lock file written, and builds of the bank still take turns.
    """
    try:
        descriptor = os.open(path.with_name(f".{path.name}.build"), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        descriptor = os.open(bank_path, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
