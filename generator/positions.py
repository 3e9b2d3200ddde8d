"""Where each value and key of a bank file is, as the YAML walk found them.

Checks that run on a bank after it loaded (Anki's text rules, media,
clashes between banks, item-writing warnings) know the path of what they
report, such as `("questions", 3, "options", 1, "text")`, not its line.
The walk (`generator.yaml_walk`) leaves a spot for every value, in a tree
shaped like the data: one whole number per value packing its key's line
and column, its own line and column, and where its source starts and ends.
Packed, the spots of a large bank cost about a tenth of its data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.bank import DataPath
from generator.problems import START, Mark, Problem

_BITS = 32
_FIELD = (1 << _BITS) - 1


class MappingSpots(list):  # type: ignore[type-arg]
    """A mapping's spots: its own, then each key followed by its value's spot."""

    __slots__ = ()


Spot = int | tuple[int, str] | list
"""A scalar's packed place; with what was written, for one YAML read as other than text;
or a collection's spots (a sequence's: its own, then each item's)."""


def spot(key: yaml.Mark | None, start: yaml.Event, end: yaml.Event | None = None) -> int:
    """The packed place of a value that starts with `start` and ends with `end`, whose key
    (if it has one) is at `key`."""
    begin = start.start_mark
    key = key or begin
    finish = (end or start).end_mark.index
    # Six 32-bit fields, key line first: one int, a third of the memory of a tuple.
    return (
        (((key.line << _BITS | key.column) << _BITS | begin.line) << _BITS | begin.column) << _BITS
        | begin.index
    ) << _BITS | finish


def scalar_spot(key: yaml.Mark | None, event: yaml.ScalarEvent) -> tuple[int, str]:
    """The spot of a scalar YAML read as something other than text, with how it is written."""
    return spot(key, event), event.value


def question_names(data: Any) -> list[str | None]:
    """Each question's id, where it is a text that names it, for messages."""
    questions = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(questions, list):
        return []
    names = []
    for question in questions:
        name = question.get("id") if isinstance(question, dict) else None
        names.append(name if isinstance(name, str) and name.strip() else None)
    return names


class Positions:
    """The places of a bank file's values and keys, and the question each belongs to."""

    def __init__(self, file: str, root: Spot | None = None, names: list[str | None] = ()):
        self.file = file
        self._root = root
        self._names = names
        self._text: str | None = None

    def value(self, path: DataPath) -> Mark:
        """Where the value at `path` starts, or else its nearest enclosing value."""
        found, _ = self._find(path)
        return START if found is None else _unpack(found)[1]

    def key(self, path: DataPath) -> Mark:
        """Where the key that names the value at `path` is (its value's place for a list
        item, or the nearest enclosing value's when there is no such value)."""
        found, whole = self._find(path)
        if found is None:
            return START
        key, value, _, _ = _unpack(found)
        return key if whole else value

    def within(self, path: DataPath, needle: str) -> Mark:
        """Where `needle` (a path or URL inside a text, say) first appears in the source
        of the value at `path`; where the value starts when it is not written as is
        there (an escape in a quoted string, a line folded inside it)."""
        found, _ = self._find(path)
        if found is None:
            return START
        _, value, start, end = _unpack(found)
        source = self._source()
        at = source.find(needle, start, end) if needle and source else -1
        if at < 0:
            return value
        line = value.line + source.count("\n", start, at)
        return Mark(line, at - (source.rfind("\n", 0, at) + 1) + 1)

    def written(self, path: DataPath) -> str | None:
        """How the file writes a value YAML did not read as text (`010`, read as 8)."""
        found, whole = self._find(path)
        return found[1] if whole and isinstance(found, tuple) else None

    def question(self, path: DataPath) -> str:
        """The name messages give the part of the bank at `path`: a question's id (or
        its position when it has none), "deck" or "bank"."""
        if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
            index = path[1]
            name = self._names[index] if 0 <= index < len(self._names) else None
            return name or f"question #{index + 1}"
        return "deck" if path[:1] == ("deck",) else "bank"

    def problem(
        self, path: DataPath, message: str, *, at_key: bool = False, mark: Mark | None = None
    ) -> Problem:
        """A problem about the value at `path` (or its key, or at `mark`), named after its
        question."""
        mark = mark or (self.key(path) if at_key else self.value(path))
        return Problem(self.file, mark.line, mark.column, self.question(path), message)

    def _find(self, path: DataPath) -> tuple[Spot | None, bool]:
        """The spot of the deepest value on `path`, and whether it is the whole path's."""
        current = self._root
        if current is None:
            return None, False
        for part in path:
            child = _child(current, part)
            if child is None:
                return current, False
            current = child
        return current, True

    def _source(self) -> str:
        """The file's text, read again for the rare message that quotes inside a value."""
        if self._text is None:
            try:
                self._text = Path(self.file).read_bytes().decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                self._text = ""
        return self._text


def _child(spots: Spot, part: str | int) -> Spot | None:
    if isinstance(spots, MappingSpots):
        if isinstance(part, str):
            for at in range(1, len(spots), 2):
                if spots[at] == part:
                    return spots[at + 1]
        return None
    if isinstance(spots, list) and isinstance(part, int) and 0 <= part < len(spots) - 1:
        return spots[part + 1]
    return None


def _unpack(found: Spot) -> tuple[Mark, Mark, int, int]:
    """A spot's key mark, value mark, and where its source starts and ends."""
    packed = found[0] if isinstance(found, tuple | list) else found
    fields = []
    for _ in range(6):
        fields.append(packed & _FIELD)
        packed >>= _BITS
    end, start, column, line, key_column, key_line = fields
    return Mark(key_line + 1, key_column + 1), Mark(line + 1, column + 1), start, end
