"""AnkiMobile's tap rule, emulated as its manual states it, with real touch taps.

AnkiMobile (iPhone, iPad) passes a tap to the card only when it lands inside
a link (A), a BUTTON, an element with an onclick handler, or an element with
the class `tappable`; any other tap is its own, and shows the answer. The page
wrapper below does the same: such a tap is counted as "show the answer" and
never reaches the card.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser import card_view
from tests.browser.anki_web import PagePerSide
from tests.browser.conftest import multiple_choice

PHONE = {"width": 375, "height": 812}
ANKIMOBILE_TAPS = """
window.ankiMobileShowAnswer = 0;
document.addEventListener("touchend", (event) => {
    let passes = false;
    for (let at = event.target; at && at.nodeType === Node.ELEMENT_NODE; at = at.parentElement) {
        if (at.tagName === "A" || at.tagName === "BUTTON" || at.classList.contains("tappable")
                || at.onclick || at.hasAttribute("onclick")) {
            passes = true;
            break;
        }
    }
    if (!passes) {
        window.ankiMobileShowAnswer += 1;
        event.preventDefault();  // the app took the tap: no click reaches the card
    }
}, {capture: true, passive: false});
"""

UNPICK = "document.querySelectorAll('.mcq-input').forEach((input) => { input.checked = false; })"


@pytest.fixture
def phone(browser, site) -> Iterator[PagePerSide]:
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    context.add_init_script(ANKIMOBILE_TAPS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield PagePerSide(page, site)
    context.close()
    assert errors == []


def tap(page, selector: str) -> None:
    element = page.locator(selector)
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def shown_answer(page) -> int:
    return page.evaluate("window.ankiMobileShowAnswer")


def test_a_tap_on_any_part_of_an_option_picks_it_and_a_tap_elsewhere_shows_the_answer(
    phone, cards
):
    page = phone.page
    for card in multiple_choice(cards["fastapi"]) + multiple_choice(cards["review-shuffle"]):
        phone.show_question(card)
        for position in reversed(card_view.shown_order(page)):
            option = f'{card_view.OPTIONS}[data-option="{position}"]'
            for part in (".mcq-text", ".mcq-letter", ".mcq-input"):
                page.evaluate(UNPICK)
                tap(page, f"{option} {part}")
                assert card_view.checked_position(page) == position, (card.note_id, part)
        assert shown_answer(page) == 0
        tap(page, "#qa .mcq-question")
        assert shown_answer(page) == 1


def test_the_emulated_rule_takes_taps_on_an_option_without_the_tappable_class(phone, cards):
    phone.show_question(multiple_choice(cards["fastapi"])[0])
    page = phone.page
    page.evaluate(
        "document.querySelectorAll('.tappable').forEach(e => e.classList.remove('tappable'))"
    )
    tap(page, f'{card_view.OPTIONS}[data-option="0"] .mcq-text')
    assert shown_answer(page) == 1
    assert card_view.checked_position(page) is None
