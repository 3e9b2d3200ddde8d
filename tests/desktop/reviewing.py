"""Studying in the real desktop: what a learner does (real clicks and keys) and what the page shows.

Anki swaps every card side into one page; a side is recognised as new by a
marker the test puts on the side it has read (a new side is new DOM).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from tests.desktop.anki_app import AnkiDesktop

TEMPLATE = "Multiple choice"
OPTIONS = "#qa .mcq-options > .mcq-option"
FRESH_SIDE = '#qa .mcq[data-mcq-side="{side}"]:not([data-test-read])'
JUDGED_DELAY_S = 0.3  # the verdict's text is filled in after 100 ms (see card.js)


@dataclass(frozen=True)
class Front:
    card: str  # the note's bank id, "deck-id/question-id"
    order: list[str]  # the options' file positions, in the order shown


@dataclass(frozen=True)
class Back:
    card: str
    order: list[str]
    letters: list[str]
    result: str | None  # the verdict line, or None on a plain back
    marks: dict[str, str]  # option position -> the words marking it
    rationale_beside: dict[str, str]  # option position -> text of the rationale inside it
    answer_shown: bool  # the separate "correct answer" block
    others_shown: bool  # the separate "Why not the others" list
    plain_rationales: dict[str, str]  # position -> rationale text, on a plain back


class Review:
    def __init__(self, app: AnkiDesktop):
        self.app = app

    def study(self, deck: str) -> Front:
        """Review the deck's multiple-choice cards from the top (its other cards set aside)."""
        self.app.wait_until_settled()
        self.app.call("study", deck=deck, template=TEMPLATE)
        self.app.wait_until_settled()
        return self.front()

    def until(self, front: Front, wanted, limit: int = 10) -> Front:
        """From `front` on, answer Good to each card until one whose front is `wanted(front)`."""
        for _ in range(limit):
            if wanted(front):
                return front
            self.show_answer()
            self.answer(3)
            front = self.front()
        raise AssertionError(f"no wanted card in {limit} cards")

    def front(self) -> Front:
        """Wait for the next card's front and read it."""
        found = self._fresh_side("front", "question")
        return Front(card=found["card"], order=found["order"])

    def back(self) -> Back:
        found = self._fresh_side("back", "answer")
        if self.app.js("document.querySelector('#qa .mcq-result') !== null"):
            self.app.wait_for(
                "document.querySelector('#qa .mcq-result').textContent !== ''", what="the verdict"
            )
        else:
            time.sleep(JUDGED_DELAY_S)
        page = self.app.js(
            """(() => {
                const text = (e) => e ? e.textContent.replace(/\\s+/g, " ").trim() : null;
                const shown = (e) => !!e && e.getClientRects().length > 0;
                const options = [...document.querySelectorAll("#qa .mcq-options > .mcq-option")];
                const byOption = (selector) => Object.fromEntries(options
                    .filter((o) => o.querySelector(selector))
                    .map((o) => [o.dataset.option, text(o.querySelector(selector))]));
                const plain = {};
                for (const holder of document.querySelectorAll(
                        "#qa .mcq-answer[data-option], #qa .mcq-rationale[data-option]")) {
                    if (shown(holder)) plain[holder.dataset.option] = text(
                        holder.querySelector(".mcq-why"));
                }
                return {
                    letters: options.map((o) => text(o.querySelector(".mcq-letter"))),
                    result: text(document.querySelector("#qa .mcq-result")),
                    marks: byOption(".mcq-mark"),
                    beside: byOption(".mcq-why"),
                    answer: shown(document.querySelector("#qa .mcq-answer")),
                    others: shown(document.querySelector("#qa .mcq-others")),
                    plain: plain,
                };
            })()"""
        )
        return Back(
            card=found["card"],
            order=found["order"],
            letters=page["letters"],
            result=page["result"],
            marks=page["marks"],
            rationale_beside=page["beside"],
            answer_shown=page["answer"],
            others_shown=page["others"],
            plain_rationales=page["plain"],
        )

    def _fresh_side(self, side: str, reviewer_state: str) -> dict:
        selector = json.dumps(FRESH_SIDE.format(side=side))
        found = self.app.wait_for(
            f"""(() => {{
                const root = document.querySelector({selector});
                if (!root) return null;
                root.setAttribute("data-test-read", "");
                return {{card: root.dataset.card, order: [...document.querySelectorAll(
                    {json.dumps(OPTIONS)})].map((o) => o.dataset.option)}};
            }})()""",
            what=f"a new {side}",
        )
        state = self.app.call("state")
        assert state["reviewer"] == reviewer_state, state
        return found

    # What the learner does

    def click_option(self, position: str) -> None:
        self.app.click_element(f'{OPTIONS}[data-option="{position}"] .mcq-text')

    def click_question(self) -> None:
        self.app.click_element("#qa .mcq-question")

    def press(self, *keys: str) -> None:
        self.app.press(*keys)

    def show_answer(self) -> Back:
        self.app.press("space")
        return self.back()

    def answer(self, ease: int) -> None:
        """Again (1) .. Easy (4), with the answer keys."""
        self.app.press(str(ease))

    # What the front shows

    def checked(self) -> str | None:
        return self.app.js(
            "(() => { const input = document.querySelector('#qa .mcq-input:checked');"
            " return input ? input.value : null; })()"
        )

    def picked(self, expected: str, timeout: float = 5) -> str | None:
        """The checked option once it is `expected` (X input arrives on its own time), or as is."""
        deadline = time.monotonic() + timeout
        while (found := self.checked()) != expected and time.monotonic() < deadline:
            time.sleep(0.05)
        return found
