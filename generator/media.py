"""Media: the images and sounds a bank's text refers to, from the bank's own folder.

This module decides about a media file between the bank and the package:
it takes the image references `generator.markdown` finds
(`![alt](img/flow.png)`), resolves each path inside the bank's folder,
refuses what a card must not use (a URL, a path that leaves the folder, a
missing file, a type this tool does not ship, a file too large), types each
file by its first bytes (`generator.media_types`; the file itself is read
through `generator.media_files`), and names the file in the package by its
content (`mcq-3f2a9c1e-request-flow.png`) so that banks never clash in Anki's
flat media folder and an edited picture is a new file.

An SVG is shown as an `<img>`, in which browsers run no script and load
nothing it names. Files are read in pieces: hashing streams them, and the package writer
copies them one at a time (`MediaFile.copy_to`), so a bank's media are never
all in memory at once.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote

from generator.bank import DataPath, bank_texts
from generator.limits import MediaLimits
from generator.loader import LoadedBank
from generator.markdown import alt_text_only, image_references, is_inline_image
from generator.media_files import (
    FileProblem,
    chunks,
    decoded_path,
    found_in,
    hashed,
    open_regular,
    shortened,
)
from generator.media_types import SUPPORTED, TYPE_BY_EXTENSION, MediaType, sniff
from generator.positions import Positions
from generator.problems import BankError, Mark, Problem

NAME_PREFIX = "mcq-"
_HASH_CHARS = 8
_STEM_CHARS = 40


def is_url(reference: str) -> bool:
    """A scheme (`https:`, `data:`, `file:`...) or a network path (`//host/...`)."""
    return (
        reference.startswith("//") or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", reference) is not None
    )


@dataclass(frozen=True)
class MediaFile:
    """One file the package carries, under the name its content gives it."""

    source: Path
    """The file itself, every link resolved."""
    path: Path
    """The file as the bank names it: the bank's folder (as given) and the reference."""
    name: str
    type: MediaType
    size: int
    sha256: str

    def copy_to(self, writer: IO[bytes]) -> None:
        """Stream the file into `writer`, checking it is still the file that was hashed
        (opened as it was: without blocking, a regular file, read within its size)."""
        digest = hashlib.sha256()
        try:
            reader, _status = open_regular(self.source)
        except FileProblem as problem:
            message = f"`{self.path}` {problem} now; build again"
            raise OSError(0, message, str(self.source)) from None
        with reader:
            for chunk in chunks(reader, self.size):
                digest.update(chunk)
                writer.write(chunk)
        if digest.hexdigest() != self.sha256:
            message = f"`{self.path}` changed during the build; build again"
            raise OSError(0, message, str(self.source))


@dataclass
class BankMedia:
    """Every media file a bank uses, and which reference in its text means which file."""

    by_reference: dict[str, MediaFile] = field(default_factory=dict)
    """Keyed by the image's `src` as the Markdown renderer gives it."""

    @property
    def files(self) -> list[MediaFile]:
        """Each file once, in the order of their names: the package's fixed order."""
        unique = {media.name: media for media in self.by_reference.values()}
        return [unique[name] for name in sorted(unique)]

    def shown_by_one_note(self) -> NoteMedia:
        """A fresh record of the files one note's fields show, filled as they render."""
        return NoteMedia(self)


@dataclass
class NoteMedia:
    """The bank's media as one note's texts render: which of the files it shows."""

    bank: BankMedia
    shown: dict[str, MediaFile] = field(default_factory=dict)

    def image_html(self, src: str, alt: str) -> str:
        """What the card shows for `![alt](src)` (the Markdown renderer's image hook):
        the file as an image, or a sound's play button; a picture written into the
        text as it is."""
        if is_inline_image(src):
            return alt_text_only(src, alt)
        found = self.bank.by_reference.get(src)
        if found is None:
            raise ValueError(
                f"image `{src}` was never checked: bank.bank_texts must list every text "
                "that render.py renders as Markdown"
            )
        self.shown[found.name] = found
        if found.type.kind == "sound":
            label = f' <span class="mcq-sound-label">{escape(alt)}</span>' if alt else ""
            return f'<span class="mcq-sound">[sound:{found.name}]{label}</span>'
        return f'<img class="mcq-image" src="{escape(found.name)}" alt="{escape(alt)}">'

    @property
    def files(self) -> tuple[MediaFile, ...]:
        """Each file the note shows, once, in the order of their names."""
        return tuple(self.shown[name] for name in sorted(self.shown))


_PLAY_BUTTON = re.compile(r'(<span class="mcq-sound">)\[sound:[^\]]+\] ?')


def without_sounds(html: str) -> str:
    """Rendered text with each sound's play button taken out and its label kept: for a
    field that text to speech reads aloud, which would otherwise read the `[sound:...]` tag."""
    return _PLAY_BUTTON.sub(r"\1", html)


class MediaProblem(Exception):
    """A reference that cannot become a media file; the message says why."""


