"""Pick, then judge: the pick made on the front is marked on the back, and only there.

Every test runs twice: in Anki desktop's reviewer page (cards one after the
other in one page, through aqt's own reviewer.js) and with a page load per
side in one tab, as AnkiDroid shows cards.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import card_view
from tests.browser.anki_web import CLIENTS
from tests.browser.conftest import multiple_choice

WRONG = "\u2717"
RIGHT = "\u2713"


def test_the_pick_and_the_correct_option_are_marked_with_every_rationale_beside_them(
    client, page, plain, cards
):
    # The whole bank in a row: Anki desktop runs the script again for every card.
    for number, card in enumerate(multiple_choice(cards["fastapi"])):
        plain.show_answer(card)
        rationales = card_view.rationales_by_option(plain.page)
        correct = card_view.correct_position(plain.page)
        wrong = sorted(set(rationales) - {correct})
        picked = correct if number % 2 else wrong[number % len(wrong)]

        client.show_question(card)
        card_view.pick(page, picked)
        assert card_view.checked_position(page) == picked
        assert page.get_attribute(f'{card_view.OPTIONS}[data-option="{picked}"]', "class") == (
            "mcq-option mcq-selected"
        )
        client.show_answer(card)

        picked_letter = card_view.letter_of(page, picked)
        correct_letter = card_view.letter_of(page, correct)
        if picked == correct:
            verdict = f"Your pick: {picked_letter} \u2014 correct."
            assert card_view.mark_of(page, correct) == f"{RIGHT} Your pick \u2014 correct"
        else:
            verdict = (
                f"Your pick: {picked_letter} \u2014 incorrect. Correct answer: {correct_letter}."
            )
            assert card_view.mark_of(page, picked) == f"{WRONG} Your pick \u2014 incorrect"
            assert card_view.mark_of(page, correct) == f"{RIGHT} Correct answer"
        expect(page.locator("#qa .mcq-result[role=status]")).to_have_text(verdict)
        others = set(rationales) - {picked, correct}
        assert all(card_view.mark_of(page, position) is None for position in others)
        for position, rationale in rationales.items():
            assert card_view.rationale_beside(page, position) == rationale
            expect(
                page.locator(f'{card_view.OPTIONS}[data-option="{position}"] .mcq-why')
            ).to_be_visible()
        # Said once: the separate answer and rationale list would only repeat it.
        expect(page.locator("#qa .mcq-answer")).to_be_hidden()
        expect(page.locator("#qa .mcq-others")).to_be_hidden()


def test_picking_never_flips_the_card(page, site, cards):
    reviewer = CLIENTS["desktop-reviewer"](page, site)
    card = multiple_choice(cards["fastapi"])[0]
    reviewer.show_question(card)
    page.evaluate("window.bridgeCommands = []")  # what the card itself asks of Anki
    for position in card_view.shown_order(page):
        card_view.pick(page, position)
        page.keyboard.press("j")
    assert page.query_selector("#qa #answer") is None
    assert page.evaluate("window.bridgeCommands") == []


def test_without_a_pick_the_back_reads_as_the_plain_back(client, page, plain, cards):
    for card in multiple_choice(cards["fastapi"]) + multiple_choice(cards["file-order"]):
        client.show_question(card)
        client.show_answer(card)
        plain.show_answer(card)
        assert page.inner_text("#qa") == plain.page.inner_text("#qa")
        assert not card_view.is_judged(page)


def test_a_pick_never_shows_on_another_card_or_at_a_later_review(client, page, cards):
    first, second = multiple_choice(cards["fastapi"])[:2]

    # Picked, then the card was left unanswered (buried, say): the next card is untouched.
    client.show_question(first)
    card_view.pick(page, card_view.shown_order(page)[0])
    client.show_question(second)
    assert card_view.checked_position(page) is None
    client.show_answer(second)
    assert not card_view.is_judged(page)

    # Picked and judged; when the card comes back, the old pick is gone.
    client.show_question(first)
    card_view.pick(page, card_view.shown_order(page)[1])
    client.show_answer(first)
    assert card_view.is_judged(page)
    client.show_question(first)
    assert card_view.checked_position(page) is None
    client.show_answer(first)
    assert not card_view.is_judged(page)


@pytest.mark.parametrize("client_name", sorted(CLIENTS))
def test_without_session_storage_the_pick_stays_in_the_page(client_name, page, site, cards):
    page.add_init_script(
        "Object.defineProperty(window, 'sessionStorage', {get() {"
        " throw new DOMException('The operation is insecure.', 'SecurityError'); }});"
    )
    client = CLIENTS[client_name](page, site)
    card = multiple_choice(cards["fastapi"])[0]
    client.show_question(card)
    picked = card_view.shown_order(page)[2]
    card_view.pick(page, picked)
    client.show_answer(card)
    if client_name == "desktop-reviewer":
        # One page for every card: the window global carries the pick.
        assert card_view.mark_of(page, picked) is not None
    else:
        # A new page per side and no storage: nothing can carry it, so the plain back.
        assert not card_view.is_judged(page)


def test_j_and_k_move_the_pick_and_the_arrow_keys_carry_on(client, page, cards):
    # The keys docs/studying.md promises for Anki desktop and AnkiDroid (tests/desktop presses
    # them in the real desktop, and measures which keys reach a card there).
    eight, three = multiple_choice(cards["review-shuffle"])

    client.show_question(eight)
    order = card_view.shown_order(page)
    page.keyboard.press("j")
    assert card_view.checked_position(page) == order[0]
    page.keyboard.press("j")
    assert card_view.checked_position(page) == order[1]
    page.keyboard.press("k")
    page.keyboard.press("k")
    assert card_view.checked_position(page) == order[7], "K wraps round to the last option"
    page.keyboard.press("Control+j")
    page.keyboard.press("Shift+K")
    assert card_view.checked_position(page) == order[7]
    # J and K focus the option's radio input, so the arrow keys move on from there.
    page.keyboard.press("ArrowUp")
    assert card_view.checked_position(page) == order[6]
    client.show_answer(eight)
    assert card_view.mark_of(page, order[6]) is not None

    client.show_question(three)
    order = card_view.shown_order(page)
    page.keyboard.press("k")
    assert card_view.checked_position(page) == order[2]
    client.show_answer(three)
    expect(page.locator("#qa .mcq-result")).to_contain_text("Your pick: C")
