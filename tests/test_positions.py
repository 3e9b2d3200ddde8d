"""Positions: where a value of a bank is, as the one YAML walk found it."""

from __future__ import annotations

from pathlib import Path

from generator.problems import Mark, Problem
from generator.yaml_walk import parse_yaml

BANK = """\
deck:
  id: demo
  name: Demo
questions:
  - id: first
    question: One?
    options:
      - text: Yes
        why: Because.
  - question: Two?
    options: []
"""


def positions_of(path: Path, text: str):
    path.write_text(text, encoding="utf-8")
    return parse_yaml(text, str(path)).positions


def test_values_keys_and_question_names(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    positions = positions_of(path, BANK)

    assert positions.value(("deck", "id")) == Mark(2, 7)
    assert positions.key(("deck", "id")) == Mark(2, 3)
    assert positions.value(("questions", 0, "options", 0, "why")) == Mark(9, 14)
    assert positions.question(("questions", 0, "options", 0, "why")) == "first"
    assert positions.question(("questions", 1, "question")) == "question #2"
    assert positions.question(("deck", "name")) == "deck"
    assert positions.problem(("questions", 0, "question"), "too vague") == Problem(
        str(path), 6, 15, "first", "too vague"
    )


def test_a_path_that_goes_further_than_the_file_stops_at_its_deepest_value(
    tmp_path: Path,
) -> None:
    positions = positions_of(tmp_path / "bank.yaml", BANK)

    assert positions.value(("questions", 1, "options", 3, "text")) == Mark(11, 14)
    assert positions.value(("questions", 7)) == Mark(5, 3)


def test_flow_collections_are_placed_too(tmp_path: Path) -> None:
    positions = positions_of(tmp_path / "bank.yaml", "\n\ndeck: {id: x}\n")

    assert positions.value(("deck", "id")) == Mark(3, 12)
    assert positions.key(("deck", "id")) == Mark(3, 8)


def test_a_document_that_does_not_parse_gives_the_top_of_the_file(tmp_path: Path) -> None:
    broken = positions_of(tmp_path / "broken.yaml", "deck: [unclosed\n")
    assert broken.value(("deck",)) == Mark(1, 1)


def test_a_value_yaml_did_not_read_as_text_is_quoted_as_written(tmp_path: Path) -> None:
    positions = positions_of(tmp_path / "bank.yaml", "deck:\n  id: 010\n  name: yes\n")

    assert positions.written(("deck", "id")) == "010"
    assert positions.written(("deck", "name")) == "yes"
    assert positions.written(("deck",)) is None


def test_within_finds_a_piece_of_a_text_in_its_source_or_else_the_value(tmp_path: Path) -> None:
    positions = positions_of(
        tmp_path / "bank.yaml",
        'tip: |\n  First line.\n\n  See ![x](img/a.png)\nnext: "a\\u0062c img/a.png"\n',
    )

    assert positions.within(("tip",), "img/a.png") == Mark(4, 12)
    # Only inside the value: the same text in the next value is not it.
    assert positions.within(("tip",), "abc") == Mark(1, 6)
    assert positions.within(("next",), "img/a.png") == Mark(5, 17)
    # Written with an escape, it is not in the source as is: the value's start.
    assert positions.within(("next",), "abc") == Mark(5, 7)
    assert positions.within(("missing",), "not anywhere") == Mark(1, 1)
