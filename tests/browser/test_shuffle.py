"""Option order: reshuffled at every review when asked, and the back always follows the front."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser import card_view
from tests.browser.conftest import multiple_choice

LETTERS = list("ABCDEFGH")
REVIEWS = 6


def test_review_shuffle_reorders_each_time_and_the_back_keeps_the_front_order(client, page, cards):
    eight = multiple_choice(cards["review-shuffle"])[0]
    orders = []
    for review in range(REVIEWS):
        client.show_question(eight)
        front_order = card_view.shown_order(page)
        assert sorted(front_order) == [str(position) for position in range(8)]
        assert card_view.shown_letters(page) == LETTERS
        orders.append(front_order)
        picked = front_order[review]
        if review % 2:
            card_view.pick(page, picked)

        client.show_answer(eight)
        assert card_view.shown_order(page) == front_order
        assert card_view.shown_letters(page) == LETTERS
        correct = card_view.correct_position(page)
        correct_letter = LETTERS[front_order.index(correct)]
        if review % 2:
            expect(page.locator("#qa .mcq-result")).to_contain_text(
                f"Your pick: {LETTERS[review]} \u2014"
            )
            assert card_view.mark_of(page, correct).endswith(
                "correct" if picked == correct else "Correct answer"
            )
        else:
            # No pick: the plain back, in the front's order, lettered to match it.
            assert page.text_content("#qa .mcq-answer .mcq-letter") == correct_letter
            rationales = page.eval_on_selector_all(
                "#qa .mcq-rationale",
                "items => items.map(i => [i.dataset.option, i.querySelector('.mcq-letter')"
                ".textContent])",
            )
            wrong_in_front_order = [position for position in front_order if position != correct]
            assert rationales == [
                [position, LETTERS[front_order.index(position)]]
                for position in wrong_in_front_order
            ]
    # 8! orders: the same one six times in a row would mean no shuffle at all.
    assert len({tuple(order) for order in orders}) > 1


def test_build_time_and_file_orders_stay_as_built(client, page, plain, cards):
    shuffled_at_build = multiple_choice(cards["fastapi"])[0]
    file_order = multiple_choice(cards["file-order"])[0]
    for card in (shuffled_at_build, file_order):
        plain.show_question(card)
        built = card_view.shown_order(plain.page)
        for _ in range(3):
            client.show_question(card)
            assert card_view.shown_order(page) == built
            client.show_answer(card)
            assert card_view.shown_order(page) == built
    assert built == ["0", "1", "2", "3"]
