"""The preview page in a browser: every card, both sides, light and night, and picks work."""

from __future__ import annotations

from playwright.sync_api import expect

from generator.preview import write_preview
from tests.browser.conftest import BANKS


def test_the_preview_page_shows_every_card_and_judges_a_pick(page, site, cards):
    result = write_preview(BANKS["fastapi"], site.root / "preview")
    page.goto(f"{site.base_url}/preview/{result.page.name}")

    sections = page.locator(".preview-card")
    expect(sections).to_have_count(len(cards["fastapi"]))
    for number, card in enumerate(cards["fastapi"], start=1):
        body_class = f"card card{card.ord + 1}"
        for mode in ("light", "night"):
            for side in ("front", "back"):
                frame = page.frame_locator(
                    f"#card-{number} iframe[data-side={side}][data-mode={mode}]"
                )
                expect(frame.locator("#qa .mcq-question")).to_be_visible()
                expect(frame.locator("body")).to_have_class(
                    f"{body_class} nightMode night_mode" if mode == "night" else body_class
                )
                expect(frame.locator("#qa .mcq-back")).to_have_count(1 if side == "back" else 0)

    # The second multiple-choice card (the deck's recall cards come between them).
    second = [c.template for c in cards["fastapi"]].index("Multiple choice", 1) + 1
    front = page.frame_locator(f"#card-{second} iframe[data-side=front][data-mode=light]")
    front.locator(".mcq-option label").nth(3).click()
    page.click(f"#card-{second} .preview-flip")
    for mode in ("light", "night"):
        back = page.frame_locator(f"#card-{second} iframe[data-side=back][data-mode={mode}]")
        expect(back.locator("#qa .mcq-result")).to_contain_text("Your pick: D")
