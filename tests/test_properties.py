"""Property-based tests: any valid bank survives the trip into Anki; no input crashes the loader."""

from __future__ import annotations

import re
import tempfile
import unicodedata
from html import unescape
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build_bank
from generator.loader import BankError, load_bank
from tests.anki_client import AnkiClient
from tests.conftest import FASTAPI_BANK

# Text whose Markdown rendering is the text itself, HTML-escaped: letters (any
# script), digits and punctuation that HTML must escape, but nothing that starts
# Markdown syntax (emphasis, code, links, lists, headings, entities).
WORD = st.text(
    alphabet=st.characters(
        categories=["L", "Nd"], include_characters="<>&\"'.,?()/=", exclude_characters="\x00"
    ),
    min_size=1,
    max_size=12,
)
TEXT = st.lists(WORD, min_size=1, max_size=12).map(lambda words: "Q" + " ".join(words))
SLUG = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")
TAGS = st.lists(SLUG, max_size=3, unique=True)


@st.composite
def questions(
    draw,
    question_id: str,
    text: st.SearchStrategy[str] = TEXT,
    tags: st.SearchStrategy[list[str]] = TAGS,
    max_options: int = 8,
    note: bool = False,
) -> dict:
    """A question as a bank holds it, its texts drawn from `text`; with `note`, sometimes
    a since-then note too."""
    count = draw(st.integers(min_value=2, max_value=max_options))
    correct = draw(st.integers(min_value=0, max_value=count - 1))
    options = [
        {"text": draw(text), "why": draw(text), **({"correct": True} if i == correct else {})}
        for i in range(count)
    ]
    question = {"id": question_id, "question": draw(text), "options": options}
    if draw(st.booleans()):
        question["tip"] = draw(text)
    if draw(st.booleans()):
        question["tags"] = draw(tags)
    if note and draw(st.integers(0, 3)) == 0:
        question["note"] = draw(text)
    return question


@st.composite
def banks(draw) -> dict:
    ids = draw(st.lists(SLUG, min_size=1, max_size=6, unique=True))
    return {
        "deck": {
            "id": draw(SLUG),
            "name": draw(TEXT),
            "shuffle": draw(st.sampled_from([True, False, "review"])),
            "shuffle_seed": draw(st.integers(min_value=-(2**40), max_value=2**40)),
        },
        "questions": [draw(questions(question_id)) for question_id in ids],
    }


def nfc(text: str) -> str:
    """Anki stores text in Unicode NFC form: that is the form to compare with."""
    return unicodedata.normalize("NFC", text)


def visible(html: str) -> str:
    """What the learner reads: tags and the note type's style dropped, entities decoded."""
    html = re.sub(r"<(style|script)>.*?</\1>", "", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bank=banks())
def test_any_valid_bank_builds_and_imports_intact(bank: dict):
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "bank.yaml"
        path.write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
        package = build_bank(path, Path(scratch) / "dist").package
        anki = AnkiClient(Path(scratch) / "learner" / "collection.anki2")
        try:
            counts = anki.import_package(package)
            assert counts.new == len(bank["questions"])
            for question in bank["questions"]:
                (card,) = anki.cards(f'"Id:{bank["deck"]["id"]}/{question["id"]}"')
                front, back = visible(card.question()), visible(card.answer())
                assert nfc(question["question"]) in front
                for option in question["options"]:
                    assert nfc(option["text"]) in front
                    assert nfc(option["why"]) in back
                if "tip" in question:
                    assert nfc(question["tip"]) in back
                assert sorted(card.note().tags) == sorted(question.get("tags", []))
        finally:
            anki.close()


def load_or_refuse(content: bytes) -> None:
    """Load `content` as a bank: a Bank or a BankError is fine, anything else is a bug."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "bank.yaml"
        path.write_bytes(content)
        try:
            load_bank(path)
        except BankError as error:
            assert error.problems
            for problem in error.problems:
                assert problem.line >= 1 and problem.column >= 1
                assert str(problem).startswith(f"{path}:")


@settings(max_examples=300, deadline=None)
@given(content=st.binary(max_size=2000))
def test_random_bytes_never_crash_the_loader(content: bytes):
    load_or_refuse(content)


VALID = FASTAPI_BANK.read_bytes()


@st.composite
def mutations(draw) -> bytes:
    content = bytearray(VALID)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        start = draw(st.integers(min_value=0, max_value=len(content)))
        end = draw(st.integers(min_value=start, max_value=min(len(content), start + 40)))
        replacement = draw(
            st.one_of(
                st.binary(max_size=8),
                st.sampled_from(
                    [
                        b"",
                        b":",
                        b"- ",
                        b"\n",
                        b"\t",
                        b"&a ",
                        b"*a",
                        b"<<: ",
                        b"!!",
                        b"{",
                        b"]",
                        b"'",
                        b'"',
                        b"#",
                        b"---\n",
                        b"\xff",
                        b"\x00",
                        b"  ",
                        b"correct: true\n",
                    ]
                ),
            )
        )
        content[start:end] = replacement
    return bytes(content)


@settings(max_examples=300, deadline=None)
@given(content=mutations())
def test_mutations_of_a_valid_bank_never_crash_the_loader(content: bytes):
    load_or_refuse(content)
