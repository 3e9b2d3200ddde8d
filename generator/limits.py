"""Every size limit the tool enforces, declared once.

A limit keeps one hostile or mistaken file from exhausting memory or disk, or
a learner's download: the command line's `--max-mb`, `--max-media-mb` and
`--max-bank-media-mb` options take their defaults from here. Imported by the
command line before `--help`, so it imports nothing heavy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MEGABYTE = 1024 * 1024
BANK_MB = 256
"""The largest bank file read; a larger one is refused before parsing."""
MEDIA_FILE_MB = 10
"""The largest image or sound file a bank may use."""
BANK_MEDIA_MB = 250
"""The most media one bank may carry: learners download, import and sync it all."""
MAX_BANK_BYTES = BANK_MB * MEGABYTE
SOURCE_MB = 256
"""The largest file `import` reads (a Moodle XML file carries its pictures in it);
a larger one is refused before reading."""
MAX_SOURCE_BYTES = SOURCE_MB * MEGABYTE


@dataclass(frozen=True)
class MediaLimits:
    max_file_bytes: int = MEDIA_FILE_MB * MEGABYTE
    max_bank_bytes: int = BANK_MEDIA_MB * MEGABYTE


@dataclass(frozen=True)
class Limits:
    max_bank_bytes: int = MAX_BANK_BYTES
    media: MediaLimits = field(default_factory=MediaLimits)

    @classmethod
    def in_megabytes(cls, bank: float, media_file: float, bank_media: float) -> Limits:
        """The limits as the command line's options give them."""
        return cls(
            int(bank * MEGABYTE),
            MediaLimits(int(media_file * MEGABYTE), int(bank_media * MEGABYTE)),
        )
