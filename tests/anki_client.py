"""The real Anki, driven the way a learner's client drives it: import, review, read cards."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anki.collection import (
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition


def import_package(collection: Collection, package: Path, **options: Any) -> Any:
    """Import as File > Import does; Anki's default options unless `options` says otherwise.

    Returns Anki's import log (its `new`, `updated`, `duplicate` notes...).
    """
    request = ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions(**options)
    )
    return collection.import_anki_package(request).log


@dataclass(frozen=True)
class ImportCounts:
    new: int
    updated: int
    duplicate: int
    conflicting: int
    first_field_updated: tuple[str, ...]


class AnkiClient:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.col = Collection(str(path))

    def close(self) -> None:
        self.col.close()

    def import_package(self, package: Path, *, update_notes: str = "if_newer") -> ImportCounts:
        """Import as File > Import does, with Anki's default options unless told otherwise."""
        condition = getattr(
            ImportAnkiPackageUpdateCondition,
            f"IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_{update_notes.upper()}",
        )
        log = import_package(
            self.col,
            package,
            update_notes=condition,
            update_notetypes=condition,
            with_scheduling=False,
        )
        return ImportCounts(
            new=len(log.new),
            updated=len(log.updated),
            duplicate=len(log.duplicate),
            conflicting=len(log.conflicting),
            first_field_updated=tuple(note.fields[0] for note in log.updated),
        )

    def cards(self, query: str = "") -> list:
        return [self.col.get_card(card_id) for card_id in sorted(self.col.find_cards(query))]

    def notes(self, query: str = "") -> list:
        return [self.col.get_note(note_id) for note_id in sorted(self.col.find_notes(query))]

    def review(self, deck_name: str, count: int, ease: int = 4) -> int:
        """Study `deck_name`: answer up to `count` of the cards offered now, pressing `ease`."""
        deck_id = self.col.decks.id_for_name(deck_name)
        assert deck_id, f"no deck named {deck_name!r}"
        self.col.decks.select(deck_id)
        answered = 0
        while answered < count and (queued := self.col.sched.get_queued_cards().cards):
            card = self.col.get_card(queued[0].card.id)
            card.start_timer()
            self.col.sched.answerCard(card, ease)
            answered += 1
        return answered

    def scheduling_snapshot(self) -> dict[int, tuple]:
        """Per card: what the scheduler knows. Unchanged across a re-import means nothing lost."""
        rows = self.col.db.all("select id, nid, did, type, queue, due, ivl, reps from cards")
        return {row[0]: tuple(row[1:]) for row in rows}

    def review_log(self) -> list[tuple]:
        return self.col.db.all("select id, cid, ease, ivl, type from revlog order by id")
