"""The reviewer page the browser tests use is the one of the Anki the cards are rendered by."""

from __future__ import annotations

from importlib.metadata import distribution, version
from pathlib import Path

from tests.browser.anki_web import AQT_WEB


def test_the_reviewer_files_come_from_the_aqt_of_the_installed_anki():
    aqt = distribution("aqt")
    assert aqt.version == version("anki")
    reviewer = Path(aqt.locate_file("_aqt/data/web/js/reviewer.js"))
    assert reviewer.is_file() and reviewer.samefile(AQT_WEB / "js" / "reviewer.js")
