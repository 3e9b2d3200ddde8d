"""Rendering: option order and letters, escaping, Markdown."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from generator.bank import Bank, DeckInfo, Option, Question
from generator.markdown import markdown
from generator.notetype import FIELD_NAMES
from generator.render import display_order, render_bank, render_question


def make_question(question_id: str = "q", options: int = 4, correct: int = 1) -> Question:
    return Question(
        id=question_id,
        question="Which?",
        options=[
            Option(text=f"option {i}", why=f"why {i}", correct=i == correct) for i in range(options)
        ],
        tip="A tip.",
    )


def deck(**settings) -> DeckInfo:
    return DeckInfo(id="d", name="D", **settings)


def field(note, name: str) -> str:
    return note.fields[FIELD_NAMES.index(name)]


def test_shuffle_is_stable_and_depends_on_id_and_seed():
    question = make_question()
    assert display_order(deck(), question) == display_order(deck(), question)
    orders = {
        tuple(display_order(deck(shuffle_seed=seed), make_question(question_id)))
        for seed in range(3)
        for question_id in ("a", "b", "c", "d")
    }
    assert len(orders) > 1


def test_shuffle_false_keeps_file_order():
    assert display_order(deck(shuffle=False), make_question(options=8)) == list(range(8))


def test_shuffle_spreads_the_correct_letter():
    letters = Counter(
        render_question(deck(), make_question(f"q{i}")).correct_letter for i in range(200)
    )
    assert set(letters) == {"A", "B", "C", "D"}
    assert max(letters.values()) < 80


def test_front_and_back_use_the_same_letters():
    note = render_question(deck(shuffle_seed=3), make_question())
    options = field(note, "Options")
    letter = note.correct_letter
    assert (
        f'<span class="mcq-letter">{letter}</span><div class="mcq-text"><p>option 1</p>' in options
    )
    assert f'<span class="mcq-letter">{letter}</span></p>' in field(note, "Answer")
    rationales = field(note, "Rationales")
    assert "why 1" not in rationales
    for i in (0, 2, 3):
        assert f"why {i}" in rationales


def test_letters_run_from_a_in_display_order():
    note = render_question(deck(shuffle=False), make_question(options=8))
    options = field(note, "Options")
    positions = [options.index(f'mcq-letter">{letter}<') for letter in "ABCDEFGH"]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("a < b & c", "<p>a &lt; b &amp; c</p>"),
        ("use `async def` here", "<p>use <code>async def</code> here</p>"),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("`<b>`", "<p><code>&lt;b&gt;</code></p>"),
    ],
)
def test_markdown_escapes_html_and_renders_inline_code(source: str, html: str):
    assert markdown(source) == html


def test_fields_follow_the_note_type_and_recall_is_opt_in():
    bank = Bank(deck=deck(), questions=[make_question()])
    (note,) = render_bank(bank)
    assert len(note.fields) == len(FIELD_NAMES)
    assert field(note, "ModelAnswer") == ""
    (recall,) = render_bank(Bank(deck=deck(recall=True), questions=[make_question()]))
    assert "option 1" in field(recall, "ModelAnswer")


def test_content_hash_follows_content_and_tags():
    base = render_question(deck(), make_question())
    assert base.content_hash == render_question(deck(), make_question()).content_hash
    tagged = dataclasses.replace(make_question(), tags=["x"])
    assert render_question(deck(), tagged).content_hash != base.content_hash
