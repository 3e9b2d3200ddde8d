"""The reviewer page the browser tests use is the one of the Anki the cards are rendered by."""

from __future__ import annotations

from importlib.metadata import distributions, version

from tests.browser.anki_web import AQT_TARGET


def test_the_reviewer_files_come_from_the_aqt_of_the_installed_anki():
    installed = [
        dist.version
        for dist in distributions(path=[str(AQT_TARGET)])
        if dist.metadata["Name"] == "aqt"
    ]
    assert installed == [version("anki")]
