"""The lock file: stamps move exactly when content changes, and always forward."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.lock import (
    Content,
    Lock,
    LockError,
    NoteStamp,
    Stamp,
    lock_path_for,
    read_lock,
)


def contents(**hashes: str) -> list[Content]:
    return [Content(qid, h, f"Question {qid}?") for qid, h in hashes.items()]


def test_new_content_is_stamped_now():
    lock = Lock().stamped("nt", contents(a="h1", b="h2"), now=100)
    assert lock.created == 100
    assert lock.note_type == Stamp("nt", 100)
    assert lock.notes == {
        "a": NoteStamp("h1", 100, "Question a?"),
        "b": NoteStamp("h2", 100, "Question b?"),
    }


def test_unchanged_content_keeps_its_stamp_and_changed_content_moves_forward():
    first = Lock().stamped("nt", contents(a="h1", b="h2"), now=100)
    second = first.stamped("nt", contents(a="h1", b="edited"), now=200)
    assert second.created == 100
    assert second.notes["a"].changed == 100
    assert second.notes["b"] == NoteStamp("edited", 200, "Question b?")


def test_a_change_within_the_same_second_is_still_newer():
    first = Lock().stamped("nt", contents(a="h1"), now=100)
    second = first.stamped("nt2", contents(a="h2"), now=100)
    assert second.notes["a"].changed == 101
    assert second.note_type.changed == 101


def test_removed_ids_are_those_the_bank_no_longer_has():
    lock = Lock().stamped("nt", contents(a="h1", b="h2", c="h3"), now=100)
    assert lock.removed_ids(["a", "c", "new"]) == ["b"]


def test_round_trip_and_stable_text(tmp_path: Path):
    path = lock_path_for(tmp_path / "bank.yaml")
    assert path.name == "bank.lock.json"
    assert read_lock(path) == Lock()
    lock = Lock().stamped("nt", contents(b="h2", a="h1"), now=1_700_000_000)
    path.write_text(lock.to_json(), encoding="utf-8")
    assert read_lock(path) == lock
    text = path.read_text()
    path.write_text(read_lock(path).to_json(), encoding="utf-8")
    assert path.read_text() == text


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        '{"version": 99}',
        '{"version": 1}',
        "[]",
        '{"version": 1, "created": 1, "note_type": {"hash": "h", "changed": "y"}, "notes": {}}',
        '{"version": 1, "created": 1, "note_type": {"hash": "h", "changed": 1},'
        ' "notes": {"a": {"hash": "h", "changed": 1, "question": 5, "removed": false}}}',
    ],
)
def test_a_damaged_lock_is_reported_not_guessed(tmp_path: Path, content: str):
    path = tmp_path / "bank.lock.json"
    path.write_text(content)
    with pytest.raises(LockError, match="bank.lock.json"):
        read_lock(path)


NOW = 1_700_000_000
"""The build's clock in the tests below: 2023-11-14 22:13 UTC."""
BEFORE = "(Anki would refuse or mis-date the notes);"
AFTER = (
    "later than this build's clock allows (2023-11-14 22:13 UTC, and a day for clocks that "
    "differ): each import until then would overwrite a learner's own edits of the notes. "
    "If this machine's clock is right,"
)


@pytest.mark.parametrize(
    ("key", "value", "place", "why"),
    [
        (
            "created",
            0,
            "2:3",
            f"(1970-01-01 00:00 UTC), a time before 2000-01-01 00:00 UTC {BEFORE}",
        ),
        ("created", -5, "2:3", f"(no date), a time before 2000-01-01 00:00 UTC {BEFORE}"),
        (
            "notes.a.changed",
            946_684_799,
            "10:7",
            f"(1999-12-31 23:59 UTC), a time before 2000-01-01 00:00 UTC {BEFORE}",
        ),
        ("notes.a.changed", NOW + 86_401, "10:7", f"(2023-11-15 22:13 UTC), {AFTER}"),
        ("note_type.changed", 4_102_444_801, "5:5", f"(2100-01-01 00:00 UTC), {AFTER}"),
    ],
)
def test_a_lock_time_out_of_range_is_an_error_naming_the_file_line_and_key(
    tmp_path: Path, key: str, value: int, place: str, why: str
):
    path = lock_path_for(tmp_path / "bank.yaml")
    lock = Lock().stamped("nt", contents(a="h1"), now=NOW)
    document = json.loads(lock.to_json())
    *parents, last = key.split(".")
    target = document
    for part in parents:
        target = target[part]
    target[last] = value
    path.write_text(json.dumps(document, indent=2, sort_keys=True))
    with pytest.raises(LockError) as raised:
        read_lock(path, now=NOW)
    message = str(raised.value)
    assert message.startswith(f"{path}:{place}")
    assert message.split(": ", 1)[1] == (
        f"lock file value `{key}` is {value} {why} restore the file from "
        "version control, or delete it to stamp every note anew"
    )


def test_a_time_a_day_ahead_of_the_clock_is_still_read(tmp_path: Path):
    path = lock_path_for(tmp_path / "bank.yaml")
    lock = Lock().stamped("nt", contents(a="h1"), now=NOW + 86_400)
    path.write_text(lock.to_json(), encoding="utf-8")
    assert read_lock(path, now=NOW) == lock
