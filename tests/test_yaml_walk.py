"""The one YAML walk: PyYAML's safe data for what a bank may use, every refusal at its
place, and the places of every value kept for later messages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from benchmarks import synthetic
from generator.problems import BankError, Mark
from generator.reading import read_bank_text
from generator.yaml_walk import parse_yaml

TESTS = Path(__file__).resolve().parent


def parsed_bank_files() -> list[Path]:
    """Every bank file of the tests and decks that reaches the parser (not refused as a file)."""
    found = []
    for path in sorted(
        [
            *TESTS.glob("good_banks/*.yaml"),
            *TESTS.glob("bad_banks/*.yaml"),
            *(TESTS.parent / "decks").glob("*.yaml"),
        ]
    ):
        try:
            read_bank_text(path)
        except BankError:
            continue
        found.append(path)
    return found


def _types(value: object) -> object:
    if isinstance(value, dict):
        return {key: _types(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_types(item) for item in value]
    return type(value)


def _same_as_pyyaml(text: str) -> None:
    parsed = parse_yaml(text, "x.yaml")
    assert parsed.problems == []
    expected = yaml.load(text, Loader=yaml.CSafeLoader)
    assert parsed.data == expected
    assert _types(parsed.data) == _types(expected)


@pytest.mark.parametrize(
    "path", parsed_bank_files(), ids=lambda path: f"{path.parent.name}/{path.name}"
)
def test_a_bank_the_walk_accepts_is_the_data_pyyaml_reads(path: Path) -> None:
    text = read_bank_text(path)
    if parse_yaml(text, str(path)).problems:
        assert path.parent.name == "bad_banks"
        return
    _same_as_pyyaml(text)


def test_a_synthetic_bank_is_the_data_pyyaml_reads(tmp_path: Path) -> None:
    _same_as_pyyaml(read_bank_text(synthetic.write_bank(60, tmp_path / "bank.yaml")))


@pytest.mark.parametrize(
    "text",
    [
        "a: yes\nb: 1.5\nc: 2024-01-02\nd: ~\ne: '<<'\nf: 0x1f\n",
        "a: &anchor 1\nb: 2\n",  # an anchor nobody refers to
        "a: !!str 1\nb: !!map {c: 1}\nc: ! 5\n",  # tags PyYAML's safe loader knows
        "question: 'quoted # kept'\nother: plain # a comment on another key\n",
        "just text\n",
        "- 1\n- [a, {b: c}]\n",
        "---\n",
    ],
)
def test_values_are_constructed_as_pyyaml_constructs_them(text: str) -> None:
    _same_as_pyyaml(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &x 1\nb: *x\n", [(2, 4, "anchors and aliases (`&name`, `*name`) are not allowed")]),
        ("a: !custom 1\n", [(1, 4, "unsupported YAML tag `!custom`")]),
        ("a: !!set {b: 1}\n", [(1, 4, "unsupported YAML tag `tag:yaml.org,2002:set`")]),
        ("base: {a: 1}\nother:\n  <<: {a: 2}\n", [(3, 3, "merge keys (`<<`) are not allowed")]),
        ("a: 1\na: 2\n", [(2, 1, "duplicate key `a` (first on line 1)")]),
        ("? [a, b]\n: 1\n", [(1, 3, "a key must be plain text")]),
        ("a: 2024-13-45\n", [(1, 4, "`2024-13-45` is not a valid timestamp; put it in quotes "
                                    "to make it text")]),
        ("a: " + "[" * 40 + "]" * 40 + "\n", [(1, 36, "nesting is deeper than 32 levels")]),
        ("", [(1, 1, "file is empty: a bank needs a `deck` and its `questions`")]),
        ("a: 1\n---\nb: 2\n", [(2, 1, "YAML syntax error: expected a single document in the "
                                      "stream, but found another document")]),
        ("a: [unclosed\n", [(2, 1, "YAML syntax error: while parsing a flow sequence, did not "
                                   "find expected ',' or ']'")]),
        ("a: &x 1\nb: &x 2\n", [(2, 4, "YAML syntax error: found duplicate anchor; first "
                                       "occurrence, second occurrence")]),
        ("a: *nowhere\n", [(1, 4, "YAML syntax error: found undefined alias")]),
        # Everything at once, but a syntax error, after which the parser cannot go on.
        ("a: 1\na: 2\nb: !x 3\n", [(2, 1, "duplicate key `a` (first on line 1)"),
                                   (3, 4, "unsupported YAML tag `!x`")]),
    ],
)
def test_what_a_bank_may_not_use_is_reported_at_its_place(text: str, expected: list) -> None:
    problems = parse_yaml(text, "x.yaml").problems
    assert sorted((p.line, p.column, p.message) for p in problems) == expected


def test_a_text_a_comment_cut_short_is_reported_with_what_is_left(tmp_path: Path) -> None:
    (problem,) = parse_yaml("question: What is cut # here?\n", "x.yaml").problems
    assert (problem.line, problem.column) == (1, 11)
    assert "the card would show only 'What is cut'" in problem.message
    assert parse_yaml("other: plain # a comment\n", "x.yaml").problems == []


def test_the_walk_places_every_value_and_key_of_the_shipped_bank(fastapi_bank: Path) -> None:
    text = read_bank_text(fastapi_bank)
    positions = parse_yaml(text, str(fastapi_bank)).positions
    nodes = yaml.compose(text, Loader=yaml.CSafeLoader)
    question = nodes.value[[k.value for k, _ in nodes.value].index("questions")][1].value[2]
    options = dict((k.value, v) for k, v in question.value)["options"].value
    why_key, why = next((k, v) for k, v in options[1].value if k.value == "why")

    assert positions.value(("questions", 2, "options", 1, "why")) == Mark.of(why.start_mark)
    assert positions.key(("questions", 2, "options", 1, "why")) == Mark.of(why_key.start_mark)
    assert positions.question(("questions", 2, "options", 1, "why")) == question.value[0][1].value
