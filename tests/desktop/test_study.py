"""Studying the built deck in the real Anki desktop, card after card, with real mouse and keys."""

from __future__ import annotations

import time

import pytest

from generator.bank import Question
from generator.loader import load_bank
from tests.desktop.conftest import BANKS
from tests.desktop.reviewing import Back, Review

AGAIN, GOOD = 1, 3
WRONG = "\u2717"
RIGHT = "\u2713"


def words(text: str) -> str:
    """Text as the learner reads it: Markdown's marks and line breaks gone."""
    return " ".join(text.replace("`", "").replace("**", "").split())


@pytest.fixture(scope="module")
def questions() -> dict[str, Question]:
    bank = load_bank(BANKS["fastapi"])
    return {f"{bank.deck.id}/{question.id}": question for question in bank.questions}


@pytest.fixture
def review(desktop) -> Review:
    return Review(desktop)


def assert_every_rationale_beside_its_option(back: Back, question: Question) -> None:
    assert sorted(back.rationale_beside) == sorted(back.order)
    for position, text in back.rationale_beside.items():
        assert text == words(question.options[int(position)].why)
    assert not back.answer_shown and not back.others_shown, "said once, beside the options"


def test_picks_are_judged_card_after_card_and_a_returning_card_carries_no_old_pick(
    review, deck_names, questions, desktop, artifacts
):
    front = review.study(deck_names["fastapi"])
    first = front.card

    # A wrong pick, by a real click.
    question = questions[front.card]
    correct = str(question.correct_index)
    wrong = next(position for position in front.order if position != correct)
    review.click_option(wrong)
    assert review.picked(wrong) == wrong
    back = review.show_answer()
    letter = dict(zip(back.order, back.letters, strict=True))
    assert back.result == (
        f"Your pick: {letter[wrong]} \u2014 incorrect. Correct answer: {letter[correct]}."
    )
    assert back.marks == {
        wrong: f"{WRONG} Your pick \u2014 incorrect",
        correct: f"{RIGHT} Correct answer",
    }
    assert back.order == front.order
    assert_every_rationale_beside_its_option(back, question)
    desktop.screenshot(artifacts / "wrong-pick-back.png")
    review.answer(AGAIN)  # back in a minute: a learning step

    # The correct pick, on the next card; the mouse changes its mind first.
    front = review.front()
    assert front.card != first
    question = questions[front.card]
    correct = str(question.correct_index)
    review.click_option(front.order[-1] if front.order[-1] != correct else front.order[0])
    review.click_option(correct)
    assert review.picked(correct) == correct
    back = review.show_answer()
    letter = dict(zip(back.order, back.letters, strict=True))
    assert back.result == f"Your pick: {letter[correct]} \u2014 correct."
    assert back.marks == {correct: f"{RIGHT} Your pick \u2014 correct"}
    assert_every_rationale_beside_its_option(back, question)
    review.answer(GOOD)

    # No pick: the plain back, with the answer and every other rationale.
    front = review.front()
    question = questions[front.card]
    back = review.show_answer()
    assert_plain_back(back, question)
    desktop.screenshot(artifacts / "no-pick-back.png")
    review.answer(GOOD)

    # The rest, until the first card comes back from its learning step.
    for _ in range(len(questions)):
        front = review.front()
        if front.card == first:
            break
        review.show_answer()
        review.answer(GOOD)
    assert front.card == first, "the card answered Again came back in the session"
    assert review.checked() is None
    assert_plain_back(review.show_answer(), questions[first])


def assert_plain_back(back: Back, question: Question) -> None:
    assert back.result is None and back.marks == {} and back.rationale_beside == {}
    assert back.answer_shown and back.others_shown
    assert back.plain_rationales == {
        str(position): words(option.why) for position, option in enumerate(question.options)
    }


def test_a_review_shuffled_deck_keeps_the_fronts_order_on_the_back(review, deck_names, desktop):
    fronts = []
    front = review.study(deck_names["review-shuffle"])
    # The eight-option card three times (Again brings it back), the other card in between.
    for _ in range(3):
        front = review.until(front, lambda f: len(f.order) == 8)
        fronts.append(front.order)
        picked = front.order[len(fronts)]
        review.click_option(picked)
        back = review.show_answer()
        assert back.order == front.order
        assert back.letters == list("ABCDEFGH")
        assert back.result.startswith(f"Your pick: {'ABCDEFGH'[len(fronts)]} \u2014")
        review.answer(AGAIN)
        front = review.front()
    assert all(sorted(order) == [str(position) for position in range(8)] for order in fronts)


def test_the_card_pages_console_is_recorded(desktop):
    """What makes every desktop test fail on a warning or error from the card's page."""
    desktop.js("console.info('mcq-anki console probe'); true")
    deadline = time.monotonic() + 5
    while not (
        probes := [m for m in desktop.call("console")["messages"] if "probe" in m["message"]]
    ):
        assert time.monotonic() < deadline, "the probe never reached the recorder"
        time.sleep(0.1)
    assert probes[0]["page"] == "main webview" and probes[0]["level"] == "InfoMessageLevel"
