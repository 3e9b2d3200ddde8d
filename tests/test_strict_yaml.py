"""The plain parse (from parser events, no places kept) gives the careful parse's data,
and leaves everything it cannot vouch for to the careful parse."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from benchmarks import synthetic
from generator.problems import BankError
from generator.reading import read_bank_text
from generator.strict_yaml import NotPlain, YamlDocument, plain_data

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


def careful_parse(path: Path, text: str) -> tuple[YamlDocument, object]:
    document = YamlDocument(str(path), careful=True)
    return document, document.parse(text)


def plain(text: str) -> object:
    return plain_data(text, yaml.constructor.SafeConstructor())


@pytest.mark.parametrize(
    "path", parsed_bank_files(), ids=lambda path: f"{path.parent.name}/{path.name}"
)
def test_plain_parse_gives_the_careful_data_or_steps_aside(path: Path) -> None:
    text = read_bank_text(path)
    careful, careful_data = careful_parse(path, text)
    try:
        data = plain(text)
    except NotPlain:
        assert careful.problems or path.parent.name == "bad_banks"
        return
    assert careful.problems == [], "the plain parse accepted what the careful one refuses"
    assert data == careful_data
    assert _types(data) == _types(careful_data)


def _types(value: object) -> object:
    if isinstance(value, dict):
        return {key: _types(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_types(item) for item in value]
    return type(value)


def test_plain_parse_of_a_synthetic_bank_is_the_careful_parse(tmp_path: Path) -> None:
    path = synthetic.write_bank(60, tmp_path / "bank.yaml")
    text = read_bank_text(path)
    assert plain(text) == careful_parse(path, text)[1]


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # an alias
        "a: !!str 1\n",  # an explicit tag
        "a: !custom 1\n",
        "a: !!map {b: 1}\n",
        "base: {a: 1}\nother:\n  <<: {a: 2}\n",  # a merge key
        "a: 1\na: 2\n",  # a duplicate key
        "? [a, b]\n: 1\n",  # a key that is not text
        "1: one\n",  # a key PyYAML would read as a number
        "a: 1\n---\nb: 2\n",  # two documents
        "",  # no document
        "# only a comment\n",
        "a: [unclosed\n",  # a syntax error
        "a: 2024-13-45\n",  # a value PyYAML cannot construct
        "a: " + "[" * 40 + "]" * 40 + "\n",  # deep nesting
        "question: What is cut # here?\n",  # a text a comment cut short
        "deck:\n  name: Cut\t# short\n",
    ],
)
def test_plain_parse_steps_aside_for_what_only_the_careful_parse_reports(text: str) -> None:
    with pytest.raises(NotPlain):
        plain(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: yes\nb: 1.5\nc: 2024-01-02\nd: ~\ne: '<<'\nf: 0x1f\n",
        "a: &anchor 1\nb: 2\n",  # an anchor nobody refers to
        "question: 'quoted # kept'\nother: plain # a comment on another key\n",
        "just text\n",
        "- 1\n- [a, {b: c}]\n",
    ],
)
def test_plain_parse_constructs_values_as_the_careful_parse(text: str) -> None:
    data = plain(text)
    _, careful_data = careful_parse(Path("x.yaml"), text)
    assert data == careful_data
    assert _types(data) == _types(careful_data)


def test_a_plain_document_keeps_no_places_yet_finds_them_when_asked(
    fastapi_bank: Path,
) -> None:
    text = read_bank_text(fastapi_bank)
    document = YamlDocument(str(fastapi_bank))
    document.parse(text)
    careful, _ = careful_parse(fastapi_bank, text)

    assert not document.careful
    assert document.value_marks == {} and document.key_marks == {}
    for path in [
        ("questions", 2, "options", 1, "why"),
        ("questions", 0, "id"),
        ("deck", "name"),
        ("questions", 3, "nope"),
        (),
    ]:
        assert document.mark_of(path) == careful.mark_of(path)
        assert document.key_mark_of(path) == careful.key_mark_of(path)
