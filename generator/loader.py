"""Load a bank file: read it safely, parse its YAML, validate it against the format.

This stage owns every report about a bank's content. Nothing here raises
anything but `BankError`, which carries all the problems found at once, each
pointing at a file, line, column and question.

YAML is parsed at `yaml.safe_load` level (no Python objects), and stricter:
aliases and merge keys are refused (they build "billion laughs" documents),
as are duplicate keys, which PyYAML would otherwise accept silently.
"""

from __future__ import annotations

import codecs
import contextlib
import difflib
import gc
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from pydantic import BaseModel, ValidationError

from generator.bank import (
    MAX_OPTIONS,
    CHECK_NAMES,
    LANGUAGE_PATTERN,
    MIN_OPTIONS,
    NONBLANK_PATTERN,
    SLUG_PATTERN,
    TAG_PATTERN,
    Bank,
)

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
MAX_DEPTH = 32

_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"
_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_Path = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a bank, at a place an author can jump to."""

    file: str
    line: int
    column: int
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.where}: {self.message}"


class BankError(Exception):
    """A bank that cannot be built; `problems` lists everything wrong with it."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class _Mark(NamedTuple):
    """A place in the file, 1-based. A tuple: one is kept for every value and key
    of a bank, and a tuple is half the memory of a dataclass instance and faster to make."""

    line: int
    column: int

    @classmethod
    def of(cls, yaml_mark: yaml.Mark | None) -> _Mark:
        if yaml_mark is None:
            return cls(1, 1)
        return cls(yaml_mark.line + 1, yaml_mark.column + 1)


_START = _Mark(1, 1)


@contextlib.contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a while, then as it was.

    A bank's YAML tree, the plain data and the models made from it are
    millions of objects and no reference cycles (an alias that would make one
    is refused), so every collection while they grow rescans them for
    nothing: that was two thirds of the time to load a large bank.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@_cycle_collector_paused()
