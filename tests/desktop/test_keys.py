"""Keys in the real desktop: which reach the card, and the keyboard route docs/studying.md promises.

Anki's own shortcuts (QShortcuts on the main window) take their keys before
the card's page sees them. The measurement presses each key on a card's
front with xdotool and records whether the page got a keydown; a key that
opened a window or left the review is undone before the next one.
"""

from __future__ import annotations

import json
import time

import pytest

from tests.desktop.reviewing import Review

RECORD_KEYS = (
    "window.__keysSeen = [];"
    "if (!window.__keyRecorder) { window.__keyRecorder = true;"
    " window.addEventListener('keydown', (e) => window.__keysSeen.push(e.key), true); }"
    "true"
)
# xdotool key names: the old promise (A-H, 1-8), the keyboard route, and keys that move focus.
MEASURED = [*"abcdefgh", *"12345678", "j", "k", "Tab", "Down", "Up"]
# What the measurement found in Anki 26.9.3 (docs/studying.md says so, and where).
REACH_THE_CARD = {"c", "g", "h", "8", "j", "k", "Tab", "Down", "Up"}
SETTLE_S = 0.5
CLOSING_S = 1.5  # a closed window hands the keyboard back to the main window


@pytest.fixture
def review(desktop) -> Review:
    return Review(desktop)


def test_which_keys_reach_the_card_in_anki_desktop(review, desktop, deck_names, artifacts):
    deck = deck_names["fastapi"]

    def ready() -> None:
        state = desktop.call("state")
        if state["main"] != "review" or state["reviewer"] != "question":
            review.study(deck)
        # Anki's shortcuts work in its active window, as they do for a learner.
        desktop.wait_until_active()
        review.click_question()  # where a learner's focus is: on the card
        desktop.js(RECORD_KEYS)

    review.study(deck)
    reached = {}
    for key in MEASURED:
        ready()
        review.press(key)
        time.sleep(SETTLE_S)
        seen = desktop.js("window.__keysSeen || []") if _reviewing(desktop) else []
        opened = desktop.call("close_other_windows")["closed"]
        if opened:
            time.sleep(CLOSING_S)
        reached[key] = {"reached": bool(seen), "opened": opened, "state": desktop.call("state")}
    (artifacts / "keys-reaching-the-card.json").write_text(json.dumps(reached, indent=2))
    assert {key for key, found in reached.items() if found["reached"]} == REACH_THE_CARD


def _reviewing(desktop) -> bool:
    state = desktop.call("state")
    return state["main"] == "review" and state["reviewer"] == "question"


def test_j_and_k_pick_any_option_then_space_shows_it_judged(review, deck_names, artifacts, desktop):
    front = review.until(review.study(deck_names["review-shuffle"]), lambda f: len(f.order) == 8)
    order = front.order
    for expected in order:
        review.press("j")
        assert review.picked(expected) == expected
    review.press("j")
    assert review.picked(order[0]) == order[0], "J wraps round to the first option"
    review.press("k")
    assert review.picked(order[7]) == order[7], "K wraps round to the last option"
    review.press("k", "k")
    assert review.picked(order[5]) == order[5]
    # J and K focus the option, so the arrow keys carry on from there.
    review.press("Down")
    assert review.picked(order[6]) == order[6]
    desktop.screenshot(artifacts / "keyboard-pick-front.png")
    back = review.show_answer()
    assert back.order == order
    assert back.result.startswith("Your pick: G \u2014")
    review.answer(1)

    # From no pick, K picks the last option.
    front = review.until(review.front(), lambda f: len(f.order) == 3)
    assert review.checked() is None
    review.press("k")
    assert review.picked(front.order[2]) == front.order[2]
    back = review.show_answer()
    assert back.result.startswith("Your pick: C \u2014")
