"""Validate a bank's plain data against the format, and explain what is wrong.

pydantic checks the data against `generator.bank`, and this module turns its
errors into messages an author understands ("unknown key `optoins` (did you
mean `options`?)"), at the place in the file the error is about. It also
checks the rules that span several values: one correct option per question,
unique question ids.
"""

from __future__ import annotations

import dataclasses
import difflib
import typing
import unicodedata
from datetime import date
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from generator.bank import (
    CHECK_NAMES,
    LANGUAGE_PATTERN,
    MAX_OPTIONS,
    MIN_OPTIONS,
    NONBLANK_PATTERN,
    SEED_RANGE,
    SLUG_PATTERN,
    TAG_PATTERN,
    Bank,
    DataPath,
)
from generator.positions import Positions
from generator.problems import BankError, Problem


def validated_bank(positions: Positions, data: Any) -> Bank:
    """The bank `data` describes, or a `BankError` listing every problem with it."""
    if not isinstance(data, dict):
        message = "a bank must be a mapping with `deck` and `questions` keys, not "
        raise BankError([Problem(positions.file, 1, 1, "bank", message + _describe(data))])
    bank, errors = _pydantic_validated(data)
    problems = [_explain(positions, detail) for detail in _merged(errors)]
    problems += _correct_counts(positions, data) + _duplicate_ids(positions, data)
    if problems or bank is None:
        raise BankError(problems)
    return bank


def _pydantic_validated(data: Any) -> tuple[Bank | None, list[Any]]:
    """The bank as pydantic validates it, or None and pydantic's errors."""
    try:
        return _bank_adapter().validate_python(data), []
    except ValidationError as error:
        return None, error.errors()


@cache
def _bank_adapter() -> TypeAdapter[Bank]:
    """pydantic's validator for `Bank`, built once."""
    return TypeAdapter(Bank)


DATACLASS_ERRORS = {
    "unexpected_keyword_argument": "extra_forbidden",
    "missing_keyword_only_argument": "missing",
    "dataclass_type": "dict_type",
}
"""pydantic's names for a dataclass's errors, as the messages below know them."""


def _merged(errors: list[Any]) -> list[Any]:
    """One error per place: a value that fits no branch of a union reports once."""
    by_place: dict[tuple[Any, ...], Any] = {}
    for error in errors:
        loc = tuple(error["loc"])
        kind = DATACLASS_ERRORS.get(error["type"], error["type"])
        branch = kind not in ("missing", "extra_forbidden") and _is_union_branch(loc)
        place = loc[:-1] if branch else loc
        by_place.setdefault(place, {**error, "type": kind, "loc": place, "union": branch})
    return list(by_place.values())


def _is_union_branch(loc: tuple[Any, ...]) -> bool:
    return bool(loc) and isinstance(loc[-1], str) and loc[-1] in ("bool", "literal['review']")


def _explain(positions: Positions, error: Any) -> Problem:
    loc: DataPath = tuple(error["loc"])
    kind = error["type"]
    # A missing key belongs to the mapping that lacks it.
    where = positions.question(loc[:-1] if kind == "missing" else loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        mark = positions.key(loc)
        message = f"unknown key `{key}`"
        allowed = _class_at(loc[:-1])
        if allowed is not None:
            keys = [spec.name for spec in dataclasses.fields(allowed)]
            suggestion = difflib.get_close_matches(key, keys, n=1)
            if suggestion:
                message += f" (did you mean `{suggestion[0]}`?)"
            else:
                message += f" (expected one of: {', '.join(keys)})"
        return Problem(positions.file, mark.line, mark.column, where, message)
    mark = positions.value(loc)
    message = _message(loc, error)
    if kind == "string_type" and error.get("input") is not None:
        message += _quote_hint(positions, loc)
    return Problem(positions.file, mark.line, mark.column, where, message)


def _quote_hint(positions: Positions, loc: DataPath) -> str:
    """YAML reads some unquoted text as a number, a date or a boolean: say how to keep it."""
    written = positions.written(loc)
    if written is None:
        return ""
    quoted = "'" + written.replace("'", "''") + "'"
    return f": YAML does not read an unquoted `{written}` as text; write it in quotes: `{quoted}`"


def _message(loc: DataPath, error: Any) -> str:
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
    if kind == "dict_type":
        return f"{subject} must be a mapping of keys to values, not {_describe(value)}"
    if kind == "bool_type":
        return f"{subject} must be true or false, not {_describe(value)}"
    if kind == "int_type":
        return f"{subject} must be a whole number, not {_describe(value)}"
    if kind in ("greater_than_equal", "less_than_equal"):
        low, high = SEED_RANGE
        return f"{subject} must be a whole number from {low:,} to {high:,}, not {_describe(value)}"
    return f"{subject}: {error['msg']}"


def _field_name(loc: DataPath) -> str:
    for part in reversed(loc):
        if isinstance(part, str):
            return part
    return "bank"


def _subject(loc: DataPath) -> str:
    """What a message is about: "`why`", or "entry 2 of `tags`" for an item of a list."""
    if loc and isinstance(loc[-1], int):
        return f"entry {loc[-1] + 1} of `{_field_name(loc)}`"
    return f"`{_field_name(loc)}`"


def _describe(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, int) and abs(value) >= _LONG_NUMBER:
        # Python refuses to write out an int of more than 4,300 digits.
        return f"a number of about {int(value.bit_length() * _DIGITS_PER_BIT) + 1:,} digits"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


_LONG_NUMBER = 10**40
_DIGITS_PER_BIT = 0.30103  # log10(2)


def _class_at(loc: DataPath) -> type | None:
    """The class whose keys are valid at `loc`, found by walking the format's types."""
    cls: type = Bank
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = typing.get_type_hints(cls).get(part)
        if annotation is None:
            return None
        inner = getattr(annotation, "__args__", (annotation,))[0]
        if not (isinstance(inner, type) and dataclasses.is_dataclass(inner)):
            return None
        cls = inner
    return cls


def _questions(data: Any) -> list[tuple[int, dict[str, Any]]]:
    questions = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(questions, list):
        return []
    return [(index, q) for index, q in enumerate(questions) if isinstance(q, dict)]


def _correct_counts(positions: Positions, data: Any) -> list[Problem]:
    problems = []
    for index, question in _questions(data):
        options = question.get("options")
        if not isinstance(options, list) or not options:
            continue
        correct = sum(isinstance(o, dict) and o.get("correct") is True for o in options)
        if correct != 1:
            message = f"exactly one option must have `correct: true`, found {correct}"
            problems.append(positions.problem(("questions", index, "options"), message))
    return problems


def _duplicate_ids(positions: Positions, data: Any) -> list[Problem]:
    """Ids that clash, also when they differ only by case or Unicode normalisation."""
    problems = []
    # Places are looked up only for a clash: a valid bank needs none.
    first_by_key: dict[str, tuple[str, int]] = {}
    for index, question in _questions(data):
        question_id = question.get("id")
        if not isinstance(question_id, str):
            continue
        key = unicodedata.normalize("NFKC", question_id).casefold()
        if key in first_by_key:
            first_id, first_index = first_by_key[key]
            first_mark = positions.value(("questions", first_index, "id"))
            mark = positions.value(("questions", index, "id"))
            if first_id == question_id:
                message = f"duplicate question id; first used on line {first_mark.line}"
            else:
                message = (
                    f"question id clashes with `{first_id}` on line {first_mark.line} "
                    "(they differ only in case or Unicode form)"
                )
            problems.append(Problem(positions.file, mark.line, mark.column, question_id, message))
        else:
            first_by_key[key] = (question_id, index)
    return problems