def load_bank(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Bank:
    """Read, parse and validate the bank at `path`, or raise `BankError`."""
    text = _read_text(path, max_bytes)
    document = _Document(str(path))
    data = document.parse(text)
    if document.problems:
        raise BankError(document.problems)
    problems = _check_shape(document, data)
    if not problems:
        try:
            bank = Bank.model_validate(data)
        except ValidationError as error:
            problems = [_explain(document, data, detail) for detail in _merged(error.errors())]
        problems += _correct_counts(document, data) + _duplicate_ids(document, data)
        if not problems:
            return bank
    raise BankError(problems)


def _read_text(path: Path, max_bytes: int) -> str:
    file = str(path)

    def fail(message: str, mark: _Mark = _START) -> BankError:
        return BankError([Problem(file, mark.line, mark.column, "bank", message)])

    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise fail(
                f"file is {size:,} bytes, over the limit of {max_bytes:,} (raise it with --max-mb)"
            )
        raw = path.read_bytes()
    except OSError as error:
        raise fail(f"cannot read file: {error.strerror or error}") from None
    if len(raw) > max_bytes:
        raise fail(f"file is over the limit of {max_bytes:,} bytes (raise it with --max-mb)")
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise fail(
            f"file is not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be decoded); "
            "save it as UTF-8",
            _mark_at(raw, error.start),
        ) from None
    if not text.strip():
        raise fail("file is empty: a bank needs a `deck` and its `questions`")
    nul = text.find("\x00")
    if nul != -1:
        raise fail("file contains a NUL byte: is it a text file?", _mark_at(text, nul))
    return text


def _mark_at(content: bytes | str, offset: int) -> _Mark:
    newline = b"\n" if isinstance(content, bytes) else "\n"
    line_start = content.rfind(newline, 0, offset) + 1
    return _Mark(content.count(newline, 0, offset) + 1, offset - line_start + 1)


class _Document:
    """Turns YAML text into plain data, remembering where every value came from."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.value_marks: dict[_Path, _Mark] = {}
        self.key_marks: dict[_Path, _Mark] = {}
        self._constructor = yaml.constructor.SafeConstructor()
        self._visited: set[int] = set()
        self._alias_found = False
        # Problems met while walking, named after their question once the walk is done.
        self._in_walk: list[tuple[_Mark, _Path, str]] = []

    def parse(self, text: str) -> Any:
        loader = _YamlLoader(_Pieces(text))
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            self._syntax_problem(error)
            return None
        except yaml.reader.ReaderError as error:
            self.add(
                _mark_at(text, error.position),
                "bank",
                f"character U+{error.character:04X} is not allowed in YAML: is it a text file?",
            )
            return None
        except RecursionError:
            self.add(_START, "bank", f"nesting is deeper than {MAX_DEPTH} levels")
            return None
        finally:
            loader.dispose()
        if root is None:
            self.add(_START, "bank", "file is empty: a bank needs a `deck` and its `questions`")
            return None
        data = self._value(root, ())
        for mark, path, message in self._in_walk:
            self.add(mark, _where(data, path), message)
        if self._alias_found:
            self.add(
                _first_alias_mark(text),
                "bank",
                "anchors and aliases (`&name`, `*name`) are not allowed",
            )
        return data

    def add(self, mark: _Mark, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, mark.line, mark.column, where, message))

    def mark_of(self, path: _Path) -> _Mark:
        """Where the value at `path` is, or else its nearest enclosing value."""
        while path not in self.value_marks and path:
            path = path[:-1]
        return self.value_marks.get(path, _START)

    def _syntax_problem(self, error: yaml.MarkedYAMLError) -> None:
        mark = _Mark.of(error.problem_mark or error.context_mark)
        message = error.problem or "invalid YAML"
        if error.context:
            message = f"{error.context}, {message}"
        if error.context_mark and "end of stream" in message:
            # The end of the file is no place to look: point at what was left open.
            mark = _Mark.of(error.context_mark)
        if "tab" in message:
            message += " (indent with spaces, not tabs)"
        if "maximum nesting depth" in message:
            message = "nesting is too deep (a bank needs only a few levels)"
        self.add(mark, "bank", f"YAML syntax error: {message}")

    def _value(self, node: yaml.Node, path: _Path) -> Any:
        mark = _Mark.of(node.start_mark)
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

    def _mapping(self, node: yaml.MappingNode, path: _Path) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_mark = _Mark.of(key_node.start_mark)
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


class _Pieces:
    """The text as a stream, so the parser reads it piece by piece.

    Given the str itself, the C parser would hold a UTF-8 copy of it, as big
    as the file, while it builds the node tree, which is when a load peaks.
    """

    def __init__(self, text: str):
        self._text = text
        self._read = 0

    def read(self, size: int) -> str:
        piece = self._text[self._read : self._read + size]
        self._read += len(piece)
        return piece


def _first_alias_mark(text: str) -> _Mark:
    """Where the first alias is; parsed again only on this error path, as composing drops it."""
    for event in yaml.parse(text, Loader=_YamlLoader):
        if isinstance(event, yaml.AliasEvent):
            return _Mark.of(event.start_mark)
    return _START


def _check_shape(document: _Document, data: Any) -> list[Problem]:
    """The top-level checks whose pydantic wording would puzzle an author."""
    if not isinstance(data, dict):
        return [
            Problem(
                document.file,
                1,
                1,
                "bank",
                f"a bank must be a mapping with `deck` and `questions` keys, not {_describe(data)}",
            )
        ]
    return []


def _merged(errors: list[Any]) -> list[Any]:
    """One error per place: a value that fits no branch of a union reports once."""
    by_place: dict[tuple[Any, ...], Any] = {}
    for error in errors:
        loc = tuple(error["loc"])
        branch = error["type"] not in ("missing", "extra_forbidden") and _is_union_branch(loc)
        place = loc[:-1] if branch else loc
        by_place.setdefault(place, {**error, "loc": place, "union": branch})
    return list(by_place.values())


def _is_union_branch(loc: tuple[Any, ...]) -> bool:
    return bool(loc) and isinstance(loc[-1], str) and loc[-1] in ("bool", "literal['review']")


def _explain(document: _Document, data: Any, error: Any) -> Problem:
    loc: _Path = tuple(error["loc"])
    kind = error["type"]
    # A missing key belongs to the mapping that lacks it.
    where = _where(data, loc[:-1] if kind == "missing" else loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        mark = document.key_marks.get(loc, document.mark_of(loc))
        message = f"unknown key `{key}`"
        allowed = _model_at(loc[:-1])
        if allowed is not None:
            suggestion = difflib.get_close_matches(key, list(allowed.model_fields), n=1)
            if suggestion:
                message += f" (did you mean `{suggestion[0]}`?)"
            else:
                message += f" (expected one of: {', '.join(allowed.model_fields)})"
        return Problem(document.file, mark.line, mark.column, where, message)
    mark = document.mark_of(loc)
    return Problem(document.file, mark.line, mark.column, where, _message(loc, error))


def _message(loc: _Path, error: Any) -> str:
    kind = error["type"]
    name = _field_name(loc)
    subject = _subject(loc)
    value = error.get("input")
    if error.get("union") and name == "shuffle":
        return f"`shuffle` must be true, false or `review`, not {_describe(value)}"
    if kind == "missing":
        return f"missing required key `{name}`"
    if kind == "string_type":
        if value is None:
            return f"{subject} is empty"
        return f"{subject} must be text, not {_describe(value)}"
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern")
        if pattern == NONBLANK_PATTERN:
            return f"{subject} is empty"
        if pattern == SLUG_PATTERN:
            return (
                f"{subject} must be a slug (lowercase letters, digits and single hyphens, "
                f"like `async-await`), not {value!r}"
            )
        if pattern == TAG_PATTERN:
            return f"tag {value!r} contains a space; use `-` or `_` instead"
        if pattern == LANGUAGE_PATTERN:
            return (
                f"{subject} must be a language tag as Anki's text to speech takes it, "
                f"like `en_US` or `de_DE` (`_`, not `-`), not {value!r}"
            )
    if kind == "literal_error" and name == "allow":
        suggestion = difflib.get_close_matches(str(value), CHECK_NAMES, n=1)
        if suggestion:
            return f"{subject}: unknown check {value!r} (did you mean `{suggestion[0]}`?)"
        return f"{subject} must be the name of a check, one of: {', '.join(CHECK_NAMES)}"
    if kind in ("too_short", "too_long"):
        count = len(value) if isinstance(value, list) else 0
        if name == "options":
            return f"a question needs {MIN_OPTIONS} to {MAX_OPTIONS} options, found {count}"
        if name == "questions":
            return "the bank has no questions"
    if kind == "list_type":
        return f"{subject} must be a list, not {_describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{subject} must be a mapping of keys to values, not {_describe(value)}"
    if kind == "bool_type":
        return f"{subject} must be true or false, not {_describe(value)}"
    if kind == "int_type":
        return f"{subject} must be a whole number, not {_describe(value)}"
    return f"{subject}: {error['msg']}"


def _field_name(loc: _Path) -> str:
    for part in reversed(loc):
        if isinstance(part, str):
            return part
    return "bank"


def _subject(loc: _Path) -> str:
    """What a message is about: "`why`", or "entry 2 of `tags`" for an item of a list."""
    if loc and isinstance(loc[-1], int):
        return f"entry {loc[-1] + 1} of `{_field_name(loc)}`"
    return f"`{_field_name(loc)}`"


def _describe(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def _where(data: Any, loc: _Path) -> str:
    """Names the question a location is in: its id, or its position."""
    questions = data.get("questions") if isinstance(data, dict) else None
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
        question = questions[loc[1]] if isinstance(questions, list) else None
        question_id = question.get("id") if isinstance(question, dict) else None
        if isinstance(question_id, str) and question_id.strip():
            return question_id
        return f"question #{loc[1] + 1}"
    if loc[:1] == ("deck",):
        return "deck"
    return "bank"


def _model_at(loc: _Path) -> type[BaseModel] | None:
    """The model whose keys are valid at `loc`, found by walking the format's types."""
    model: type[BaseModel] = Bank
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        annotation = field.annotation
        inner = getattr(annotation, "__args__", (annotation,))[0]
        if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
            return None
        model = inner
    return model


def _questions(data: Any) -> list[tuple[int, dict[str, Any]]]:
    questions = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(questions, list):
        return []
    return [(index, q) for index, q in enumerate(questions) if isinstance(q, dict)]


def _correct_counts(document: _Document, data: Any) -> list[Problem]:
    problems = []
    for index, question in _questions(data):
        options = question.get("options")
        if not isinstance(options, list) or not options:
            continue
        correct = sum(isinstance(o, dict) and o.get("correct") is True for o in options)
        if correct != 1:
            mark = document.mark_of(("questions", index, "options"))
            problems.append(
                Problem(
                    document.file,
                    mark.line,
                    mark.column,
                    _where(data, ("questions", index)),
                    f"exactly one option must have `correct: true`, found {correct}",
                )
            )
    return problems


def _duplicate_ids(document: _Document, data: Any) -> list[Problem]:
    """Ids that clash, also when they differ only by case or Unicode normalisation."""
    problems = []
    first_by_key: dict[str, tuple[str, _Mark]] = {}
    for index, question in _questions(data):
        question_id = question.get("id")
        if not isinstance(question_id, str):
            continue
        key = unicodedata.normalize("NFKC", question_id).casefold()
        mark = document.mark_of(("questions", index, "id"))
        if key in first_by_key:
            first_id, first_mark = first_by_key[key]
            if first_id == question_id:
                message = f"duplicate question id; first used on line {first_mark.line}"
            else:
                message = (
                    f"question id clashes with `{first_id}` on line {first_mark.line} "
                    "(they differ only in case or Unicode form)"
                )
            problems.append(Problem(document.file, mark.line, mark.column, question_id, message))
        else:
            first_by_key[key] = (question_id, mark)
    return problems
