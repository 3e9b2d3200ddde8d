"""A source file as bytes or text: bounded in size before it is read, UTF-8, no binary.

A file over the limit is refused from its size alone, before any of it is
read; a device or pipe, which has no size, is read to one byte over the limit
and no further. A file that is not UTF-8 all through (mixed encodings, a Latin-1
file) is refused at the line of its first bad byte: guessing another encoding
would show the learner wrong characters.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from generator.convert.draft import ConvertError
from generator.limits import MAX_SOURCE_BYTES
from generator.reading import read_at_most


def read_source(path: Path, max_bytes: int = MAX_SOURCE_BYTES) -> bytes:
    """The bytes of `path`, or a `ConvertError` saying why they cannot be read."""
    file = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ConvertError(
                file, [(0, f"file is {size:,} bytes, over the limit of {max_bytes:,} "
                           "(raise it with --max-mb)")]
            )
        with path.open("rb") as stream:
            raw = read_at_most(stream, max_bytes + 1, size)
    except OSError as error:
        raise ConvertError(file, [(0, f"cannot read file: {error.strerror or error}")]) from None
    if len(raw) > max_bytes:
        raise ConvertError(
            file, [(0, f"file is over the limit of {max_bytes:,} bytes (raise it with --max-mb)")]
        )
    if not raw or raw.isspace():  # not `strip()`, which would copy the whole file
        raise ConvertError(file, [(0, "file is empty")])
    return raw


def source_text(file: str, raw: bytes) -> str:
    """`raw` as text: UTF-8 with or without a byte-order mark, line breaks as `\\n`."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ConvertError(file, [(1, "file is UTF-16: save it as UTF-8")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ConvertError(
            file,
            [(line, f"not UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded (mixed "
                    "encodings?); save the file as UTF-8")],
        ) from None
    nul = text.find("\x00")
    if nul != -1:
        line = text.count("\n", 0, nul) + 1
        raise ConvertError(file, [(line, "contains a NUL byte: is it a text file?")])
    return text.replace("\r\n", "\n").replace("\r", "\n")
