"""The preview page: every card's front and back, light and night, as one static HTML file.

Each side becomes a document of its own, as AnkiDroid shows it, so its
script runs as on a phone; the page shows each in an iframe. Where Anki's
reviewer puts a play button, the page puts a player for the sound's file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from generator.bank import Bank
from generator.media import MediaFile
from generator.notetype import template_file


@dataclass(frozen=True)
class PreviewCard:
    """One card, both sides as complete HTML (the card's CSS, then its content)."""

    note_id: str
    template: str
    ord: int
    question: str
    answer: str
    question_sounds: tuple[str, ...] = ()
    """What each play mark on the front plays (`[anki:play:q:0]` the first): a file's
    name, or "" for text to speech."""
    answer_sounds: tuple[str, ...] = ()
    """The same for the back's own play marks (`[anki:play:a:0]`...)."""


@dataclass(frozen=True)
class Preview:
    bank: Bank
    cards: tuple[PreviewCard, ...]
    renderer: str
    media: tuple[MediaFile, ...] = ()
    """The files the cards show, which the page expects beside it."""


# Where Anki's `question()`/`answer()` put a sound or text to speech; its
# reviewer shows a play button there.
_PLAY_MARK = re.compile(r"\[anki:play:([qa]):(\d+)\]")
_PLAY_BUTTON = (
    '<span class="preview-play" title="Anki plays a sound or reads text aloud here">▶</span>'
)


def with_play_buttons(html: str, sounds: dict[str, tuple[str, ...]] | None = None) -> str:
    """A rendered side with a play symbol where Anki's reviewer puts a play button, or a
    player where `sounds` (the card's by side, "q" and "a") names the file it plays."""

    def button(match: re.Match[str]) -> str:
        side_sounds = (sounds or {}).get(match.group(1), ())
        index = int(match.group(2))
        filename = side_sounds[index] if index < len(side_sounds) else ""
        if not filename:
            return _PLAY_BUTTON
        return (
            f'<audio class="preview-sound" controls preload="none" src="{escape(filename)}">'
            "</audio>"
        )

    return _PLAY_MARK.sub(button, html)


def side_document(
    html: str,
    *,
    night: bool,
    card_ord: int = 0,
    title: str = "Card",
    sounds: dict[str, tuple[str, ...]] | None = None,
) -> str:
    """One card side as a page of its own, with the body classes Anki's reviewer gives it."""
    body_class = f"card card{card_ord + 1}" + (" nightMode night_mode" if night else "")
    html_class = ' class="night-mode"' if night else ""
    style = template_file("preview_side.css")
    return (
        f'<!doctype html>\n<html lang="en"{html_class}>\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{style}</style>\n</head>\n"
        f'<body class="{body_class}">\n<div id="qa">{with_play_buttons(html, sounds)}</div>\n'
        "</body>\n</html>\n"
    )


def preview_page(preview: Preview, source: str) -> str:
    """The static page: per card, front and back in light and night mode."""
    deck = preview.bank.deck
    style = template_file("preview.css")
    script = template_file("preview.js")
    sections = "\n".join(
        _card_section(number, card) for number, card in enumerate(preview.cards, start=1)
    )
    return (
        f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Preview: {escape(deck.name)}</title>\n<style>\n{style}</style>\n</head>\n"
        f"<body>\n<header>\n<h1>{escape(deck.name)}</h1>\n"
        f"<p>{len(preview.cards)} cards from <code>{escape(source)}</code>, rendered by "
        f"{escape(preview.renderer)}. Pick an option on a front, then press "
        "<em>Show the back again</em> to see the pick judged.</p>\n</header>\n"
        f"<main>\n{sections}\n</main>\n<script>\n{script}</script>\n</body>\n</html>\n"
    )


def _card_section(number: int, card: PreviewCard) -> str:
    name = f"{card.note_id} · {card.template}"
    frames = "\n".join(
        _frame(card, side, night, f"{name}: {side}, {'night' if night else 'light'}")
        for night in (False, True)
        for side in ("front", "back")
    )
    return (
        f'<section class="preview-card" id="card-{number}">\n'
        f'<h2>{number}. {escape(name)}</h2>\n<div class="preview-sides">\n{frames}\n</div>\n'
        '<button type="button" class="preview-flip">Show the back again</button>\n</section>'
    )


def _frame(card: PreviewCard, side: str, night: bool, title: str) -> str:
    html = card.question if side == "front" else card.answer
    sounds = {"q": card.question_sounds, "a": card.answer_sounds}
    document = side_document(html, night=night, card_ord=card.ord, title=title, sounds=sounds)
    mode = "night" if night else "light"
    return (
        f'<figure class="preview-side {mode}"><figcaption>{side.capitalize()} · {mode}'
        f'</figcaption><iframe data-side="{side}" data-mode="{mode}" title="{escape(title)}" '
        f'srcdoc="{escape(document)}"></iframe></figure>'
    )
