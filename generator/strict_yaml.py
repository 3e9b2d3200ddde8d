"""Turn a bank's YAML text into plain data, stricter than `yaml.safe_load`.

Parsed at `safe_load` level (no Python objects), and stricter: aliases and
merge keys are refused (they build "billion laughs" documents), as are
duplicate keys, which PyYAML would otherwise accept silently, unsupported
tags and deep nesting. Every problem is kept with its place.

Two ways through, with the same data at the end. Most banks use none of
what is refused, so `parse` first builds the data straight from the
parser's events, keeping no node tree and no place of any value: the
cheapest walk there is, in time and memory. At the first thing that is not
plain (an alias, a tag, a merge or duplicate key, a syntax error, deep
nesting...) it starts again the careful way, composing the node tree and
remembering where every value and key came from, so each problem is
reported at its place. After a plain parse, the places of values are found
on demand (`generator.positions`) when a message asks for one.
"""

from __future__ import annotations

from typing import Any

import yaml

from generator.positions import DataPath, Positions
from generator.problems import START, Mark, Problem, question_name
from generator.reading import mark_at

MAX_DEPTH = 32
TEXT_KEYS = frozenset({"question", "text", "why", "tip", "note", "name", "description", "prompt"})
"""Keys whose values are text a learner reads: an unquoted one must not be cut by a comment."""

