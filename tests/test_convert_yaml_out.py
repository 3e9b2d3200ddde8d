"""The bank writer: every text reads back as itself, in the documented layout."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.convert.draft import Draft, DraftDeck, DraftOption, DraftQuestion
from generator.convert.yaml_out import bank_yaml

TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x85\u2028\u2029"),
    min_size=1,
    max_size=300,
)


def draft_of(question_text: str, why: str, tip: str) -> Draft:
    question = DraftQuestion(
        "q", question_text, [DraftOption(None, why), DraftOption("B", None, True)], tip=tip,
        tags=["a::b", "x"],
    )
    question.id = "q"
    return Draft(DraftDeck("deck", "Deck"), [question])


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, TEXT)
def test_every_text_reads_back_as_itself(question: str, why: str, tip: str):
    data = yaml.safe_load(bank_yaml(draft_of(question, why, tip)))
    written = data["questions"][0]
    assert written["question"] == question
    assert written["options"] == [{"why": why}, {"text": "B", "correct": True}]
    assert written["tip"] == tip


def test_the_layout_keys_in_order_and_block_scalars():
    long = " ".join(["word"] * 40)
    text = bank_yaml(draft_of("Short question?", long, "Line one\n\nLine two: `code`"))
    assert text.split("\n")[:16] == [
        "# yaml-language-server: $schema=../schema/bank.schema.json",
        "deck:",
        "  id: deck",
        "  name: Deck",
        "questions:",
        "  - id: q",
        "    question: Short question?",
        "    tags: [a::b, x]",
        "    options:",
        "      - why: >-",
        "          " + " ".join(["word"] * 16),  # wrapped within 92 columns
        "          " + " ".join(["word"] * 16),
        "          " + " ".join(["word"] * 8),
        "      - text: B",
        "        correct: true",
        "    tip: |-",
    ]
