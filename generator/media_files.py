"""A media file as a file: found by its name in one Unicode form, opened without blocking,
read within its size.

A name is compared in NFC, the form most systems write: a reference typed in
decomposed Unicode (`e` and a combining accent) finds the file saved in
composed form (`é`), and the other way round, as the two look the same to the
author. Names that only look alike (a ligature, a full-width letter, another
case, an invisible character) are not the file; the message shows both as code
points, where the eye cannot tell them apart.

A file is opened with `O_NONBLOCK` and judged by `fstat` on what was opened,
never by the name's `stat` before: a FIFO or a device named like a picture
(or swapped in for one during the build) is refused at once instead of
hanging the build or reading without end, and nothing beyond the size the
open file had is ever read.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote

from generator import reading

_CHUNK = 1024 * 1024
_SNIFF_BYTES = 64 * 1024
_NOT_IN_A_NAME = re.compile("[\x00-\x1f\x7f]")


class FileProblem(Exception):
    """A name that finds no file, or a file that cannot be used; the message says why,
    to follow the reference as the author wrote it."""


def shortened(reference: str, limit: int = 60) -> str:
    """A reference cut to `limit` characters for a message."""
    return reference if len(reference) <= limit else reference[: limit - 1] + "…"


def decoded_path(src: str) -> str:
    """The path a reference's `%`-escapes spell, or `FileProblem` (the whole message) for
    one that no file can have: bytes that are not UTF-8, NUL, a control character."""
    try:
        path = unquote(src, errors="strict")
    except UnicodeDecodeError:
        raise FileProblem(
            f"`{shortened(src)}` has a %-escape that is not UTF-8 text, so it names no file"
        ) from None
    unfit = _NOT_IN_A_NAME.search(path)
    if unfit is not None:
        char = unfit.group()
        if char == "\x00":
            what = "U+0000 (NUL), which no file name can hold"
        else:
            what = f"the control character {code_points(char)}, which a file name must not hold"
        raise FileProblem(f"`{path}` holds {what}; remove it (or rename the file)")
    return path


def found_in(folder: Path, relative: str) -> str:
    """`relative` (a normalised path with `/`) as the folder names it on disk, each part
    matched as written or, failing that, in NFC; `FileProblem` when nothing matches."""
    current = folder
    parts = []
    for part in relative.split("/"):
        candidate = current / part
        if not os.path.lexists(candidate):
            part = _same_in_nfc(current, part)
            candidate = current / part
        parts.append(part)
        current = candidate
    return "/".join(parts)


def _same_in_nfc(folder: Path, part: str) -> str:
    wanted = unicodedata.normalize("NFC", part)
    same, alike = [], []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if unicodedata.normalize("NFC", entry.name) == wanted:
                    same.append(entry.name)
                elif _look_key(entry.name) == _look_key(part) and len(alike) < 3:
                    alike.append(entry.name)
    except OSError:
        pass
    if len(same) == 1:
        return same[0]
    if same:
        names = ", ".join(f"`{name}` ({code_points(name)})" for name in sorted(same))
        raise FileProblem(
            f"could be any of {names}: the same name in different Unicode forms; keep one of them"
        )
    message = "does not exist (paths are relative to the bank's folder)"
    if alike:
        others = ", ".join(f"`{name}` ({code_points(name)})" for name in sorted(alike))
        message += f"; `{part}` ({code_points(part)}) only looks like {others}: retype the name"
    raise FileProblem(message)


def _look_key(name: str) -> str:
    """What the eye compares: no invisible characters, compatibility forms folded, any case."""
    visible = "".join(char for char in name if unicodedata.category(char) != "Cf")
    return unicodedata.normalize("NFKC", visible).casefold()


def code_points(name: str) -> str:
    """`U+0063 U+0061 U+0066 U+00E9`: a name as its characters, where glyphs look alike."""
    return " ".join(f"U+{ord(char):04X}" for char in name)


def open_regular(path: Path) -> tuple[BinaryIO, os.stat_result]:
    """`path` opened for reading without blocking, with what `fstat` says of the open file;
    `FileProblem` for anything but a regular file."""
    try:
        return reading.open_regular(path)
    except reading.NotRegular as error:
        raise FileProblem(str(error)) from None


def chunks(reader: BinaryIO, size: int) -> Iterator[bytes]:
    """The file's bytes in pieces, no more than `size` of them and one: a file that grew
    since it was opened shows as one byte too long instead of being read without end."""
    left = size + 1
    while left > 0 and (chunk := reader.read(min(_CHUNK, left))):
        left -= len(chunk)
        yield chunk


def hashed(path: Path, max_bytes: int) -> tuple[bytes, str, int]:
    """The file's first bytes (to tell its type by), its SHA-256 and its size, read
    without blocking; `FileProblem` for anything but a regular file of at most `max_bytes`."""
    reader, status = open_regular(path)
    with reader:
        size = status.st_size
        if size > max_bytes:
            raise FileProblem(
                f"is {size:,} bytes, over the limit of {max_bytes:,} (raise it with --max-media-mb)"
            )
        head = reader.read(min(_SNIFF_BYTES, size))
        digest = hashlib.sha256(head)
        read = len(head)
        for chunk in chunks(reader, size - read):
            digest.update(chunk)
            read += len(chunk)
    if read != size:
        raise FileProblem("changed while it was read; build again")
    return head, digest.hexdigest(), size
