"""The image and sound types a card can show, told by a file's first bytes, not its name.

A file's extension only says what its author meant; the first bytes say what
it is. A bank whose `diagram.png` holds a JPEG is told to rename it, and a
type this tool does not ship is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class MediaType:
    label: str
    kind: str
    """"image" (an `<img>` on the card) or "sound" (Anki's `[sound:...]` play button)."""
    extensions: tuple[str, ...]
    """What a file of this type may be called; a mislabelled file is told the first."""
    compressed: bool
    """Already compressed: stored in the zip as it is rather than deflated again."""


PNG = MediaType("PNG", "image", (".png",), True)
JPEG = MediaType("JPEG", "image", (".jpg", ".jpeg"), True)
GIF = MediaType("GIF", "image", (".gif",), True)
WEBP = MediaType("WebP", "image", (".webp",), True)
SVG = MediaType("SVG", "image", (".svg",), False)
MP3 = MediaType("MP3", "sound", (".mp3",), True)
OGG = MediaType("OGG", "sound", (".ogg", ".oga", ".opus"), True)
M4A = MediaType("M4A", "sound", (".m4a",), True)
WAV = MediaType("WAV", "sound", (".wav",), False)
MEDIA_TYPES = (PNG, JPEG, GIF, WEBP, SVG, MP3, OGG, M4A, WAV)
TYPE_BY_EXTENSION = {ext: kind for kind in MEDIA_TYPES for ext in kind.extensions}
SUPPORTED = "images: PNG, JPEG, GIF, WebP, SVG; sound: MP3, OGG/Opus, M4A, WAV"

# An SVG file is text: optional byte-order mark, XML declaration, comments,
# doctype and whitespace, then the <svg> element.
_SVG_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--.*?-->|<!DOCTYPE[^>]*>)\s*)*<svg[\s>]",
    re.DOTALL | re.IGNORECASE,
)
# M4A is an MPEG-4 container whose `ftyp` box names an audio brand (or a generic one).
_M4A_BRANDS = {b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2", b"dash"}


def sniff(head: bytes) -> MediaType | None:
    """The type the file's first bytes show, or None for anything this tool does not ship."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV
    if head.startswith(b"OggS"):
        return OGG
    if head.startswith(b"ID3") or (
        # An MPEG audio frame: 11 sync bits, then a layer other than "reserved" (00).
        len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06
    ):
        return MP3
    if head[4:8] == b"ftyp" and head[8:12] in _M4A_BRANDS:
        return M4A
    if _SVG_START.match(head):
        return SVG
    return None
