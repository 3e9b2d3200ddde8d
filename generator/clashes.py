"""Checks across banks: what no single bank can know is wrong.

Every bank becomes its own deck, and its Anki deck, note type and notes take
their ids from its `deck.id` and question ids (`generator.identity`). Two
banks that claim the same deck id would fill one deck and one note type in a
learner's collection, and notes with the same GUID would overwrite each
other on import; two deck names Anki takes for one deck would merge two
banks' cards into one deck. So all are errors, reported at the second bank's line with
the first bank's file and line in the message.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.bank import DataPath
from generator.identity import anki_deck_id, model_id, note_guid
from generator.loader import LoadedBank
from generator.positions import Positions
from generator.printable import counted
from generator.problems import Problem

_GUID_EXAMPLES = 5


@dataclass(frozen=True)
class Clash:
    """Two banks that cannot be imported side by side; `problem` names both files."""

    problem: Problem
    banks: tuple[Path, Path]


def find_clashes(banks: Sequence[LoadedBank]) -> list[Clash]:
    """Every clash between `banks`, in file order."""
    clashes: list[Clash] = []
    for later_index, later in enumerate(banks):
        for earlier in banks[:later_index]:
            clashes += _clashes_between(earlier, later)
    return clashes


def package_name_clashes(bank_paths: Sequence[Path]) -> list[Clash]:
    """Banks with the same file name (in different folders) would write the same package."""
    first_by_stem: dict[str, Path] = {}
    clashes = []
    for path in bank_paths:
        earlier = first_by_stem.setdefault(path.stem, path)
        if earlier is not path:
            message = (
                f"would write the same package `{path.stem}.apkg` as {earlier}; "
                "rename one of the files"
            )
            clashes.append(Clash(Problem(str(path), 1, 1, "bank", message), (earlier, path)))
    return clashes


BANK_SUFFIXES = (".yaml", ".yml")
"""The names of banks in a folder (as the Makefile finds them)."""


def twin_problem(bank_path: Path) -> Problem | None:
    """A `x.yaml` beside a `x.yml`: one lock file and one package for two banks."""
    if bank_path.suffix not in BANK_SUFFIXES:
        return None
    twins = sorted(
        twin.name for suffix in BANK_SUFFIXES if (twin := bank_path.with_suffix(suffix)).exists()
    )
    if len(twins) < 2:
        return None
    message = (
        f"`{twins[0]}` and `{twins[1]}` are both in the folder: they would share one lock "
        f"file (`{bank_path.stem}.lock.json`) and one package (`{bank_path.stem}.apkg`); "
        "rename or remove one of them"
    )
    return Problem(str(bank_path), 1, 1, "bank", message)


def outputs_over_inputs(outputs: dict[Path, dict[str, Path]]) -> dict[Path, Problem]:
    """Banks (keys of `outputs`) one of whose outputs (by what it is: "package"...) would
    replace a bank of the run, each with the problem that says which."""
    inputs = {bank.resolve(): bank for bank in outputs}
    problems = {}
    for bank, files in outputs.items():
        for what, path in files.items():
            replaced = inputs.get(path.resolve())
            if replaced is not None:
                whose = "the bank itself" if replaced == bank else f"the bank {replaced}"
                message = (
                    f"its {what} `{path}` would replace {whose}; write it elsewhere "
                    "(`--out`), or rename the bank"
                )
                problems[bank] = Problem(str(bank), 1, 1, "bank", message)
                break
    return problems


def _clashes_between(earlier_bank: LoadedBank, later_bank: LoadedBank) -> list[Clash]:
    pair = (earlier_bank.path, later_bank.path)
    earlier, later = earlier_bank.bank, later_bank.bank
    earlier_positions, later_positions = earlier_bank.positions, later_bank.positions
    clashes = []
    deck_message = _deck_clash(earlier.deck.id, later.deck.id)
    if deck_message is not None:
        deck_id = ("deck", "id")
        problem = later_positions.problem(
            deck_id,
            f"{deck_message} {_place(earlier_positions, deck_id)}; "
            "give each bank its own `deck.id`",
        )
        clashes.append(Clash(problem, pair))
    if _anki_deck_key(earlier.deck.name) == _anki_deck_key(later.deck.name):
        name = ("deck", "name")
        same = "the same deck name" if earlier.deck.name == later.deck.name else "deck name"
        problem = later_positions.problem(
            name,
            f"{same} {later.deck.name!r} is, to Anki, the deck {earlier.deck.name!r} of "
            f"{_place(earlier_positions, name)} (Anki matches deck names ignoring case): "
            "importing both would merge them into one deck; give each bank its own `deck.name`",
        )
        clashes.append(Clash(problem, pair))

    earlier_guids = {
        note_guid(earlier.deck.id, question.id): index
        for index, question in enumerate(earlier.questions)
    }
    shared = [
        (index, earlier_guids[guid])
        for index, question in enumerate(later.questions)
        if (guid := note_guid(later.deck.id, question.id)) in earlier_guids
    ]
    if shared:
        first_index, first_earlier_index = shared[0]
        names = ", ".join(f"`{later.questions[index].id}`" for index, _ in shared[:_GUID_EXAMPLES])
        if len(shared) > _GUID_EXAMPLES:
            names += f" and {len(shared) - _GUID_EXAMPLES} more"
        earlier_id = ("questions", first_earlier_index, "id")
        problem = later_positions.problem(
            ("questions", first_index, "id"),
            f"{counted(len(shared), 'question')} ({names}) would have "
            f"the same note GUIDs as in {_place(earlier_positions, earlier_id)}: "
            "importing one bank would overwrite the other's notes "
            "(a GUID derives from `deck.id` and the question's `id`)",
        )
        clashes.append(Clash(problem, pair))
    return clashes


def _anki_deck_key(name: str) -> str:
    """What Anki matches deck names by: their NFC form, ignoring case."""
    return unicodedata.normalize("NFC", name).casefold()


def _place(positions: Positions, path: DataPath) -> str:
    mark = positions.value(path)
    return f"{positions.file}:{mark.line}:{mark.column}"


def _deck_clash(earlier_id: str, later_id: str) -> str | None:
    if earlier_id == later_id:
        return f"deck id `{later_id}` is also claimed by"
    same_deck = anki_deck_id(earlier_id) == anki_deck_id(later_id)
    if same_deck or model_id(earlier_id) == model_id(later_id):
        return f"deck id `{later_id}` gives the same Anki ids as `{earlier_id}` in"
    return None
