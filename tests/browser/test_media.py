"""Images and sounds on the card in Chromium, served from the real collection's media folder.

The example bank (`good_banks/images-and-sound.yaml`) is built and imported
into a real collection; the pages are served from a directory holding only
Anki's reviewer files and the files of that collection's media folder, as a
client serves a card. Every request the page makes is logged.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.build import build_bank
from generator.preview import write_preview
from generator.preview_page import PreviewCard
from tests.anki_client import AnkiClient
from tests.browser import card_view
from tests.browser.anki_web import CLIENTS, serve
from tests.test_media import BANK_NAME, GOOD_BANKS

# aqt's sound.av_refs_to_play_icons: what Anki desktop puts where a card plays a sound.
PLAY_BUTTON = (
    '<a class="replay-button soundLink" href=# '
    'onclick="pycmd(\'{0}\'); return false;" draggable="false">'
    '<svg class="playImage" viewBox="0 0 64 64" version="1.1"><circle cx="32" cy="32" r="29" />'
    '<path d="M56.502,32.301l-37.502,20.101l0.329,-40.804l37.173,20.703Z" /></svg></a>'
)


def with_play_buttons(html: str) -> str:
    return re.sub(r"\[anki:(play:[qa]:\d+)\]", lambda m: PLAY_BUTTON.format(m.group(1)), html)


@pytest.fixture
def imported(tmp_path: Path) -> tuple[list[PreviewCard], Path]:
    """The example bank's cards as Anki renders them, and the collection's media folder."""
    decks = tmp_path / "decks"
    decks.mkdir()
    shutil.copy(GOOD_BANKS / BANK_NAME, decks)
    shutil.copytree(GOOD_BANKS / "media", decks / "media")
    anki = AnkiClient(tmp_path / "learner" / "collection.anki2")
    try:
        anki.import_package(build_bank(decks / BANK_NAME, tmp_path / "dist").package)
        cards = [
            PreviewCard(
                note_id=card.note()["Id"],
                template=card.template()["name"],
                ord=card.ord,
                question=with_play_buttons(card.question()),
                answer=with_play_buttons(card.answer()),
            )
            for card in anki.cards()
        ]
        return cards, Path(anki.col.media.dir())
    finally:
        anki.close()


@pytest.mark.parametrize("night", [False, True], ids=["light", "night"])
@pytest.mark.parametrize("client_name", sorted(CLIENTS))
def test_images_load_from_the_media_folder_and_nothing_else_is_requested(
    client_name, night, imported, page, tmp_path: Path, artifacts
):
    cards, media_dir = imported
    media_names = sorted(path.name for path in media_dir.iterdir())
    root = tmp_path / "served"
    root.mkdir()
    for path in media_dir.iterdir():
        shutil.copy(path, root / path.name)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.set_viewport_size({"width": 375, "height": 800})

    with serve(root) as site:
        client = CLIENTS[client_name](page, site, night=night)
        shown_images: set[str] = set()
        for card in cards:
            for side in ("front", "back"):
                if side == "front":
                    client.show_question(card)
                else:
                    client.show_answer(card)
                page.wait_for_function(
                    "() => [...document.querySelectorAll('#qa img')].every((i) => i.complete)"
                )
                images = page.evaluate(
                    """() => [...document.querySelectorAll('#qa img')].map((image) => ({
                        name: image.getAttribute('src'), alt: image.alt,
                        natural: image.naturalWidth,
                        right: image.getBoundingClientRect().right}))"""
                )
                for image in images:
                    assert image["natural"] > 0, f"{image['name']} did not load"
                    assert image["alt"], f"{image['name']} has no alt text"
                    assert image["right"] <= 375, f"{image['name']} is wider than the screen"
                    shown_images.add(image["name"])
                assert card_view.fits_horizontally(page)
                mode = "night" if night else "light"
                name = f"media-{client_name}-{mode}-{card.note_id.split('/')[1]}-{side}"
                page.screenshot(path=artifacts / f"{name}.png", full_page=True)
        sounds = page.evaluate("() => document.querySelectorAll('#qa .soundLink').length")
        base = site.base_url

    assert shown_images == {name for name in media_names if not name.endswith(".wav")}
    assert sounds >= 1  # the last side shown, say-asgi's back, plays the sound
    outside = [url for url in requests if not url.startswith(f"{base}/")]
    assert outside == []
    fetched = {url.removeprefix(f"{base}/") for url in requests}
    assert {name for name in fetched if name.startswith("mcq-")} <= set(media_names)


def test_the_preview_page_shows_the_images_and_offers_the_sounds(page, site, tmp_path: Path):
    decks = tmp_path / "decks"
    decks.mkdir()
    shutil.copy(GOOD_BANKS / BANK_NAME, decks)
    shutil.copytree(GOOD_BANKS / "media", decks / "media")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    result = write_preview(decks / BANK_NAME, site.root / "media-preview")
    page.goto(f"{site.base_url}/media-preview/{result.page.name}")

    frames = [frame for frame in page.frames if frame != page.main_frame]
    assert len(frames) == 4 * len(result.preview.cards)
    images = players = 0
    for frame in frames:
        frame.wait_for_function(
            "() => [...document.querySelectorAll('#qa img')].every((i) => i.complete)"
        )
        widths = frame.evaluate(
            "() => [...document.querySelectorAll('#qa img')].map((i) => i.naturalWidth)"
        )
        assert all(width > 0 for width in widths)
        images += len(widths)
        players += frame.evaluate("() => document.querySelectorAll('#qa audio[controls]').length")
    assert images > 0 and players > 0
    # Every sound's player names a file that is beside the page.
    for frame in frames:
        for source in frame.evaluate(
            "() => [...document.querySelectorAll('#qa audio')].map((a) => a.getAttribute('src'))"
        ):
            assert (result.page.parent / source).is_file()
    assert all(url.startswith(f"{site.base_url}/") for url in requests)


@pytest.mark.parametrize("night", [False, True], ids=["light", "night"])
def test_the_cards_own_css_fits_images_to_a_phone_without_any_client_css(
    night, imported, page, tmp_path: Path
):
    """Clients differ in the CSS they add; the note type's own must keep images in the width."""
    cards, media_dir = imported
    root = tmp_path / "served"
    shutil.copytree(media_dir, root)
    page.set_viewport_size({"width": 375, "height": 800})
    body_class = "card card1" + (" nightMode" if night else "")
    with serve(root) as site:
        for card in cards:
            page.goto(
                site.add(f'<body class="{body_class}"><div id="qa">{card.answer}</div></body>')
            )
            page.wait_for_function(
                "() => [...document.querySelectorAll('#qa img')].every((i) => i.complete)"
            )
            rights = page.evaluate(
                "() => [...document.querySelectorAll('#qa img')]"
                ".map((i) => i.getBoundingClientRect().right)"
            )
            assert rights and all(right <= 375 for right in rights), rights
            assert card_view.fits_horizontally(page)
