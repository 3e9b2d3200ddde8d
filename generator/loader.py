"""Load a bank file: read it, parse its YAML strictly, validate it against the format.

The first stage of the pipeline, in four steps of their own: `reading` (the
file as a file), `strict_yaml` (text to plain data, refusing what YAML should
not do in a bank), `validation` (data to the `Bank` class, with messages an
author understands) and `anki_text` (what Anki would refuse or rewrite, and
what a card would load). Nothing here raises anything but `BankError`, which
carries all the problems found at once, each pointing at a file, line,
column and question.
"""

from __future__ import annotations

from pathlib import Path

from generator.anki_text import anki_problems
from generator.bank import Bank
from generator.collector import cycle_collector_paused
from generator.problems import BankError, Problem
from generator.reading import DEFAULT_MAX_BYTES, read_bank_text
from generator.strict_yaml import YamlDocument
from generator.validation import validated_bank

__all__ = ["DEFAULT_MAX_BYTES", "BankError", "Problem", "load_bank"]


@cycle_collector_paused()
def load_bank(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Bank:
    """Read, parse and validate the bank at `path`, or raise `BankError`."""
    text = read_bank_text(path, max_bytes)
    document = YamlDocument(str(path))
    data = document.parse(text)
    if document.problems:
        raise BankError(document.problems)
    try:
        bank = validated_bank(document, data)
    except BankError:
        if document.careful:
            raise
        bank = None
    if bank is None:
        # The plain parse kept no places: the messages come from a careful parse,
        # the one reporting path every problem of a bank goes through.
        del data
        document = YamlDocument(str(path), careful=True)
        data = document.parse(text)
        if document.problems:
            raise BankError(document.problems)
        bank = validated_bank(document, data)
    problems = anki_problems(bank, document.positions)
    if problems:
        raise BankError(problems)
    return bank
