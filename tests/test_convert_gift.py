"""GIFT import: the shapes Moodle's documentation shows, awkward ones included."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.convert.draft import ConvertError
from generator.convert.importing import import_source
from generator.markdown import markdown
from tests.convert_support import SOURCES, bank_data, write_source

EXAMPLES = SOURCES / "moodle-docs-examples.gift"


@pytest.fixture(scope="module")
def examples() -> dict:
    return bank_data(import_source(EXAMPLES))


def line_of(fragment: str) -> int:
    """The line of the examples file that holds `fragment`."""
    lines = EXAMPLES.read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if fragment in line)


def by_id(data: dict, question_id: str) -> dict:
    return next(q for q in data["questions"] if q["id"] == question_id)


def shown(text: str) -> str:
    """What a card shows of a text: its HTML."""
    return markdown(text)


def test_single_answer_questions_are_taken_and_the_rest_left_out_with_their_lines():
    result = import_source(EXAMPLES)
    assert [q.id for q in result.draft.questions] == [
        "q1", "q2", "who-s-buried-in-grant-s-tomb", "grant-is-in-grant-s-tomb",
        "the-american-holiday-of-thanksgiving-is", "japanese-characters-originally-came-from-what",
        "grant-was-buried-in-a-tomb-in-new-york-city", "grant-is-buried-in-grant-s-tomb",
        "escapes", "formats", "html", "multi-line",
    ]
    left_out = {notice.line: notice.message for notice in result.draft.left_out}
    expected = {
        "::Q3::": "short-answer",
        "::Q4::": "matching",
        "::Q5::": "numerical",
        "What two people": "several answers may be right",
        "Write a short biography": "essay",
        "::Partial::": "partial credit",
    }
    assert sorted(left_out) == sorted(line_of(fragment) for fragment in expected)
    for fragment, why in expected.items():
        assert why in left_out[line_of(fragment)]


def test_feedback_is_each_options_why_and_general_feedback_the_tip(examples: dict):
    question = by_id(examples, "q2")
    assert question["options"] == [
        {"text": "yellow", "correct": True, "why": "right; good!"},
        {"text": "red", "why": "wrong, it's yellow"},
        {"text": "blue", "why": "wrong, it's yellow"},
    ]
    japanese = by_id(examples, "japanese-characters-originally-came-from-what")
    assert japanese["tip"] == "Chinese characters were adopted in the 5th century."
    assert [o["why"] for o in japanese["options"]] == [
        "Sorry.", "Correct!", "Try again.", "That's not it."
    ]


def test_a_wrong_option_without_feedback_has_no_why(examples: dict):
    question = by_id(examples, "who-s-buried-in-grant-s-tomb")
    assert question["options"] == [{"text": "Grant"}, {"text": "Jefferson"},
                                   {"text": "no one", "correct": True}]


def test_an_answer_block_mid_sentence_shows_as_a_blank(examples: dict):
    question = by_id(examples, "the-american-holiday-of-thanksgiving-is")
    assert shown(question["question"]) == (
        "<p>The American holiday of Thanksgiving is celebrated on the _____ Thursday of "
        "November.</p>"
    )
    assert [o.get("correct", False) for o in question["options"]] == [False, False, True]


def test_true_false_is_two_options_with_right_and_wrong_feedback(examples: dict):
    assert by_id(examples, "q1")["options"] == [
        {"text": "True", "correct": True}, {"text": "False"}
    ]
    question = by_id(examples, "grant-is-buried-in-grant-s-tomb")
    assert question["options"] == [
        {"text": "True", "why": "No one is buried there."},
        {"text": "False", "correct": True, "why": "Right: he is entombed."},
    ]


def test_a_category_names_the_deck_when_all_share_it_else_tags(examples: dict):
    # Questions before the first $CATEGORY have none: the deck is named after the file.
    assert examples["deck"]["name"] == "moodle-docs-examples"
    assert "tags" not in by_id(examples, "q1")
    assert by_id(examples, "escapes")["tags"] == ["Geography::Unit_1"]


def test_escapes_show_the_characters(examples: dict):
    question = by_id(examples, "escapes")
    assert shown(question["question"]) == (
        "<p>Which of these is { a brace }: the special characters</p>"
    )
    assert shown(question["options"][0]["text"]) == "<p>~ = # { } : and \\</p>"
    assert question["options"][0]["why"] == "Each is escaped with a backslash."


def test_text_formats(examples: dict):
    formats = by_id(examples, "formats")
    assert formats["question"] == "Which is **Python's** equality test?"
    assert formats["options"][0]["text"] == "`a == b`"
    assert shown(formats["options"][0]["why"]) == "<p>Equality, not *identity*.</p>"
    html = by_id(examples, "html")
    assert html["question"] == "Which tag makes **bold** text?"
    assert shown(html["options"][0]["text"]) == "<p>&lt;strong&gt;</p>"
    assert html["options"][1]["text"] == "underline"


def test_the_underline_that_has_no_markdown_form_is_reported():
    result = import_source(EXAMPLES)
    lost = [notice for notice in result.draft.lost if "<u>" in notice.message]
    assert [notice.line for notice in lost] == [line_of("::Html::")]


def test_a_line_break_escape_is_a_line_break(examples: dict):
    assert shown(by_id(examples, "multi-line")["question"]) == (
        "<p>First line of the question<br />\nsecond line</p>"
    )


def test_unbalanced_braces_are_an_error_at_the_line(tmp_path: Path):
    source = write_source(tmp_path, "bad.gift", "::A:: fine {=a ~b}\n\n::B:: broken {=a ~b\n")
    with pytest.raises(ConvertError) as error:
        import_source(source)
    assert error.value.problems == [(3, error.value.problems[0][1])]
    assert "unbalanced braces" in str(error.value)


def test_ids_are_unique_and_stable(tmp_path: Path):
    text = "::Same:: a? {=x ~y}\n\n::Same:: b? {=x ~y}\n\n::Same:: c? {=x ~y}\n"
    source = write_source(tmp_path, "same.gift", text)
    first = import_source(source)
    assert [q.id for q in first.draft.questions] == ["same", "same-2", "same-3"]
    assert import_source(source).text == first.text
