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
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from generator.atomic import StagedFile

LOCK_VERSION = 1
EARLIEST_TIME = 946_684_800
"""2000-01-01 UTC: a lock's times are Unix seconds; zero makes ids Anki cannot resolve."""
LATEST_TIME = 4_102_444_800
"""2100-01-01 UTC: later times mis-date notes, and far later ones overflow Anki's integers."""


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


def read_lock(path: Path) -> Lock:
    """The lock at `path`; an empty lock when there is none yet."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Lock()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise LockError(f"{path}: cannot read lock file: {error}") from None
    try:
        if document["version"] != LOCK_VERSION:
            raise LockError(f"{path}: lock file version {document['version']} is not supported")
        lock = Lock(
            created=document["created"],
            note_type=Stamp(**document["note_type"]),
            notes={key: NoteStamp(**value) for key, value in document["notes"].items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise _damaged(path, repr(error)) from None
    stamps = [lock.note_type, *lock.notes.values()]
    if not (
        _is_int(lock.created)
        and all(isinstance(s.hash, str) and _is_int(s.changed) for s in stamps)
        and all(isinstance(s.question, str) and isinstance(s.removed, bool) for s in stamps[1:])
    ):
        raise _damaged(path, "a value of the wrong type")
    times = {"created": lock.created, "note_type.changed": lock.note_type.changed}
    times |= {f"notes.{key}.changed": stamp.changed for key, stamp in lock.notes.items()}
    for key, value in times.items():
        if not EARLIEST_TIME <= value <= LATEST_TIME:
            raise LockError(
                f"{path}: lock file value `{key}` is {value}, not a time between "
                f"2000-01-01 and 2100-01-01 (Anki would refuse or mis-date the notes); "
                "restore the file from version control, or delete it to stamp every note anew"
            )
    return lock


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


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