def bank_media(loaded: LoadedBank, limits: MediaLimits | None = None) -> BankMedia:
    """The loaded bank's media, or `BankError` with every reference that cannot be used.

    Each distinct reference is checked once; a problem is reported at every
    place that makes it, at the reference's path in the text.
    """
    limits = limits or MediaLimits()
    bank_path, bank, positions = loaded.path, loaded.bank, loaded.positions
    folder = bank_path.parent.resolve()
    media = BankMedia()
    failed: dict[str, str] = {}
    problems: list[Problem] = []
    names: set[str] = set()
    total = 0
    over_total = False
    for place, where, text in bank_texts(bank):
        for src in image_references(text):
            if src not in media.by_reference and src not in failed:
                try:
                    found = _media_file(folder, bank_path.parent, src, limits)
                except MediaProblem as problem:
                    failed[src] = str(problem)
                else:
                    media.by_reference[src] = found
                    if found.name not in names:
                        names.add(found.name)
                        total += found.size
            message = failed.get(src)
            if message is None and total > limits.max_bank_bytes and not over_total:
                over_total = True
                message = (
                    f"the bank's media come to {total:,} bytes with `{src}`, over the "
                    f"limit of {limits.max_bank_bytes:,} (raise it with --max-bank-media-mb)"
                )
            if message is not None:
                line, column = written_at(positions, place, text, src)
                problems.append(Problem(str(bank_path), line, column, where, message))
    if problems:
        raise BankError(problems)
    return media


def _media_file(folder: Path, given_folder: Path, src: str, limits: MediaLimits) -> MediaFile:
    """The file `src` names in the bank's `folder` (`given_folder` as the caller named it)."""
    if is_inline_image(src):
        raise MediaProblem(
            f"`{shortened(src)}` is not an image a card can show from the text itself "
            "(only PNG, GIF, JPEG or WebP, as `data:image/png;base64,...`); save the file "
            "in the bank's folder and give its path"
        )
    if is_url(src):
        raise MediaProblem(
            f"`{shortened(src)}` is a URL, and a card may not load anything from the network: "
            "save the file in the bank's folder and give its path (or link to it instead: "
            "`[text](url)`)"
        )
    try:
        reference = decoded_path(src)
    except FileProblem as problem:
        raise MediaProblem(str(problem)) from None
    if not reference.strip():
        raise MediaProblem("an image without a path: write `![Alt text](folder/file.png)`")
    if "\\" in reference:
        raise MediaProblem(f"`{reference}`: write paths with `/`, not `\\`")
    if reference.startswith("/"):
        raise MediaProblem(
            f"`{reference}` is an absolute path; give the path relative to the bank's folder"
        )
    relative = posixpath.normpath(reference)
    if relative == ".." or relative.startswith("../"):
        raise MediaProblem(
            f"`{reference}` leaves the bank's folder; keep media in the bank's folder or below it"
        )
    try:
        relative = found_in(folder, relative)
    except FileProblem as problem:
        raise MediaProblem(f"`{reference}` {problem}") from None
    path = folder / relative
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        raise MediaProblem(
            f"`{reference}` does not exist (paths are relative to the bank's folder)"
        ) from None
    except (OSError, RuntimeError) as error:
        raise MediaProblem(f"cannot read `{reference}`: {_reason(error)}") from None
    if not real.is_relative_to(folder):
        raise MediaProblem(
            f"`{reference}` is a link to a file outside the bank's folder; "
            "copy the file into the folder instead"
        )
    if real.is_dir():
        raise MediaProblem(f"`{reference}` is a directory, not a file")
    claimed = TYPE_BY_EXTENSION.get(path.suffix.lower())
    if claimed is None:
        what = f"type `{path.suffix}`" if path.suffix else "a file without an extension"
        raise MediaProblem(f"`{reference}` is {what}, which cards cannot use; use {SUPPORTED}")
    try:
        head, sha256, size = hashed(real, limits.max_file_bytes)
    except FileProblem as problem:
        raise MediaProblem(f"`{reference}` {problem}") from None
    except OSError as error:
        raise MediaProblem(f"cannot read `{reference}`: {_reason(error)}") from None
    actual = sniff(head)
    if actual is not claimed:
        content = f"{actual.label} data" if actual else f"not {claimed.label} data"
        advice = f"; rename it to {actual.extensions[0]}" if actual else ""
        raise MediaProblem(
            f"`{reference}` is named as {claimed.label} but its content is {content}{advice}"
        )
    return MediaFile(
        source=real,
        path=given_folder / relative,
        name=package_name(sha256, path.stem, path.suffix.lower()),
        type=claimed,
        size=size,
        sha256=sha256,
    )


def package_name(sha256: str, stem: str, extension: str) -> str:
    """`mcq-<hash>-<stem><ext>`: unique by content, readable in the learner's media folder.

    The stem keeps only ASCII letters, digits and hyphens, which every client,
    file system and Anki's `[sound:...]` tag take as they are.
    """
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    readable = re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")[:_STEM_CHARS]
    readable = readable.strip("-") or "file"
    return f"{NAME_PREFIX}{sha256[:_HASH_CHARS]}-{readable}{extension}"


def written_at(positions: Positions, place: DataPath, text: str, src: str) -> Mark:
    """Where the author wrote the reference `src` in the text at `place`: as itself, or
    with its %-escapes."""
    return positions.within(place, unquote(src) if unquote(src) in text else src)


def _reason(error: BaseException) -> str:
    strerror: Any = getattr(error, "strerror", None)
    return str(strerror or error)
