"""Cards in a real browser, shown the ways Anki's clients show them.

- `DesktopReviewer`: Anki desktop's reviewer page, built from aqt's own
  reviewer.js and CSS; it loads once and every card side goes through
  `_showQuestion(front, back, body_class)` and `_showAnswer(back)`.
- `PagePerSide`: each side a page load of its own in the same tab, as
  AnkiDroid does.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import itertools
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from generator.preview_page import PreviewCard, side_document

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Anki desktop's own web files, from the installed aqt (a test dependency).
_AQT_DATA = importlib.util.find_spec("_aqt")
AQT_WEB = (
    Path(_AQT_DATA.submodule_search_locations[0]) / "data" / "web"
    if _AQT_DATA is not None
    else Path("aqt-is-not-installed")
)
ANKI_WEB_FILES = ("js/reviewer.js", "js/webview.js", "css/reviewer.css", "css/webview.css")

# aqt's WebView.stdHtml() and Reviewer.revHtml(), with Python's side stubbed out.
REVIEWER_PAGE = """<!doctype html>
<html class="{doc_class}" dir="ltr" data-bs-theme="{bs_theme}">
<head>
<title>Anki reviewer</title>
<link rel="stylesheet" type="text/css" href="/_anki/css/webview.css">
<link rel="stylesheet" type="text/css" href="/_anki/css/reviewer.css">
<script>
window.bridgeCommands = [];
window.bridgeCommand = function (command) {{ window.bridgeCommands.push(command); }};
window.pycmd = window.bridgeCommand;
</script>
</head>
<body class="{body_class}">
<script src="/_anki/js/webview.js"></script>
<script src="/_anki/js/reviewer.js"></script>
<div id="_mark" hidden>&#x2605;</div>
<div id="_flag" hidden>&#x2691;</div>
<div id="qa" dir="auto"></div>
</body>
</html>
"""


def body_class(card_ord: int, *, night: bool) -> str:
    """What aqt's theme manager gives a card on Linux (`body_classes_for_card_ord`)."""
    return f"card card{card_ord + 1} isLin" + (" nightMode night_mode" if night else "") + " fancy"


class Site:
    """A directory served over http://127.0.0.1 (sessionStorage needs a real origin)."""

    def __init__(self, root: Path, base_url: str):
        self.root = root
        self.base_url = base_url
        self._names = itertools.count(1)

    def add(self, html: str, stem: str = "page") -> str:
        """Publish `html` under a fresh name and return its URL."""
        name = f"{stem}-{next(self._names)}.html"
        (self.root / name).write_text(html, encoding="utf-8")
        return f"{self.base_url}/{name}"


@contextmanager
def serve(root: Path) -> Iterator[Site]:
    """Serve `root` (with Anki's reviewer files under /_anki/) until the block ends."""
    for name in ANKI_WEB_FILES:
        target = root / "_anki" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(AQT_WEB / name, target)
    # Browsers ask for one; a 404 would show up as a console error.
    (root / "favicon.ico").write_bytes(b"")

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(root, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class DesktopReviewer:
    """Anki desktop: one page for the whole session; cards are swapped in by reviewer.js."""

    name = "desktop-reviewer"

    def __init__(self, page: Page, site: Site, *, night: bool = False):
        self.page = page
        self.night = night
        page.goto(
            site.add(
                REVIEWER_PAGE.format(
                    doc_class="night-mode" if night else "",
                    bs_theme="dark" if night else "light",
                    body_class="isLin" + (" nightMode night_mode" if night else "") + " fancy",
                ),
                "reviewer",
            )
        )

    def show_question(self, card: PreviewCard) -> None:
        self.page.evaluate(
            """([question, answer, bodyClass]) => new Promise((shown) => {
                _showQuestion(question, answer, bodyClass);
                _queueAction(() => shown());
            })""",
            [card.question, card.answer, body_class(card.ord, night=self.night)],
        )

    def show_answer(self, card: PreviewCard) -> None:
        self.page.evaluate(
            """(answer) => new Promise((shown) => {
                _showAnswer(answer);
                _queueAction(() => shown());
            })""",
            card.answer,
        )


class PagePerSide:
    """AnkiDroid: every side is a page load of its own, in the same tab."""

    name = "page-per-side"

    def __init__(self, page: Page, site: Site, *, night: bool = False):
        self.page = page
        self.site = site
        self.night = night

    def show_question(self, card: PreviewCard) -> None:
        self._load(card, card.question, "front")

    def show_answer(self, card: PreviewCard) -> None:
        self._load(card, card.answer, "back")

    def _load(self, card: PreviewCard, html: str, side: str) -> None:
        document = side_document(html, night=self.night, card_ord=card.ord)
        self.page.goto(self.site.add(document, side))


CLIENTS = {client.name: client for client in (DesktopReviewer, PagePerSide)}
