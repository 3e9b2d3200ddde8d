"""Push built packages into a running Anki, and count what the import did there.

A push is Anki's own import of the package (AnkiConnect's `importPackage`),
so it keeps every rule that makes a re-import safe: the same GUIDs, the
same modification times, no second way of writing notes. What it did is
measured by asking the collection before and after, never assumed: the
notes of the bank's note type (found by its id, which the bank's `deck.id`
fixes, so a learner's renaming it or moving cards to another deck does not
hide them), their fields and tags.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.ankiconnect import AnkiConnect, AnkiConnectError
from generator.bank import REMOVED_TAG, Bank
from generator.build import BuildResult
from generator.identity import model_id
from generator.limits import Limits
from generator.pipeline import Done, build_banks


@dataclass(frozen=True)
class Pushed:
    """What a push did: the build, then each import until the first that failed."""

    done: Done[BuildResult]
    pushed: list[tuple[BuildResult, PushCounts]] = field(default_factory=list)
    error: str | None = None
    """Why AnkiConnect stopped the push, if it did."""

    @property
    def not_pushed(self) -> list[Path]:
        """The packages built but not imported, for the author to import by hand."""
        if self.error is None:
            return []
        return [result.package for result in self.done.results[len(self.pushed) :]]

    @property
    def failed(self) -> bool:
        return self.done.failed or self.error is not None


def push_banks(
    paths: Sequence[Path],
    out_dir: Path,
    anki: AnkiConnect,
    limits: Limits | None = None,
    *,
    strict: bool = False,
) -> Pushed:
    """Build the banks as `build_banks` does, with all its checks, then import each package
    into the running Anki; a bank with problems is neither built nor pushed."""
    done = build_banks(paths, out_dir, limits, strict=strict)
    pushed: list[tuple[BuildResult, PushCounts]] = []
    try:
        if done.results:
            anki.check()
        for result in done.results:
            pushed.append((result, push_package(anki, result.package, result.bank)))
    except AnkiConnectError as error:
        return Pushed(done, pushed, str(error))
    return Pushed(done, pushed)


@dataclass(frozen=True)
class PushCounts:
    """What one import did to the bank's notes in the collection."""

    new: int
    updated: int
    unchanged: int
    removed: int
    """Notes tagged `bank::removed` after the import, for the learner to delete."""

    def summary(self) -> str:
        return (
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.removed} tagged {REMOVED_TAG}"
        )


NoteState = tuple[tuple[tuple[str, str], ...], tuple[str, ...]]


def push_package(anki: AnkiConnect, package: Path, bank: Bank) -> PushCounts:
    """Import `package` (built from `bank`) into the running Anki and count what changed."""
    query = bank_notes_query(bank)
    before = _note_states(anki, query)
    # Anki reads the file itself, from its own process: the path must be absolute.
    anki.import_package(str(package.resolve()))
    after = _note_states(anki, query)
    kept = after.keys() & before.keys()
    updated = sum(1 for note in kept if after[note] != before[note])
    removed_tag = REMOVED_TAG.casefold()  # Anki's tags ignore case.
    return PushCounts(
        new=len(after.keys() - before.keys()),
        updated=updated,
        unchanged=len(kept) - updated,
        removed=sum(
            1 for _, tags in after.values() if any(t.casefold() == removed_tag for t in tags)
        ),
    )


def bank_notes_query(bank: Bank) -> str:
    """An Anki search for the notes of the bank's note type, wherever their cards are."""
    return f"mid:{model_id(bank.deck.id)}"


def _note_states(anki: AnkiConnect, query: str) -> dict[int, NoteState]:
    note_ids = anki.find_notes(query)
    if not note_ids:
        return {}
    return {
        info["noteId"]: (
            tuple(sorted((name, value["value"]) for name, value in info["fields"].items())),
            tuple(sorted(info["tags"])),
        )
        for info in anki.notes_info(note_ids)
        if info  # The add-on answers {} for a note deleted in between.
    }
