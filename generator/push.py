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

from generator.ankiconnect import AnkiConnect
from generator.bank import Bank
from generator.build import BuildError, BuildResult, build_bank, lock_home_problem
from generator.identity import model_id
from generator.media import BankMedia, MediaLimits
from generator.printable import printable
from generator.render import REMOVED_TAG


@dataclass(frozen=True)
class BuiltBank:
    bank_path: Path
    result: BuildResult
    media: BankMedia
    """The images and sounds the bank uses: a change to one is a change to the deck."""


@dataclass
class BuildOutcome:
    built: list[BuiltBank] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """Every problem and failure, each a line for the author."""
    warnings: list[str] = field(default_factory=list)
    failed: bool = False


def build_for_push(
    bank_paths: Sequence[Path],
    out_dir: Path,
    *,
    max_bytes: int,
    media_limits: MediaLimits | None = None,
    strict: bool = False,
) -> BuildOutcome:
    """Build the banks as `build` does, with all its checks; a bank with problems is left out."""
    from generator.banks import load_banks
    from generator.itemwriting import bank_warnings

    outcome = BuildOutcome()
    unfit = {path: lock_home_problem(path) for path in bank_paths}
    outcome.errors += [printable(f"error: {problem}") for problem in unfit.values() if problem]
    fit = [path for path, problem in unfit.items() if problem is None]
    loaded = load_banks(
        fit, max_bytes=max_bytes, to_one_directory=True, media_limits=media_limits
    )
    outcome.errors += [str(problem) for group in loaded.problem_groups for problem in group]
    outcome.failed = loaded.failed or len(fit) < len(unfit)
    for bank_path, bank in loaded.banks:
        warnings = bank_warnings(bank_path, bank)
        outcome.warnings += [str(warning) for warning in warnings]
        if strict and warnings:
            outcome.errors.append(printable(f"error: {bank_path}: not built (--strict)"))
            outcome.failed = True
            continue
        media = loaded.media[bank_path]
        try:
            result = build_bank(bank_path, out_dir, bank=bank, media=media)
        except BuildError as error:
            outcome.errors.append(printable(f"error: {error}"))
            outcome.failed = True
            continue
        except OSError as error:
            outcome.errors.append(
                printable(f"error: cannot write {error.filename}: {error.strerror}")
            )
            outcome.failed = True
            continue
        outcome.built.append(BuiltBank(bank_path, result, media))
    return outcome


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
