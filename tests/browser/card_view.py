"""What a learner sees on a card in the page, read back from the DOM."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

OPTIONS = "#qa .mcq-options > .mcq-option"


def shown_order(page: Page) -> list[str]:
    """The options' file positions (`data-option`), in the order the card shows them."""
    return page.eval_on_selector_all(OPTIONS, "items => items.map(i => i.dataset.option)")


def shown_letters(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        OPTIONS, "items => items.map(i => i.querySelector('.mcq-letter').textContent)"
    )


def letter_of(page: Page, position: str) -> str:
    return page.text_content(f'{OPTIONS}[data-option="{position}"] .mcq-letter')


def correct_position(page: Page) -> str:
    """The correct option's file position, from the Answer field on the back."""
    return page.get_attribute("#qa .mcq-answer[data-option]", "data-option")


def pick(page: Page, position: str) -> None:
    """Click the option's label, as a learner taps it."""
    page.click(f'{OPTIONS}[data-option="{position}"] label')


def checked_position(page: Page) -> str | None:
    return page.evaluate(
        "() => { const input = document.querySelector('#qa .mcq-input:checked');"
        " return input ? input.value : null; }"
    )


def mark_of(page: Page, position: str) -> str | None:
    """The verdict words beside an option on the back, or None when it has none."""
    mark = page.query_selector(f'{OPTIONS}[data-option="{position}"] .mcq-mark')
    return mark.text_content() if mark else None


def rationale_beside(page: Page, position: str) -> str | None:
    """The rationale shown inside an option (on a judged back), as HTML."""
    why = page.query_selector(f'{OPTIONS}[data-option="{position}"] .mcq-why')
    return why.inner_html() if why else None


def rationales_by_option(page: Page) -> dict[str, str]:
    """Every rationale on a plain back, by option position: the correct one's and the others'."""
    return page.evaluate(
        """() => {
            const found = {};
            for (const holder of document.querySelectorAll(
                "#qa .mcq-answer[data-option], #qa .mcq-rationale[data-option]")) {
                found[holder.dataset.option] = holder.querySelector(".mcq-why").innerHTML;
            }
            return found;
        }"""
    )


def is_judged(page: Page) -> bool:
    return page.query_selector("#qa .mcq-result, #qa .mcq-mark, #qa .mcq-picked") is not None


def fits_horizontally(page: Page) -> bool:
    return page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth")
