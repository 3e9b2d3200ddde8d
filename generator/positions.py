"""Where a value of a bank file is, found only when a message needs it.

Checks that run on a bank after it loaded (item-writing warnings, clashes
between banks, media references...) know the path of what they report, such
as `("questions", 3, "options", 1, "text")`, not its line. `Positions`
re-reads the file's YAML the first time a place is asked for, so a bank
with nothing to report costs no position bookkeeping at all.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.collector import cycle_collector_paused
from generator.problems import START, Mark, Problem

DataPath = tuple[str | int, ...]
"""Keys and list indexes from the top of the bank down to a value."""

_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Positions:
    """The places of a bank file's values and keys, and the question each belongs to."""

    def __init__(self, path: Path | str, text: str | None = None):
        self.file = str(path)
        self._text = text
        self._root: yaml.Node | None = None
        self._composed = False

    def value(self, path: DataPath) -> Mark:
        """Where the value at `path` starts, or else its nearest enclosing value."""
        node, _key = self._find(path)
        return Mark.of(node.start_mark) if node is not None else START

    def within(self, path: DataPath, needle: str) -> Mark:
        """Where `needle` (a path or URL inside a text, say) first appears in the source
        of the value at `path`; where the value starts when it is not written as is
        there (an escape in a quoted string, a line folded inside it)."""
        node, _key = self._find(path)
        if node is None:
            return START
        source = self._text or ""
        start, end = node.start_mark.index, node.end_mark.index
        found = source.find(needle, start, end) if needle else -1
        if found < 0:
            return Mark.of(node.start_mark)
        line = node.start_mark.line + 1 + source.count("\n", start, found)
        return Mark(line, found - (source.rfind("\n", 0, found) + 1) + 1)

    def key(self, path: DataPath) -> Mark:
        """Where the key that names the value at `path` is (its value's place for a list item)."""
        node, key = self._find(path)
        if key is not None:
            return Mark.of(key.start_mark)
        return Mark.of(node.start_mark) if node is not None else START

    def source(self, path: DataPath) -> str | None:
        """The text of the scalar at `path` as the file writes it (`010` where YAML read 8)."""
        node, _key = self._find(path)
        return node.value if isinstance(node, yaml.ScalarNode) else None

    def question(self, path: DataPath) -> str:
        """The name messages give the part of the bank at `path`: a question's id (or
        its position when it has none), "deck" or "bank"."""
        if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
            node, _ = self._find(path[:2])
            found = self._find(("questions", path[1], "id"))[0] if node is not None else None
            if isinstance(found, yaml.ScalarNode) and found is not node and found.value.strip():
                return found.value
            return f"question #{path[1] + 1}"
        return "deck" if path[:1] == ("deck",) else "bank"

    def problem(self, path: DataPath, message: str, *, at_key: bool = False) -> Problem:
        """A problem about the value at `path` (or its key), named after its question."""
        mark = self.key(path) if at_key else self.value(path)
        return Problem(self.file, mark.line, mark.column, self.question(path), message)

    def _find(self, path: DataPath) -> tuple[yaml.Node | None, yaml.Node | None]:
        """The deepest node on `path` and, when it is the value of a mapping key, that key."""
        node = self._document()
        key_node = None
        for part in path:
            child = _child(node, part)
            if child is None:
                break
            key_node, node = child
        else:
            return node, key_node
        return node, None

    def _document(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                text = self._text
                if text is None:
                    text = self._text = Path(self.file).read_text(encoding="utf-8-sig")
                with cycle_collector_paused():
                    self._root = yaml.compose(text, Loader=_YamlLoader)
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                self._root = None
        return self._root


def _child(node: yaml.Node | None, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        return (None, node.value[part]) if 0 <= part < len(node.value) else None
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == part:
                return key, value
    return None
