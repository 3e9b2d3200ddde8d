"""Write the .apkg: Anki's package format is kept in this one module.

genanki builds the collection; this module pins everything genanki would
take from the clock (note and note type `mod`, ids, zip entry dates) to the
times in the lock, so the same input gives the same bytes, and it replaces
the output whole, so a failed build leaves the previous package as it was.
The notes' media files follow the collection in the zip, in the order of
their names, each streamed from the bank's folder, with Anki's `media` map.
"""

from __future__ import annotations

import errno
import itertools
import json
import shutil
import sqlite3
import zipfile
from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path
from typing import Any

from generator.atomic import replaced, scratch_directory
from generator.bank import DeckInfo
from generator.genanki_lean import genanki
from generator.identity import anki_deck_id
from generator.lock import Lock
from generator.media import MediaFile
from generator.notetype import SORT_FIELD, NoteType
from generator.render import RenderedNote

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
DEFLATE_LEVEL = 1
"""zlib's fastest level: measured on the 10,000-question benchmark bank, its 48 MB
collection deflates in 0.35 s to 9.5 MB, against 1.1 s to 7.8 MB at zlib's default (6);
a build is run far more often than its package is copied anywhere."""


class _Model(genanki.Model):
    """A genanki model whose `mod` is the note type's last change, not the build time."""

    def __init__(self, note_type: NoteType, mod: int):
        super().__init__(
            model_id=note_type.id,
            name=note_type.name,
            # genanki passes the `id` keys through to the note type's JSON.
            fields=[
                {"name": name, "id": id_}
                for name, id_ in zip(note_type.fields, note_type.field_ids, strict=True)
            ],
            templates=[
                {"name": t.name, "id": id_, "qfmt": t.front, "afmt": t.back}
                for t, id_ in zip(note_type.templates, note_type.template_ids, strict=True)
            ],
            css=note_type.css,
            sort_field_index=SORT_FIELD,
        )
        self.mod = mod

    def to_json(self, timestamp: float, deck_id: int) -> dict[str, Any]:
        return super().to_json(self.mod, deck_id)


class _Note(genanki.Note):
    """A genanki note whose `mod` is the time its content last changed."""

    def __init__(self, model: _Model, note: RenderedNote, mod: int):
        super().__init__(
            model=model, fields=list(note.fields), tags=list(note.tags), guid=note.guid
        )
        self.mod = mod

    def write_to_db(self, cursor: sqlite3.Cursor, timestamp: float, deck_id: int, id_gen: Any):
        super().write_to_db(cursor, self.mod, deck_id, id_gen)

    def _check_invalid_html_tags_in_fields(self) -> None:
        """Skipped: genanki's scan of every field for unknown HTML tags only warns, our
        fields are HTML the tool made, and the scan was a third of writing the collection."""


def write_package(
    path: Path,
    deck: DeckInfo,
    note_type: NoteType,
    notes: Sequence[RenderedNote],
    lock: Lock,
    *,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Write the deck's package to `path`, replacing any previous one only when complete
    (and after `before_replace`, if given, has run)."""
    assert lock.created is not None and lock.note_type is not None, "lock must be stamped"
    model = _Model(note_type, lock.note_type.changed)
    anki_deck = genanki.Deck(anki_deck_id(deck.id), deck.name, escape(deck.description))
    anki_deck.add_model(model)
    for note in notes:
        anki_deck.add_note(_Note(model, note, lock.notes[note.question_id].changed))

    with scratch_directory() as scratch:
        collection = scratch / "collection.anki2"
        connection = sqlite3.connect(collection)
        try:
            # A scratch file, zipped when complete: no need to wait for the disk at
            # each step (these settings change nothing in the file's content).
            connection.execute("PRAGMA synchronous = OFF")
            connection.execute("PRAGMA journal_mode = MEMORY")
            # Ids count up from the deck's creation time: stable for a given bank.
            ids = itertools.count(lock.created * 1000)
            genanki.Package(anki_deck).write_to_db(connection.cursor(), lock.created, ids)
            connection.commit()
        except sqlite3.Error as error:
            # A full disk or a file size limit, met by SQLite rather than by Python.
            raise OSError(errno.EIO, f"while writing the collection: {error}") from error
        finally:
            connection.close()
        media = _media_files(notes)
        with (
            replaced(path, before_replace=before_replace) as output,
            zipfile.ZipFile(output, "w") as archive,
        ):
            _add_file(archive, "collection.anki2", collection)
            # Anki's media map: zip entry "0" holds the file named media[0], and so on.
            names = {str(number): file.name for number, file in enumerate(media)}
            _add_bytes(archive, "media", json.dumps(names, ensure_ascii=False).encode())
            for number, file in enumerate(media):
                _add_media(archive, str(number), file)


def _media_files(notes: Sequence[RenderedNote]) -> list[MediaFile]:
    """Every file the notes show, once, in the order of their names (so the bytes are stable)."""
    by_name = {file.name: file for note in notes for file in note.media}
    return [by_name[name] for name in sorted(by_name)]


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    # The level's public name from Python 3.13 on is `compress_level`, which keeps this
    # one as its alias; before 3.13, a ZipInfo given to `open` has only this one.
    info._compresslevel = DEFLATE_LEVEL
    info.external_attr = 0o644 << 16
    return info


def _add_file(archive: zipfile.ZipFile, name: str, source: Path) -> None:
    # force_zip64: a collection may pass 2 GiB, and zipfile must know before it starts.
    with source.open("rb") as reader, archive.open(_entry(name), "w", force_zip64=True) as writer:
        shutil.copyfileobj(reader, writer, 1024 * 1024)


def _add_media(archive: zipfile.ZipFile, name: str, file: MediaFile) -> None:
    """One file, streamed from the bank's folder: a bank's media are never all in memory."""
    info = _entry(name)
    info.file_size = file.size  # zipfile decides from it whether the entry needs zip64
    if file.type.compressed:
        info.compress_type = zipfile.ZIP_STORED
    with archive.open(info, "w") as writer:
        file.copy_to(writer)


def _add_bytes(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    archive.writestr(_entry(name), data)
