"""Night mode in the real desktop: switched mid-session, one colour scheme, every text at 4.5:1.

Colours are the browser's computed styles in Anki's own reviewer page (with
its reviewer.css), each text against the background it actually sits on
(semi-transparent layers blended over the ones below).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from tests.desktop.reviewing import Review

MIN_CONTRAST = 4.5
GOOD = 3

# Every element with text of its own, its colour and the backgrounds behind it (innermost first).
ROLES = (
    ".mcq-result, .mcq-mark, .mcq-letter, .mcq-heading, .mcq-why, .mcq-tip, .mcq-text,"
    " .mcq-question, .mcq-answer"
)
TEXT_COLOURS = """(() => {
    const ROLES = ROLES_JSON;
    const found = [];
    for (const element of document.querySelectorAll("#qa *")) {
        const ownText = [...element.childNodes].some(
            (node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim());
        if (!ownText || element.getClientRects().length === 0) continue;
        const layers = [];
        for (let at = element; at; at = at.parentElement) {
            const background = getComputedStyle(at).backgroundColor;
            layers.push(background);
            if (/^rgb\\(/.test(background)) break;
        }
        const role = element.closest(ROLES);
        found.push({
            role: role ? role.classList[0] : element.tagName.toLowerCase(),
            text: element.textContent.trim().slice(0, 40),
            colour: getComputedStyle(element).color,
            layers: layers,
        });
    }
    return found;
})()""".replace("ROLES_JSON", json.dumps(ROLES))
# One role, one colour: the text of options, rationales, the tip and the question.
SAME_COLOUR = ".mcq-question, .mcq-text > p, .mcq-why > p, .mcq-tip > p:not(.mcq-heading)"


def channels(css: str) -> tuple[float, float, float, float]:
    values = [float(part) for part in re.findall(r"[\d.]+", css)]
    return (*values[:3], values[3] if len(values) > 3 else 1.0)


def blend(layers: list[str], canvas: str) -> tuple[float, float, float]:
    """The colour seen through `layers` (innermost first) over the page's canvas."""
    red, green, blue, _ = channels(canvas)
    for layer in reversed(layers):
        r, g, b, alpha = channels(layer)
        red, green, blue = (
            alpha * r + (1 - alpha) * red,
            alpha * g + (1 - alpha) * green,
            alpha * b + (1 - alpha) * blue,
        )
    return red, green, blue


def luminance(rgb: tuple[float, ...]) -> float:
    def linear(channel: float) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: tuple[float, ...], second: tuple[float, ...]) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def measure(desktop) -> list[dict]:
    """Every text on the page with its contrast against what is behind it."""
    canvas = desktop.call("page_background")["colour"]
    texts = desktop.js(TEXT_COLOURS)
    for text in texts:
        background = blend(text["layers"], canvas)
        foreground = blend([text["colour"]], "rgb({:.0f}, {:.0f}, {:.0f})".format(*background))
        text["contrast"] = round(contrast(foreground, background), 2)
    return texts


def assert_readable_and_consistent(desktop, where: str) -> list[dict]:
    texts = measure(desktop)
    assert texts, f"{where}: no text found"
    low = [text for text in texts if text["contrast"] < MIN_CONTRAST]
    assert low == [], f"{where}: below {MIN_CONTRAST}:1"
    roles = desktop.js(
        f"[...document.querySelectorAll('#qa :is({SAME_COLOUR})')]"
        ".map((e) => getComputedStyle(e).color)"
    )
    assert roles and len(set(roles)) == 1, f"{where}: text roles differ in colour: {set(roles)}"
    return texts


@pytest.fixture
def review(desktop) -> Iterator[Review]:
    yield Review(desktop)
    desktop.call("set_night_mode", night=False)


def test_night_mode_switched_mid_session_keeps_one_readable_scheme(
    review, desktop, deck_names, artifacts
):
    # In light mode first: a wrong pick judged.
    front = review.study(deck_names["fastapi"])
    review.click_option(front.order[0])
    back = review.show_answer()
    assert back.result is not None
    measured = {"light back": assert_readable_and_consistent(desktop, "light back")}
    review.answer(GOOD)

    # The next card's front is on the screen when the learner turns night mode on.
    front = review.front()
    assert desktop.call("set_night_mode", night=True)["night"]
    assert desktop.js("document.body.classList.contains('nightMode')")
    measured["night front"] = assert_readable_and_consistent(desktop, "night front")
    review.click_option(front.order[1])
    review.click_option(front.order[2])
    back = review.show_answer()
    assert back.result is not None and back.result.startswith("Your pick: C")
    assert desktop.js("document.body.classList.contains('nightMode')")
    measured["night back"] = assert_readable_and_consistent(desktop, "night back")
    roles = {text["role"] for text in measured["night back"]}
    assert {"mcq-result", "mcq-mark", "mcq-letter", "mcq-why", "mcq-text", "mcq-tip"} <= roles
    desktop.screenshot(artifacts / "night-judged-back.png")
    review.answer(GOOD)

    # And a plain back in night mode: answer, "Why not the others", tip.
    review.front()
    review.show_answer()
    measured["night plain back"] = assert_readable_and_consistent(desktop, "night plain back")
    desktop.screenshot(artifacts / "night-plain-back.png")
    (artifacts / "contrast.json").write_text(json.dumps(measured, indent=2))
