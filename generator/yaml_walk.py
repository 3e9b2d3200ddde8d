"""A bank's YAML text to plain data, in one walk over the parser's events.

Parsed at `yaml.safe_load` level (no Python objects), and stricter: aliases
and merge keys are refused (they build "billion laughs" documents), as are
duplicate keys, which PyYAML would otherwise accept silently, unsupported
tags, nesting deeper than `MAX_DEPTH` and unquoted texts a comment cut short.
Every problem is reported at the parser's mark, all of them at once; a
syntax error, after which the parser cannot go on, is reported alone.

The walk builds the data straight from the events, keeping no node tree,
and notes where each value and key is (`generator.positions`), so that any
later message can be placed without parsing the file again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from generator.bank import DataPath
from generator.positions import (
    MappingSpots,
    Positions,
    Spot,
    question_names,
    scalar_spot,
    spot,
)
from generator.problems import START, Mark, Problem
from generator.reading import TextStream
from generator.yaml_errors import yaml_error_problem

MAX_DEPTH = 32
TEXT_KEYS = frozenset({"question", "text", "why", "tip", "note", "name", "description", "prompt"})
"""Keys whose values are text a learner reads: an unquoted one must not be cut by a comment."""

_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAPPING_END, _SEQUENCE_END = yaml.MappingEndEvent, yaml.SequenceEndEvent
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_COLLECTION_TAGS = (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_RESOLVED_KEPT = 1024
_QUOTE_IT = "put it in quotes to make it text"
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
MAX_NUMBER_CHARS = 100
"""The longest number a bank may write: PyYAML converts base 60 in quadratic time, and
Python writes no int of more than 4,300 digits into a message."""


@dataclass(frozen=True)
class Parsed:
    """The document's data (None where a value was refused), where its values are, and
    every problem found; with problems, the data is not to be trusted."""

    data: Any
    positions: Positions
    problems: list[Problem]


def parse_yaml(text: str, file: str) -> Parsed:
    """The bank `text` (from `file`) as plain data, its positions and its problems."""
    walk = _Walk(text)
    try:
        data, root = walk.document()
    except (yaml.MarkedYAMLError, yaml.reader.ReaderError) as error:
        return Parsed(None, Positions(file), [yaml_error_problem(file, text, error)])
    finally:
        walk.loader.dispose()
    positions = Positions(file, root, question_names(data))
    problems = [positions.problem(path, message, mark=mark) for mark, path, message in walk.found]
    if walk.first_alias is not None:
        message = "anchors and aliases (`&name`, `*name`) are not allowed"
        problems.append(Problem(file, *walk.first_alias, "bank", message))
    return Parsed(data, positions, problems)


class _Walk:
    """One pass over the parser's events, building the data and its spots."""

    def __init__(self, text: str):
        self.text = text
        self.loader = _YamlLoader(TextStream(text))
        self.get_event = self.loader.get_event
        self.constructor = yaml.constructor.SafeConstructor()
        self.anchors: dict[str, yaml.Mark] = {}
        self.found: list[tuple[Mark, DataPath, str]] = []
        self.first_alias: Mark | None = None
        # Plain values repeat (`true`, a number): each is resolved once, up to a cap.
        self.resolved: dict[str, str] = {}

    def next_event(self) -> yaml.Event:
        """The next event, its anchor checked. (The walk's loops, through most of a bank's
        events, fetch them with `get_event` and check the anchors of those that have one,
        a third of the walk's own time.)"""
        event = self.get_event()
        if getattr(event, "anchor", None) is not None:
            self.check_anchor(event)
        return event

    def check_anchor(self, event: yaml.NodeEvent) -> None:
        """Refuse an anchor as PyYAML's composer does (undefined, twice)."""
        anchor = event.anchor
        if isinstance(event, yaml.AliasEvent):
            if anchor not in self.anchors:
                raise yaml.composer.ComposerError(
                    None, None, "found undefined alias", event.start_mark
                )
        elif anchor in self.anchors:
            raise yaml.composer.ComposerError(
                "found duplicate anchor; first occurrence",
                self.anchors[anchor],
                "second occurrence",
                event.start_mark,
            )
        else:
            self.anchors[anchor] = event.start_mark

    def document(self) -> tuple[Any, Spot | None]:
        self.next_event()  # the stream's start
        event = self.next_event()
        if isinstance(event, yaml.StreamEndEvent):
            message = "file is empty: a bank needs a `deck` and its `questions`"
            self.found.append((START, (), message))
            return None, None
        start = event
        data, root = self.value(self.get_event(), (), None)
        self.next_event()  # the document's end
        event = self.next_event()
        if not isinstance(event, yaml.StreamEndEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                start.start_mark,
                "but found another document",
                event.start_mark,
            )
        return data, root

    def value(self, event: yaml.Event, path: DataPath, key: yaml.Mark | None) -> tuple[Any, Spot]:
        """The value that starts with `event` (its anchor not yet checked), at `path`,
        and its spot."""
        if event.anchor is not None:
            self.check_anchor(event)
        kind = type(event)
        if kind is _SCALAR and len(path) <= MAX_DEPTH:
            return self.scalar(event, path, key)
        if kind is _ALIAS:
            # Never expanded (a "billion laughs" document would explode); reported once.
            self.first_alias = self.first_alias or Mark.of(event.start_mark)
            return None, spot(key, event)
        if len(path) > MAX_DEPTH:
            self.problem(event, path, f"nesting is deeper than {MAX_DEPTH} levels")
            return None, self.skipped(event, key)
        if event.tag not in _COLLECTION_TAGS:
            self.problem(event, path, f"unsupported YAML tag `{event.tag}`")
            return None, self.skipped(event, key)
        if kind is yaml.MappingStartEvent:
            return self.mapping(event, path, key)
        return self.sequence(event, path, key)

    def problem(self, event: yaml.Event, path: DataPath, message: str) -> None:
        self.found.append((Mark.of(event.start_mark), path, message))

    def mapping(
        self, start: yaml.Event, path: DataPath, key: yaml.Mark | None
    ) -> tuple[dict[str, Any], Spot]:
        mapping: dict[str, Any] = {}
        spots = MappingSpots([0])
        keys: dict[str, yaml.Mark] = {}
        get_event = self.get_event
        while (kind := type(event := get_event())) is not _MAPPING_END:
            if event.anchor is not None:
                self.check_anchor(event)
            if kind is not _SCALAR:
                if kind is _ALIAS:
                    self.first_alias = self.first_alias or Mark.of(event.start_mark)
                else:
                    self.problem(event, path, "a key must be plain text")
                    self.skipped(event, None)
                self.skipped(self.next_event(), None)
                continue
            name = event.value
            if name in keys:
                first = keys[name].line + 1
                self.problem(event, path, f"duplicate key `{name}` (first on line {first})")
                self.skipped(self.next_event(), None)
                continue
            # Only `<<` or a key with a tag can be a merge key: most keys need no resolving.
            if (name == "<<" or event.tag is not None) and self.tag_of(event) == _MERGE_TAG:
                self.problem(event, path, "merge keys (`<<`) are not allowed")
                self.skipped(self.next_event(), None)
                continue
            keys[name] = event.start_mark
            value, value_spot = self.value(get_event(), (*path, name), event.start_mark)
            mapping[name] = value
            spots += (name, value_spot)
        spots[0] = spot(key, start, event)
        return mapping, spots

    def sequence(
        self, start: yaml.Event, path: DataPath, key: yaml.Mark | None
    ) -> tuple[list[Any], Spot]:
        items: list[Any] = []
        spots: list[Any] = [0]
        get_event = self.get_event
        while type(event := get_event()) is not _SEQUENCE_END:
            item, item_spot = self.value(event, (*path, len(items)), None)
            items.append(item)
            spots.append(item_spot)
        spots[0] = spot(key, start, event)
        return items, spots

    def scalar(
        self, event: yaml.ScalarEvent, path: DataPath, key: yaml.Mark | None
    ) -> tuple[Any, Spot]:
        if not event.style and path and path[-1] in TEXT_KEYS and _cut_by_comment(
            self.text, event.end_mark.index
        ):
            message = (
                f"`{path[-1]}` stops before ` #`: YAML reads the rest of the line as a comment, "
                f"so the card would show only {event.value!r}; put the whole text in quotes "
                "to keep the `#`, or move the comment to a line of its own"
            )
            self.problem(event, path, message)
        tag = self.tag_of(event)
        if tag == _STR_TAG:
            return event.value, spot(key, event)
        if tag in _NUMBER_TAGS and len(event.value) > MAX_NUMBER_CHARS:
            length = f"{len(event.value):,} characters long, over the limit of {MAX_NUMBER_CHARS}"
            self.problem(event, path, f"`{event.value[:20]}…` is a number {length}; {_QUOTE_IT}")
            return None, spot(key, event)
        try:
            if event.tag in (None, "!"):
                # The tag's own constructor, not `construct_object`, which would keep
                # every node it made until the end.
                construct = self.constructor.yaml_constructors.get(tag)
                if construct is None:
                    raise yaml.constructor.ConstructorError(None, None, tag)
                value = construct(
                    self.constructor, yaml.ScalarNode(tag, event.value, style=event.style)
                )
            else:
                node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
                value = self.constructor.construct_object(node)
        except yaml.constructor.ConstructorError:
            self.problem(event, path, f"unsupported YAML tag `{tag}`")
            return None, spot(key, event)
        except (ValueError, TypeError, KeyError, AttributeError):
            # PyYAML's own constructors fail this way on values such as the
            # plain `2024-13-45` (read as a date) or `!!int abc`.
            kind = tag.rsplit(":", 1)[-1]
            message = f"`{event.value}` is not a valid {kind}; {_QUOTE_IT}"
            self.problem(event, path, message)
            return None, spot(key, event)
        return value, scalar_spot(key, event)

    def tag_of(self, event: yaml.ScalarEvent) -> str:
        """The scalar's tag: as written, or as YAML resolves a plain one (`true`: a bool)."""
        if event.tag not in (None, "!"):
            return event.tag
        if not event.implicit[0]:
            return _STR_TAG
        tag = self.resolved.get(event.value)
        if tag is None:
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            if len(self.resolved) < _RESOLVED_KEPT:
                self.resolved[event.value] = tag
        return tag

    def skipped(self, event: yaml.Event, key: yaml.Mark | None) -> Spot:
        """Pass over the value that starts with `event` (its spot kept, its content not)."""
        depth = int(isinstance(event, yaml.CollectionStartEvent))
        end = event
        while depth:
            end = self.next_event()
            if isinstance(end, yaml.CollectionStartEvent):
                depth += 1
            elif isinstance(end, yaml.CollectionEndEvent):
                depth -= 1
        return spot(key, event, end)


def _cut_by_comment(text: str, end: int) -> bool:
    """Whether the plain scalar that ends at `end` is followed by ` #` on its line."""
    if text[end : end + 1] not in (" ", "\t"):
        return False
    line_end = text.find("\n", end)
    return text[end : None if line_end == -1 else line_end].lstrip(" \t").startswith("#")
