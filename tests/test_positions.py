"""Positions: where a value of a bank is, found by re-reading the file only when asked."""

from __future__ import annotations

from pathlib import Path

from generator.positions import Positions
from generator.problems import Mark, Problem

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


def test_values_keys_and_question_names(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    positions = Positions(path)

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
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")

    assert Positions(path).value(("questions", 1, "options", 3, "text")) == Mark(11, 14)
    assert Positions(path).value(("questions", 7)) == Mark(5, 3)


def test_text_given_is_used_instead_of_the_file(tmp_path: Path) -> None:
    positions = Positions(tmp_path / "missing.yaml", text="\n\ndeck: {id: x}\n")

    assert positions.value(("deck", "id")) == Mark(3, 12)


def test_a_file_that_cannot_be_read_gives_the_top_of_the_file(tmp_path: Path) -> None:
    assert Positions(tmp_path / "missing.yaml").value(("deck", "id")) == Mark(1, 1)
    broken = tmp_path / "broken.yaml"
    broken.write_text("deck: [unclosed\n", encoding="utf-8")
    assert Positions(broken).value(("deck",)) == Mark(1, 1)


def test_within_finds_a_piece_of_a_text_in_its_source_or_else_the_value(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(
        'tip: |\n  First line.\n\n  See ![x](img/a.png)\nnext: "a\\u0062c img/a.png"\n',
        encoding="utf-8",
    )
    positions = Positions(path)

    assert positions.within(("tip",), "img/a.png") == Mark(4, 12)
    # Only inside the value: the same text in the next value is not it.
    assert positions.within(("tip",), "abc") == Mark(1, 6)
    assert positions.within(("next",), "img/a.png") == Mark(5, 17)
    # Written with an escape, it is not in the source as is: the value's start.
    assert positions.within(("next",), "abc") == Mark(5, 7)
    assert positions.within(("missing",), "not anywhere") == Mark(1, 1)
