"""How cards look: a phone and a desktop width, light and night; screenshots kept as artifacts.

The screenshots land in test-artifacts/browser/ (not committed) for a person
to look at; the tests check what can be measured: nothing wider than the
screen, night mode actually dark, the keyboard focus visible.
"""

from __future__ import annotations

import re

import pytest

from tests.browser import card_view
from tests.browser.anki_web import CLIENTS
from tests.browser.conftest import multiple_choice

WIDTHS = {"phone": 375, "desktop": 1280}


def luminance(css_colour: str) -> float:
    """Relative luminance (0 black .. 1 white) of an `rgb()`/`rgba()` colour."""
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_colour)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


@pytest.mark.parametrize("night", [False, True], ids=["light", "night"])
@pytest.mark.parametrize("width", sorted(WIDTHS), ids=str)
@pytest.mark.parametrize("client_name", sorted(CLIENTS))
def test_cards_fit_the_screen_in_light_and_night(
    client_name, width, night, page, site, cards, artifacts
):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    client = CLIENTS[client_name](page, site, night=night)
    mode = "night" if night else "light"
    # The widest content there is: a long code line, a long word, eight options.
    widest = multiple_choice(cards["review-shuffle"])[0], multiple_choice(cards["fastapi"])[0]
    for card in widest:
        client.show_question(card)
        card_view.pick(page, card_view.shown_order(page)[1])
        name = f"{client_name}-{width}-{mode}-{card.note_id.split('/')[1]}"
        page.screenshot(path=artifacts / f"{name}-front.png", full_page=True)
        assert card_view.fits_horizontally(page), f"{name}: the front is wider than the screen"

        client.show_answer(card)
        page.wait_for_selector("#qa .mcq-result:not(:empty)")
        page.screenshot(path=artifacts / f"{name}-back.png", full_page=True)
        assert card_view.fits_horizontally(page), f"{name}: the back is wider than the screen"

        colours = page.evaluate(
            """() => [document.body, document.querySelector("#qa .mcq-option")].map(
                (element) => [getComputedStyle(element).backgroundColor,
                              getComputedStyle(element).color])"""
        )
        for background, text in colours:
            dark, light = (background, text) if night else (text, background)
            assert luminance(dark) < 0.25 and luminance(light) > 0.75, (name, background, text)


def test_keyboard_focus_is_visible(page, site, cards):
    reviewer = CLIENTS["desktop-reviewer"](page, site)
    reviewer.show_question(multiple_choice(cards["fastapi"])[0])
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const input = document.activeElement;
            return {
                isOption: input.classList.contains("mcq-input") && input.type === "radio",
                outline: getComputedStyle(input).outlineStyle,
                ring: getComputedStyle(input.closest(".mcq-option")).boxShadow,
                label: input.closest("label").textContent.trim().length > 0,
            };
        }"""
    )
    assert focused["isOption"] and focused["label"]
    assert focused["outline"] != "none"
    assert focused["ring"] != "none"
