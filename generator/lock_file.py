"""The lock file read as input, with the care a bank gets: it may come from anyone.

A lock is committed beside its bank, so a shared folder brings its lock too.
It is read only if it is a regular file (opened without blocking, judged by
`fstat` on what was opened: not a FIFO, not a link to `/dev/zero`), within a
size limit, as UTF-8 JSON with no duplicate keys, no number longer than a
64-bit one and no nesting deeper than a lock has. What its values mean is
checked by `generator.lock`, which places each problem at its line through
`LockDocument.place`.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.limits import MAX_BANK_BYTES
from generator.problems import START, Mark
from generator.reading import NotRegular, mark_at, open_regular, read_at_most

_MAX_DIGITS = 19
"""A lock's numbers are Unix times: 64-bit at most, like Anki's."""


class LockFileError(Exception):
    """A lock file that cannot be read as one, at a place in it."""

    def __init__(self, message: str, mark: Mark = START):
        super().__init__(message)
        self.mark = mark


@dataclass(frozen=True)
class LockDocument:
    """A lock file's data and its text, to place a problem at a value's line."""

    data: Any
    text: str

    def place(self, *keys: str) -> Mark:
        """Where the value at `keys` (each a key of the mapping the previous one names) is
        written, as far as the keys are found; the top of the file if none is."""
        at, found = 0, None
        for key in keys:
            pattern = re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:"
            match = re.compile(pattern).search(self.text, at)
            if match is None:
                break
            at, found = match.end(), match.start()
        return START if found is None else mark_at(self.text, found)


def read_lock_document(path: Path, max_bytes: int = MAX_BANK_BYTES) -> LockDocument | None:
    """The lock file at `path` as JSON data, None if there is none; `LockFileError` (or
    `OSError`) for anything that cannot be read as a lock file."""
    try:
        reader, status = open_regular(path)
    except FileNotFoundError:
        return None
    except NotRegular:
        raise LockFileError(
            "is not a regular file (a pipe, a device, a folder...), so it is not read; "
            "delete it, and the next build writes a new one"
        ) from None
    with reader:
        if status.st_size > max_bytes:
            raise LockFileError(
                f"is {status.st_size:,} bytes, over the limit of {max_bytes:,} "
                "(raise it with --max-mb)"
            )
        raw = read_at_most(reader, max_bytes + 1, status.st_size)
    if len(raw) > max_bytes:
        raise LockFileError(f"grew over the limit of {max_bytes:,} bytes while it was read")
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LockFileError(f"is not UTF-8 text (byte 0x{raw[error.start]:02x})") from None
    try:
        data = json.loads(
            text,
            parse_int=_bounded_int,
            parse_float=_no_number,
            parse_constant=_no_number,
            object_pairs_hook=_without_duplicates,
        )
    except json.JSONDecodeError as error:
        raise LockFileError(f"is not JSON: {error.msg}", Mark(error.lineno, error.colno)) from None
    except RecursionError:
        raise LockFileError("is nested far deeper than a lock file is") from None
    except _Refused as refused:
        at = text.find(refused.written)
        if refused.again:  # a duplicate key: the second time it is written
            at = text.find(refused.written, at + 1)
        mark = START if at < 0 else mark_at(text, at)
        raise LockFileError(refused.message, mark) from None
    return LockDocument(data, text)


class _Refused(ValueError):
    def __init__(self, message: str, written: str, *, again: bool = False):
        super().__init__(message)
        self.message = message
        self.written = written
        self.again = again


def _bounded_int(written: str) -> int:
    if len(written.lstrip("-")) > _MAX_DIGITS:
        raise _Refused(
            f"holds a number {len(written):,} digits long, longer than any time a lock holds",
            written[:40],
        )
    return int(written)


def _no_number(written: str) -> Any:
    raise _Refused(f"holds `{written[:20]}`, which no lock file value is", written[:40])


def _without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    for key, value in pairs:
        if key in mapping:
            message = f"has the key {json.dumps(key)} twice in one place"
            raise _Refused(message, json.dumps(key), again=True)
        mapping[key] = value
    return mapping