_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"
_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class YamlDocument:
    """Turns YAML text into plain data, and says where any value of it came from.

    `careful=True` always takes the careful way (the places of every value and
    key kept from the start), as a caller that expects problems may want.
    """

    def __init__(self, file: str, *, careful: bool = False):
        self.file = file
        self.problems: list[Problem] = []
        self.value_marks: dict[DataPath, Mark] = {}
        self.key_marks: dict[DataPath, Mark] = {}
        self.careful = careful
        """True once the document keeps the place of every value and key."""
        self._positions: Positions | None = None
        self._constructor = yaml.constructor.SafeConstructor()
        self._visited: set[int] = set()
        self._alias_found = False
        self.text = ""
        # Problems met while walking, named after their question once the walk is done.
        self._in_walk: list[tuple[Mark, DataPath, str]] = []

    def parse(self, text: str) -> Any:
        self.text = text
        if not self.careful:
            try:
                return plain_data(text, self._constructor)
            except NotPlain:
                self.careful = True
        return self._parse_carefully(text)

    def _parse_carefully(self, text: str) -> Any:
        loader = _YamlLoader(_Pieces(text))
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            self._syntax_problem(error)
            return None
        except yaml.reader.ReaderError as error:
            self.add(
                mark_at(text, error.position),
                "bank",
                f"character U+{error.character:04X} is not allowed in YAML: is it a text file?",
            )
            return None
        except RecursionError:
            self.add(START, "bank", f"nesting is deeper than {MAX_DEPTH} levels")
            return None
        finally:
            loader.dispose()
        if root is None:
            self.add(START, "bank", "file is empty: a bank needs a `deck` and its `questions`")
            return None
        data = self._value(root, ())
        for mark, path, message in self._in_walk:
            self.add(mark, question_name(data, path), message)
        if self._alias_found:
            self.add(
                first_alias_mark(text),
                "bank",
                "anchors and aliases (`&name`, `*name`) are not allowed",
            )
        return data

    def add(self, mark: Mark, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, mark.line, mark.column, where, message))

    def mark_of(self, path: DataPath) -> Mark:
        """Where the value at `path` is, or else its nearest enclosing value."""
        if not self.careful:
            return self.positions.value(path)
        while path not in self.value_marks and path:
            path = path[:-1]
        return self.value_marks.get(path, START)

    def key_mark_of(self, path: DataPath) -> Mark:
        """Where the key naming the value at `path` is, or else where its value is."""
        if not self.careful:
            return self.positions.key(path)
        return self.key_marks.get(path) or self.mark_of(path)

    @property
    def positions(self) -> Positions:
        """The places of the document's values, found by composing its text again, once,
        when the first one is asked for (a plain parse keeps none)."""
        if self._positions is None:
            self._positions = Positions(self.file, self.text)
        return self._positions

    def _syntax_problem(self, error: yaml.MarkedYAMLError) -> None:
        mark = Mark.of(error.problem_mark or error.context_mark)
        message = error.problem or "invalid YAML"
        if error.context:
            message = f"{error.context}, {message}"
        if error.context_mark and "end of stream" in message:
            # The end of the file is no place to look: point at what was left open.
            mark = Mark.of(error.context_mark)
        if "tab" in message:
            message += " (indent with spaces, not tabs)"
        elif "cannot start any token" in message or "mapping values are not allowed" in message:
            message += (
                " (a text that starts with a backtick, `@` or `%`, or holds `: `, "
                "must be in quotes)"
            )
        if "maximum nesting depth" in message:
            message = "nesting is too deep (a bank needs only a few levels)"
        self.add(mark, "bank", f"YAML syntax error: {message}")

    def _value(self, node: yaml.Node, path: DataPath) -> Any:
        mark = Mark.of(node.start_mark)
        self.value_marks[path] = mark
        if id(node) in self._visited:
            # An alias is the node it names, met again: never expanded (a "billion
            # laughs" document would explode), and reported once, after the walk.
            self._alias_found = True
            return None
        self._visited.add(id(node))
        if len(path) > MAX_DEPTH:
            self._in_walk.append((mark, path, f"nesting is deeper than {MAX_DEPTH} levels"))
            return None
        if node.tag not in _PLAIN_TAGS and not isinstance(node, yaml.ScalarNode):
            self._in_walk.append((mark, path, f"unsupported YAML tag `{node.tag}`"))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self._value(item, (*path, index)) for index, item in enumerate(node.value)]
        if not node.style and path and path[-1] in TEXT_KEYS:
            self._check_not_cut(node, path)
        try:
            value = self._constructor.construct_object(node)
        except yaml.constructor.ConstructorError:
            self._in_walk.append((mark, path, f"unsupported YAML tag `{node.tag}`"))
            return None
        except (ValueError, TypeError, KeyError, AttributeError):
            # PyYAML's own constructors fail this way on values such as the
            # plain `2024-13-45` (read as a date) or `!!int abc`.
            kind = node.tag.rsplit(":", 1)[-1]
            message = f"`{node.value}` is not a valid {kind}; put it in quotes to make it text"
            self._in_walk.append((mark, path, message))
            return None
        return value

    def _check_not_cut(self, node: yaml.Node, path: DataPath) -> None:
        """An unquoted text followed by ` #` on its line was cut there: YAML reads the rest
        as a comment, and the card would silently show less than the author wrote."""
        if cut_by_comment(self.text, node.end_mark.index):
            message = (
                f"`{path[-1]}` stops before ` #`: YAML reads the rest of the line as a comment, "
                f"so the card would show only {node.value!r}; put the whole text in quotes "
                "to keep the `#`, or move the comment to a line of its own"
            )
            self._in_walk.append((Mark.of(node.start_mark), path, message))

    def _mapping(self, node: yaml.MappingNode, path: DataPath) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_mark = Mark.of(key_node.start_mark)
            if key_node.tag == _MERGE_TAG:
                self._in_walk.append((key_mark, path, "merge keys (`<<`) are not allowed"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._in_walk.append((key_mark, path, "a key must be plain text"))
                continue
            key = key_node.value
            if key in mapping:
                first = self.key_marks[(*path, key)]
                message = f"duplicate key `{key}` (first on line {first.line})"
                self._in_walk.append((key_mark, path, message))
                continue
            key_path = (*path, key)  # one tuple for both maps: there is one per key
            self.key_marks[key_path] = key_mark
            mapping[key] = self._value(value_node, key_path)
        return mapping


def cut_by_comment(text: str, end: int) -> bool:
    """Whether the plain scalar that ends at `end` is followed by ` #` on its line."""
    if text[end : end + 1] not in (" ", "\t"):
        return False
    line_end = text.find("\n", end)
    return text[end : None if line_end == -1 else line_end].lstrip(" \t").startswith("#")


class NotPlain(Exception):
    """The text uses something `plain_data` leaves to the careful parse."""


_STR_TAG = "tag:yaml.org,2002:str"
_IMPLICIT_TAGS = (None, "!")
_RESOLVED_KEPT = 1024


def plain_data(text: str, constructor: yaml.constructor.BaseConstructor) -> Any:
    """The data of a YAML document that uses nothing a bank may not, built from parser events.

    Raises `NotPlain` at the first alias, explicit tag, merge key, duplicate or
    non-text key, syntax error, nesting deeper than `MAX_DEPTH`, value PyYAML
    cannot construct, or anything but one document. Scalars are resolved and
    constructed as PyYAML's safe loader does, so the data is what the careful
    parse gives.
    """
    loader = _YamlLoader(_Pieces(text))
    try:
        return _built_from_events(loader, constructor, text)
    except NotPlain:
        raise
    except Exception as error:  # a syntax error, a reader error, a bad value...
        raise NotPlain from error
    finally:
        loader.dispose()


def _built_from_events(
    loader: Any, constructor: yaml.constructor.BaseConstructor, text: str
) -> Any:
    get_event = loader.get_event
    resolve = loader.resolve
    scalar_event, mapping_start, sequence_start = (
        yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    )
    collection_end = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    if not isinstance(get_event(), yaml.StreamStartEvent):
        raise NotPlain
    if not isinstance(get_event(), yaml.DocumentStartEvent):
        raise NotPlain  # an empty file
    # The open collections, innermost last, each as [collection, key]: for a
    # mapping, the key waiting for its value, or None when a key comes next.
    stack: list[list[Any]] = []
    top: list[Any] = [None, None]
    root: Any = None
    # Plain scalars repeat (every key, `true`, tags): each is resolved once.
    resolved: dict[str, str] = {}
    while True:
        event = get_event()
        kind = type(event)
        if kind is scalar_event:
            if event.tag not in _IMPLICIT_TAGS:
                raise NotPlain
            value: Any = event.value
            if event.implicit[0]:
                tag = resolved.get(value)
                if tag is None:
                    tag = resolve(yaml.ScalarNode, value, event.implicit)
                    if len(resolved) < _RESOLVED_KEPT:
                        resolved[value] = tag
                if tag != _STR_TAG:
                    # The tag's own constructor, not `construct_object`, which would
                    # keep every node it made until the end.
                    construct = constructor.yaml_constructors.get(tag)
                    if construct is None:
                        raise NotPlain  # `<<` (the merge tag) among others
                    value = construct(constructor, yaml.ScalarNode(tag, value, style=event.style))
            collection = top[0]
            if type(collection) is dict:
                key = top[1]
                if key is None:
                    # A key: only text, and never twice.
                    if type(value) is not str or value in collection:
                        raise NotPlain
                    top[1] = value
                else:
                    if key in TEXT_KEYS and not event.style and cut_by_comment(
                        text, event.end_mark.index
                    ):
                        raise NotPlain  # a text a comment cut short
                    collection[key] = value
                    top[1] = None
            elif collection is not None:
                collection.append(value)
            else:
                root = value
                break
        elif kind is mapping_start or kind is sequence_start:
            if event.tag not in _IMPLICIT_TAGS or len(stack) >= MAX_DEPTH:
                raise NotPlain
            value = {} if kind is mapping_start else []
            collection = top[0]
            if type(collection) is dict:
                key = top[1]
                if key is None:
                    raise NotPlain  # a key that is a mapping or a list
                collection[key] = value
                top[1] = None
            elif collection is not None:
                collection.append(value)
            else:
                root = value
            stack.append(top)
            top = [value, None]
        elif kind in collection_end:
            if top[1] is not None:
                raise NotPlain
            top = stack.pop()
            if top[0] is None:
                break
        else:  # an alias, or the document ending without a collection
            raise NotPlain
    if not isinstance(get_event(), yaml.DocumentEndEvent):
        raise NotPlain
    if not isinstance(get_event(), yaml.StreamEndEvent):
        raise NotPlain  # a second document
    return root


class _Pieces:
    """The text as a stream, so the parser reads it piece by piece.

    Given the str itself, the C parser would hold a UTF-8 copy of it, as big
    as the file, while it builds the node tree, which is when a load peaks.
    """

    def __init__(self, text: str):
        self.text = text
        self._read = 0

    def read(self, size: int) -> str:
        piece = self.text[self._read : self._read + size]
        self._read += len(piece)
        return piece


def first_alias_mark(text: str) -> Mark:
    """Where the first alias is; parsed again only on this error path, as composing drops it."""
    for event in yaml.parse(text, Loader=_YamlLoader):
        if isinstance(event, yaml.AliasEvent):
            return Mark.of(event.start_mark)
    return START
