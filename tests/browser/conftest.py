"""Browser fixtures: Debian's Chromium via Playwright, Anki's reviewer page, cards from real Anki.

Playwright never downloads a browser here: it drives /usr/bin/chromium
(`apt-get install chromium`; .ci/run installs it). Without it the browser
tests are skipped with the reason, except in CI, where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.preview import render_preview
from generator.preview_page import PreviewCard
from tests.browser.anki_web import ANKI_WEB_FILES, AQT_WEB, CLIENTS, PagePerSide, Site, serve

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1000, "height": 800}
ARTIFACTS = REPO / "test-artifacts" / "browser"
BANKS = {
    "fastapi": REPO / "decks" / "fastapi-developer-interview.yaml",
    "review-shuffle": Path(__file__).parent / "banks" / "review-shuffle.yaml",
    "file-order": Path(__file__).parent / "banks" / "file-order.yaml",
}


def _missing(reason: str) -> None:
    """Skip on a developer's machine; in CI a browser test that cannot run is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI must run the browser tests)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} not found: install it with `apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    missing = [name for name in ANKI_WEB_FILES if not (AQT_WEB / name).is_file()]
    if missing:
        pytest.fail(
            f"Anki's reviewer files are missing from {AQT_WEB} ({', '.join(missing)}): "
            "`make test` installs aqt",
            pytrace=False,
        )
    with serve(tmp_path_factory.mktemp("site")) as served:
        yield served


@pytest.fixture(scope="session")
def cards() -> dict[str, list[PreviewCard]]:
    """Every card of the test banks, as the real `anki` package renders it after an import."""
    return {name: list(render_preview(path, use_anki=True).cards) for name, path in BANKS.items()}


def multiple_choice(cards: list[PreviewCard]) -> list[PreviewCard]:
    return [card for card in cards if card.template == "Multiple choice"]


@pytest.fixture
def context(browser) -> Iterator:
    context = browser.new_context(viewport=VIEWPORT)
    yield context
    context.close()


@pytest.fixture
def page(context) -> Iterator:
    """A tab that fails the test on any script error, as a broken card would show one."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    yield page
    assert errors == [], f"script errors in the page: {errors}"


@pytest.fixture(params=sorted(CLIENTS))
def client(request, page, site):
    """The same test as Anki desktop's reviewer and as a page per side (AnkiDroid)."""
    return CLIENTS[request.param](page, site)


@pytest.fixture
def plain(browser, site) -> Iterator[PagePerSide]:
    """The same cards with scripts off, as a client without JavaScript shows them."""
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORT)
    yield PagePerSide(context.new_page(), site)
    context.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
