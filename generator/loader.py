"""Load a bank file: read it, walk its YAML, validate it, check it as Anki will read it.

The first stage of the pipeline, in four steps of their own: `reading` (the
file as a file), `yaml_walk` (text to plain data and where each value is,
refusing what YAML should not do in a bank), `validation` (data to the `Bank`
class, with messages an author understands) and `anki_text` (what Anki would
refuse or rewrite, and what a card would load). Nothing here raises anything
but `BankError`, which carries all the problems found at once, each pointing
at a file, line, column and question.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.anki_text import anki_problems
from generator.bank import Bank
from generator.limits import MAX_BANK_BYTES
from generator.positions import Positions
from generator.problems import BankError, Problem
from generator.reading import read_bank_text
from generator.validation import validated_bank
from generator.yaml_walk import parse_yaml

__all__ = ["BankError", "LoadedBank", "Problem", "load", "load_bank"]


@dataclass(frozen=True)
class LoadedBank:
    """A valid bank, the file it came from, and where each of its values is there."""

    path: Path
    bank: Bank
    positions: Positions


def load(path: Path, *, max_bytes: int = MAX_BANK_BYTES) -> LoadedBank:
    """Read, parse and validate the bank at `path`, or raise `BankError`."""
    text = read_bank_text(path, max_bytes)
    parsed = parse_yaml(text, str(path))
    del text  # the data holds what is needed; the file's text can go before validating
    if parsed.problems:
        raise BankError(parsed.problems)
    bank = validated_bank(parsed.positions, parsed.data)
    problems = anki_problems(bank, parsed.positions)
    if problems:
        raise BankError(problems)
    return LoadedBank(path, bank, parsed.positions)


def load_bank(path: Path, *, max_bytes: int = MAX_BANK_BYTES) -> Bank:
    """The bank at `path`, validated, or `BankError`."""
    return load(path, max_bytes=max_bytes).bank
