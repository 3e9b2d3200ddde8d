"""No card reaches the network: every card of the good banks, shown in Chromium, loads
nothing from anywhere but the page's own origin.

Every request the browser makes is logged (and any that would leave the
page's origin is stopped before it goes out). Cards come from the real
`anki` package after a real import, shown both as Anki desktop's reviewer
shows them and as a page per side (AnkiDroid), front and back. A card with
a remote image, made by hand, proves the log catches what it must.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.preview import render_preview
from tests.browser.anki_web import CLIENTS

REPO = Path(__file__).resolve().parents[2]
GOOD_BANKS = sorted(
    [
        *(REPO / "decks").glob("*.yaml"),
        *(REPO / "tests" / "good_banks").glob("*.yaml"),
        *(Path(__file__).parent / "banks").glob("*.yaml"),
    ]
)


@pytest.fixture(scope="module")
def good_cards() -> list:
    return [card for bank in GOOD_BANKS for card in render_preview(bank, use_anki=True).cards]


def requests_leaving(context, site, show) -> list[str]:
    """Every URL the page asked for outside its own origin while `show` ran."""
    origin = urlsplit(site.base_url).netloc
    leaving: list[str] = []

    def judge(route) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob", "about") or urlsplit(url).netloc == origin:
            route.continue_()
        else:
            leaving.append(url)
            route.abort()

    context.route("**/*", judge)
    page = context.new_page()
    try:
        show(page)
        page.wait_for_timeout(300)  # images and styles load after the card is in the page
    finally:
        page.close()
    return leaving


@pytest.mark.parametrize("client_name", sorted(CLIENTS))
def test_no_card_of_the_good_banks_loads_anything_from_outside_the_page(
    client_name: str, browser, site, good_cards
):
    assert len(good_cards) >= 10

    def show_every_card(page) -> None:
        client = CLIENTS[client_name](page, site)
        for card in good_cards:
            client.show_question(card)
            client.show_answer(card)

    context = browser.new_context()
    try:
        assert requests_leaving(context, site, show_every_card) == []
    finally:
        context.close()


def test_the_log_catches_a_card_that_loads_a_remote_image(browser, site, good_cards):
    tracked = replace(
        good_cards[0],
        question=good_cards[0].question + '<img src="http://tracker.invalid/pixel.gif">',
    )

    def show(page) -> None:
        client = CLIENTS["page-per-side"](page, site)
        client.show_question(tracked)

    context = browser.new_context()
    try:
        assert requests_leaving(context, site, show) == ["http://tracker.invalid/pixel.gif"]
    finally:
        context.close()
