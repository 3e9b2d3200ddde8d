"""One real Anki desktop for the whole test session, with the test decks imported.

Anki starts once (it takes seconds); each test studies a deck from the top
(its cards reset to new). Without Xvfb, xdotool or aqt the desktop tests are
skipped with the command that installs them, except in CI, where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import build_bank
from generator.loader import load_bank
from tests.desktop.anki_app import TOOLS, WINDOW, AnkiDesktop, DesktopError, missing_tools

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "desktop"
BANKS = {
    "fastapi": REPO / "decks" / "fastapi-developer-interview.yaml",
    "review-shuffle": REPO / "tests" / "browser" / "banks" / "review-shuffle.yaml",
}
# The reviewer's page, where cards are shown (aqt's AnkiWebViewKind.MAIN).
CARD_PAGE = "main webview"
CARD_SCRIPT_LEVELS = ("WarningMessageLevel", "ErrorMessageLevel")


def _cannot_run(reason: str) -> None:
    """Skip on a developer's machine; in CI a desktop that cannot start is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI must run the desktop tests)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def banks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The test banks, built from private copies (their lock files stay untouched)."""
    workdir = tmp_path_factory.mktemp("desktop-banks")
    packages = {}
    for name, bank in BANKS.items():
        copy = workdir / bank.name
        shutil.copy(bank, copy)
        packages[name] = build_bank(copy, workdir / "dist").package
    return packages


@pytest.fixture(scope="session")
def deck_names() -> dict[str, str]:
    return {name: load_bank(bank).deck.name for name, bank in BANKS.items()}


@pytest.fixture(scope="session")
def desktop(tmp_path_factory, banks) -> Iterator[AnkiDesktop]:
    missing = missing_tools()
    if missing:
        packages = " ".join(TOOLS[tool] for tool in missing)
        _cannot_run(
            f"{', '.join(missing)} not found: `make test` run as root installs them and the "
            f"libraries Qt needs (TEST_DEBIAN_PACKAGES in the Makefile; `apt-get install -y "
            f"{packages}` for these two)"
        )
    try:
        import aqt  # noqa: F401
        from PyQt6 import QtWebEngineCore  # noqa: F401
    except ImportError as error:
        _cannot_run(f"Anki desktop (aqt[qt6]) is not installed: `make test` installs it ({error})")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    app = AnkiDesktop(tmp_path_factory.mktemp("anki-desktop"), ARTIFACTS)
    try:
        app.start()
    except DesktopError as error:
        app.stop()
        _cannot_run(f"Anki desktop did not start: {error} ({ARTIFACTS / 'anki.log'})")
    try:
        app.call("prepare_window", width=WINDOW[0], height=WINDOW[1])
        for package in banks.values():
            app.call("import_package", path=str(package))
        yield app
    finally:
        try:
            messages = app.call("console")["messages"]
            (ARTIFACTS / "console.json").write_text(json.dumps(messages, indent=2))
        except (DesktopError, OSError):
            pass
        app.stop()


@pytest.fixture(autouse=True)
def no_console_warnings(request) -> Iterator[None]:
    """Fail any desktop test during which the card's page logged a JavaScript warning or error.

    Anki's other windows (the editor a shortcut opens, say) have pages of their own.
    """
    if "desktop" not in request.fixturenames:
        yield
        return
    app: AnkiDesktop = request.getfixturevalue("desktop")
    before = len(app.call("console")["messages"])
    yield
    new = app.call("console")["messages"][before:]
    assert [
        message
        for message in new
        if message["page"] == CARD_PAGE and message["level"] in CARD_SCRIPT_LEVELS
    ] == []


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
