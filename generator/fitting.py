"""Plain data that fits the bank's classes, made into them without pydantic.

A build of a valid bank is the common case, and for a small bank pydantic's
start-up (importing it and building its validators: about 50 ms) costs more
than the rest of the build. `fitted(Bank, data)` walks the dataclasses of
`generator.bank` (their types, their fields' defaults and `metadata` rules)
and builds the bank from data that provably fits them as pydantic's strict
validation reads them. On anything else, or in any doubt, it returns None,
and `generator.validation` asks pydantic, which decides and explains.

It is a shortcut, not a second definition of the format: every rule it knows
comes from `generator.bank`, a rule it does not know stops it when the
classes are read, and `tests/test_fitting.py` checks on many drawn banks
that whenever it gives a bank, pydantic gives the same one.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any, Literal, TypeVar, Union

from generator.bank import Exact

T = TypeVar("T")
Builder = Callable[[Any], Any]

SCHEMA_ONLY_RULES = frozenset({"description", "json_schema_extra"})
"""Field metadata that only documents the format in the JSON Schema."""
SURROGATE = re.compile("[\ud800-\udfff]")
"""pydantic refuses a text holding one (YAML's `\\ud800` escape can make it)."""


class _Misfit(Exception):
    """The data does not provably fit: pydantic decides."""


def fitted(cls: type[T], data: Any) -> T | None:
    """`data` made into `cls` (a dataclass of `generator.bank`), or None if pydantic must look."""
    try:
        return _builder(cls)(data)
    except _Misfit:
        return None


@cache
def _builder(annotation: Any) -> Builder:
    """What turns a value of type `annotation` into its Python value, or raises `_Misfit`."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _annotated(annotation)
    if dataclasses.is_dataclass(annotation):
        return _dataclass(annotation)
    if origin is list:
        return _list(_builder(typing.get_args(annotation)[0]))
    if origin is Literal:
        return _literal(typing.get_args(annotation))
    if origin in (Union, types.UnionType):
        return _union([_builder(arm) for arm in typing.get_args(annotation)])
    if annotation is str:
        return _text
    if annotation is bool:
        return _exactly(bool)
    if annotation is int:
        return _exactly(int)
    if annotation is types.NoneType:
        return _exactly(types.NoneType)
    raise TypeError(f"generator.fitting cannot read the type {annotation!r}")


def _annotated(annotation: Any) -> Builder:
    base, *rules = typing.get_args(annotation)
    build = _builder(base)
    patterns = []
    for rule in rules:
        if not isinstance(rule, Exact):
            raise TypeError(f"generator.fitting cannot apply the rule {rule!r}")
        if rule.pattern is not None:
            patterns.append(_regex(rule.pattern))

    def build_matching(value: Any) -> Any:
        text = build(value)
        for pattern in patterns:
            if not pattern.search(text):
                raise _Misfit
        return text

    return build_matching


def _regex(pattern: str) -> re.Pattern[str]:
    # pydantic matches with Rust's regex crate. Python's `$` also matches before
    # a final newline; Rust's does not: ending on `\Z` makes both mean the end.
    # (Python's `\S` excludes a few more spaces than Rust's, which only refuses more.)
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _dataclass(cls: type) -> Builder:
    hints = typing.get_type_hints(cls, include_extras=True)
    fields = []
    for spec in dataclasses.fields(cls):
        rules = dict(spec.metadata)
        shortest = rules.pop("min_length", 0)
        longest = rules.pop("max_length", None)
        unknown = set(rules) - SCHEMA_ONLY_RULES
        if unknown:
            raise TypeError(f"generator.fitting cannot apply {cls.__name__}.{spec.name}: {unknown}")
        build = _builder(hints[spec.name])
        if shortest or longest is not None:
            build = _sized(build, shortest, longest)
        fields.append((spec.name, build, spec.default, spec.default_factory))
    names = frozenset(spec.name for spec in dataclasses.fields(cls))

    def build_instance(value: Any) -> Any:
        if type(value) is not dict or not names.issuperset(value):
            raise _Misfit
        values = {}
        for name, build, default, default_factory in fields:
            if name in value:
                values[name] = build(value[name])
            elif default is not dataclasses.MISSING:
                values[name] = default
            elif default_factory is not dataclasses.MISSING:
                values[name] = default_factory()
            else:
                raise _Misfit
        return cls(**values)

    return build_instance


def _sized(build: Builder, shortest: int, longest: int | None) -> Builder:
    def build_sized(value: Any) -> Any:
        built = build(value)
        if len(built) < shortest or (longest is not None and len(built) > longest):
            raise _Misfit
        return built

    return build_sized


def _list(build_item: Builder) -> Builder:
    def build_list(value: Any) -> list[Any]:
        if type(value) is not list:
            raise _Misfit
        return [build_item(item) for item in value]

    return build_list


def _literal(allowed: tuple[Any, ...]) -> Builder:
    def build_literal(value: Any) -> Any:
        # Strict: `1` is not `True`, and no text stands for another type.
        if not any(type(value) is type(choice) and value == choice for choice in allowed):
            raise _Misfit
        return value

    return build_literal


def _union(arms: list[Builder]) -> Builder:
    def build_first_fitting(value: Any) -> Any:
        for build in arms:
            try:
                return build(value)
            except _Misfit:
                continue
        raise _Misfit

    return build_first_fitting


def _exactly(kind: type) -> Builder:
    def build_exact(value: Any) -> Any:
        if type(value) is not kind:
            raise _Misfit
        return value

    return build_exact


def _text(value: Any) -> str:
    if type(value) is not str or (not value.isascii() and SURROGATE.search(value)):
        raise _Misfit
    return value
