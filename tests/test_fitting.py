"""The pydantic-free shortcut: whenever `fitted` gives a bank, pydantic gives the same one."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from generator.bank import Bank
from generator.fitting import fitted
from generator.strict_yaml import YamlDocument
from tests.test_properties import banks

REPO = Path(__file__).resolve().parent.parent
BANK_FILES = sorted(
    [*REPO.glob("decks/*.yaml"), *(REPO / "tests").glob("*_banks/**/*.yaml")],
    key=lambda path: str(path),
)


PYDANTIC = TypeAdapter(Bank)


def pydantic_bank(data: Any) -> Bank | None:
    try:
        return PYDANTIC.validate_python(data)
    except ValidationError:
        return None


def assert_agrees(data: Any) -> Bank | None:
    """`fitted` gives no bank, or the very bank pydantic gives."""
    bank = fitted(Bank, data)
    if bank is not None:
        assert bank == pydantic_bank(data)
    return bank


@pytest.mark.parametrize("path", BANK_FILES, ids=lambda path: str(path.relative_to(REPO)))
def test_every_bank_of_the_tests_is_fitted_as_pydantic_validates_it(path: Path):
    document = YamlDocument(str(path), careful=True)
    data = document.parse(path.read_text(encoding="utf-8", errors="replace"))
    bank = assert_agrees(data)
    if path.parent.name == "decks":
        assert bank is not None, "a shipped bank builds without pydantic"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(banks())
def test_a_valid_bank_is_fitted_without_pydantic(data: dict):
    assert assert_agrees(data) is not None


# Values YAML can give, and those near the edges of each rule: text that
# ends in a newline (Python's `$` matches before it, Rust's does not), a lone
# surrogate (from a `\ud800` escape), spaces Python and Rust class differently,
# numbers past 64 bits, and every other type standing in for another.
ODD = [
    "a\n", "en_US\n", "a-b\n", "x\ud800", "\ud800", "\x1c", "\x85", "\u3000", "\u180e",
    " ", "", "a b", "review", "true", "5", "longest-correct", "Longest-correct", "en-US",
    True, False, 0, 1, -1, 2**63, -(2**63) - 1, 1.0, 0.5, None,
    datetime.date(2026, 1, 1), [], {}, ["a"], [1], {"a": 1},
]  # fmt: skip
ODD_VALUES = st.one_of(st.sampled_from(ODD), st.text(max_size=5), st.integers())
PLACES = [
    ("deck", "id"), ("deck", "name"), ("deck", "description"), ("deck", "shuffle"),
    ("deck", "shuffle_seed"), ("deck", "recall"), ("deck", "prompt"), ("deck", "language"),
    ("questions", 0, "id"), ("questions", 0, "question"), ("questions", 0, "tags"),
    ("questions", 0, "tags", 0), ("questions", 0, "tip"), ("questions", 0, "note"),
    ("questions", 0, "allow"), ("questions", 0, "allow", 0), ("questions", 0, "options"),
    ("questions", 0, "options", 0, "text"), ("questions", 0, "options", 0, "correct"),
    ("questions", 0, "options", 1, "why"), ("questions", 0, "extra"), ("deck", "extra"),
]  # fmt: skip


def one_question_bank() -> dict:
    return {
        "deck": {"id": "d", "name": "Deck"},
        "questions": [
            {
                "id": "q",
                "question": "Q?",
                "tags": ["t"],
                "allow": ["correct-letter"],
                "options": [{"text": "A", "why": "W", "correct": True}, {"text": "B", "why": "W"}],
            }
        ],
    }


@pytest.mark.parametrize("place", PLACES, ids=lambda place: ".".join(map(str, place)))
def test_each_odd_value_in_each_place_is_fitted_only_as_pydantic_validates_it(place: tuple):
    assert fitted(Bank, one_question_bank()) is not None
    fitted_count = 0
    for value in ODD:
        data = one_question_bank()
        parent: Any = data
        for key in place[:-1]:
            parent = parent[key]
        parent[place[-1]] = value
        fitted_count += assert_agrees(data) is not None
    assert fitted_count < len(ODD), "some odd value is refused here"


@st.composite
def altered_banks(draw) -> dict:
    """A valid bank with one to three values, keys or entries replaced, added or dropped."""
    data = draw(banks())
    for _ in range(draw(st.integers(1, 3))):
        parent: Any = data
        while True:
            keys = list(parent) if isinstance(parent, dict) else list(range(len(parent)))
            if not keys:
                break
            key = draw(st.sampled_from(keys))
            child = parent[key]
            if isinstance(child, dict | list) and child and draw(st.booleans()):
                parent = child
                continue
            action = draw(st.sampled_from(["replace", "drop", "add"]))
            if action == "replace":
                parent[key] = draw(ODD_VALUES)
            elif action == "drop":
                del parent[key]
            elif isinstance(parent, dict):
                name = draw(st.sampled_from(["tags", "tip", "note", "allow", "correct", "extra"]))
                parent[name] = draw(ODD_VALUES)
            else:
                parent.append(draw(ODD_VALUES))
            break
    return data


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(altered_banks())
def test_an_altered_bank_is_fitted_only_as_pydantic_validates_it(data: dict):
    assert_agrees(data)


def test_a_rule_the_shortcut_does_not_know_stops_it_when_it_reads_the_classes():
    @dataclass(frozen=True)
    class Bounded:
        count: int = field(metadata={"description": "A count.", "ge": 1})

    with pytest.raises(TypeError, match="cannot apply"):
        fitted(Bounded, {"count": 1})
