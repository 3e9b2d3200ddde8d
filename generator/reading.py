"""Read a bank file's text safely: bounded in size, UTF-8, no binary content.

The first stage of loading: whatever is wrong with the file as a file (too
big, unreadable, not text) is reported here, before any parsing.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import BinaryIO

from generator.limits import MAX_BANK_BYTES
from generator.problems import START, BankError, Mark, Problem


def read_bank_text(path: Path, max_bytes: int = MAX_BANK_BYTES) -> str:
    """The text of the bank at `path`, or a `BankError` that says what is wrong with the file."""
    file = str(path)

    def fail(message: str, mark: Mark = START) -> BankError:
        return BankError([Problem(file, mark.line, mark.column, "bank", message)])

    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise fail(
                f"file is {size:,} bytes, over the limit of {max_bytes:,} (raise it with --max-mb)"
            )
        # At most one byte over the limit, whatever stat said: a device or a pipe
        # (`/dev/zero`, `/dev/stdin`) has no size until it is read.
        with path.open("rb") as stream:
            raw = read_at_most(stream, max_bytes + 1, size)
    except OSError as error:
        raise fail(f"cannot read file: {error.strerror or error}") from None
    if len(raw) > max_bytes:
        raise fail(
            f"file is over the limit of {max_bytes:,} bytes (read that much and stopped; "
            "raise it with --max-mb)"
        )
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise fail(
            f"file is not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be decoded); "
            "save it as UTF-8",
            mark_at(raw, error.start),
        ) from None
    # Not `text.strip()`, which copies the whole text (a bank ends in a new line).
    if not text or text.isspace():
        raise fail("file is empty: a bank needs a `deck` and its `questions`")
    nul = text.find("\x00")
    if nul != -1:
        raise fail("file contains a NUL byte: is it a text file?", mark_at(text, nul))
    # YAML 1.1 (PyYAML) breaks lines at these too, so in a text they would turn
    # into a space or a new line instead of showing as written.
    other_break = next((text.find(c) for c in "\x85\u2028\u2029" if c in text), -1)
    if other_break != -1:
        code = f"U+{ord(text[other_break]):04X}"
        raise fail(
            f"file contains {code}, which YAML reads as a line break: remove it, or write "
            "a line break as a new line",
            mark_at(text, other_break),
        )
    return text


_PIECE = 64 * 1024 * 1024


def read_at_most(stream: BinaryIO, limit: int, size: int) -> bytes:
    """Up to `limit` bytes of `stream`, whose file `stat` said was `size` bytes long.

    The first read asks for one byte more than that size: a regular file comes
    in that one call, with no copy (a 124 MB bank read in 64 MB pieces was
    joined into one more copy: 0.11 s, against 0.05 s). What a file holds beyond
    its size (a device or a pipe has size 0; a file may grow while read) is
    read in pieces: one `read(limit)` would allocate `limit` bytes before
    reading any, and a generous `--max-mb` (or a huge one) would fail with a
    MemoryError on a small file.
    """
    pieces = []
    left = limit
    wanted = min(left, size + 1 if size else _PIECE)
    while left > 0:
        piece = stream.read(wanted)
        if not piece:
            break
        pieces.append(piece)
        left -= len(piece)
        wanted = min(left, _PIECE)
    return b"".join(pieces)


class NotRegular(Exception):
    """What was opened is no regular file (a directory, a FIFO, a socket or a device)."""

    def __init__(self, kind: str):
        super().__init__(f"is {kind}, not a file")


def open_regular(path: Path) -> tuple[BinaryIO, os.stat_result]:
    """`path` opened for reading without blocking, with what `fstat` says of the open file
    (so a file swapped for a FIFO after a check is caught); `NotRegular` for anything but a
    regular file, `OSError` for a file that cannot be opened."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegular(_kind(status.st_mode))
        return os.fdopen(descriptor, "rb"), status
    except BaseException:
        os.close(descriptor)
        raise


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (a named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def mark_at(content: bytes | str, offset: int) -> Mark:
    newline = b"\n" if isinstance(content, bytes) else "\n"
    line_start = content.rfind(newline, 0, offset) + 1
    return Mark(content.count(newline, 0, offset) + 1, offset - line_start + 1)


class TextStream:
    """A bank's text as a stream, so that YAML's parser reads it piece by piece.

    Given the str itself, the C parser would hold a UTF-8 copy of it, as big
    as the file, while it parses, which is when a load peaks.
    """

    def __init__(self, text: str):
        self.text = text
        self._read = 0

    def read(self, size: int) -> str:
        piece = self.text[self._read : self._read + size]
        self._read += len(piece)
        return piece
