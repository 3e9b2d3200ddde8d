"""With scripts off, a card is complete: the script only adds selection."""

from __future__ import annotations

from playwright.sync_api import expect

from generator.loader import load_bank
from tests.browser.conftest import BANKS, multiple_choice


def words(text: str) -> str:
    """Text as the learner reads it: Markdown's marks and line breaks gone."""
    return " ".join(text.replace("`", "").replace("**", "").split())


def test_without_javascript_every_card_shows_everything_the_plain_card_does(plain, cards):
    page = plain.page
    for name, bank_path in BANKS.items():
        questions = load_bank(bank_path).questions
        for card, question in zip(multiple_choice(cards[name]), questions, strict=True):
            plain.show_question(card)
            expect(page.locator("#qa .mcq-option")).to_have_count(len(question.options))
            assert page.query_selector("#qa input") is None, "nothing to select without a script"
            front = words(page.inner_text("#qa"))
            assert all(words(option.text) in front for option in question.options)

            plain.show_answer(card)
            back = words(page.inner_text("#qa"))
            assert words(question.question.splitlines()[0]) in back
            for option in question.options:
                assert words(option.text) in back
                assert words(option.why) in back
            correct = question.options[question.correct_index]
            expect(page.locator("#qa .mcq-answer")).to_be_visible()
            assert words(correct.text) in words(page.inner_text("#qa .mcq-answer"))
            expect(page.locator("#qa .mcq-why")).to_have_count(len(question.options))
            for why in page.locator("#qa .mcq-why").all():
                expect(why).to_be_visible()
            if question.tip:
                assert words(question.tip) in words(page.inner_text("#qa .mcq-tip"))
