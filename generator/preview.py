"""Preview a bank: every card's front and back as Anki shows them, in one HTML page.

This module owns the rendering of cards outside Anki. With the `anki`
package installed, the cards are Anki's own: the bank is built into a
package in a scratch directory (its lock file is left alone), imported into
a scratch collection, and each card's `question()` and `answer()` are taken
as they are, with the note type's CSS. Without it, a built-in renderer fills
the templates the same way for the few template features this note type
uses.

Each side becomes a document of its own, as AnkiDroid shows it, so its
script runs as on a phone; the page shows each in an iframe, in light and
night mode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from generator.atomic import replaced, scratch_directory
from generator.bank import Bank
from generator.build import stamp_lock
from generator.loader import DEFAULT_MAX_BYTES, load_bank
from generator.lock import Lock
from generator.notetype import FIELD_NAMES, NoteType, note_type_for, template_file
from generator.package import write_package
from generator.render import RenderedNote, render_bank

# The package needs times for its ids and notes (Anki treats an id of 0 as "none");
# a preview package is never imported anywhere but a scratch collection.
PREVIEW_TIME = 1_700_000_000

BUILTIN_RENDERER = "the built-in template renderer (install anki for Anki's own)"


@dataclass(frozen=True)
class PreviewCard:
    """One card, both sides as complete HTML (the card's CSS, then its content)."""

    note_id: str
    template: str
    ord: int
    question: str
    answer: str


@dataclass(frozen=True)
class Preview:
    bank: Bank
    cards: tuple[PreviewCard, ...]
    renderer: str


@dataclass(frozen=True)
class PreviewResult:
    preview: Preview
    page: Path


def write_preview(
    bank_path: Path,
    out_dir: Path,
    *,
    bank: Bank | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> PreviewResult:
    """Write `out_dir/<bank stem>.html`, replacing any previous one only when complete.

    `bank` is the bank at `bank_path` when the caller has already loaded it.
    """
    preview = render_preview(bank_path, bank=bank, max_bytes=max_bytes)
    page = out_dir / f"{bank_path.stem}.html"
    out_dir.mkdir(parents=True, exist_ok=True)
    with replaced(page) as handle:
        handle.write(preview_page(preview, bank_path.name).encode("utf-8"))
    return PreviewResult(preview=preview, page=page)


def render_preview(
    bank_path: Path,
    *,
    bank: Bank | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    use_anki: bool | None = None,
) -> Preview:
    """Every card of the bank; `use_anki` None means Anki's renderer when it is installed."""
    if bank is None:
        bank = load_bank(bank_path, max_bytes=max_bytes)
    notes = render_bank(bank)
    note_type = note_type_for(bank.deck.id, bank.deck.language)
    if use_anki is None:
        use_anki = anki_version() is not None
    if use_anki:
        cards = render_with_anki(bank, notes, note_type)
        renderer = f"Anki {anki_version()}"
    else:
        cards = render_builtin(notes, note_type)
        renderer = BUILTIN_RENDERER
    return Preview(bank=bank, cards=tuple(cards), renderer=renderer)


def anki_version() -> str | None:
    """The installed `anki` package's version, or None when it cannot be used."""
    try:
        from importlib.metadata import version

        import anki.collection  # noqa: F401  (its native part must load, not just exist)
    except ImportError:
        return None
    return version("anki")


def render_with_anki(
    bank: Bank, notes: list[RenderedNote], note_type: NoteType
) -> list[PreviewCard]:
    """The cards as Anki renders them, after a real import of the built package."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    lock = stamp_lock(Lock(), note_type, notes, PREVIEW_TIME)
    # A scratch folder of the build's kind: one that a killed preview leaves is swept too.
    with scratch_directory() as scratch:
        package = scratch / "preview.apkg"
        write_package(package, bank.deck, note_type, notes, lock)
        collection = Collection(str(scratch / "collection.anki2"))
        try:
            collection.import_anki_package(
                ImportAnkiPackageRequest(
                    package_path=str(package), options=ImportAnkiPackageOptions()
                )
            )
            cards = [collection.get_card(card_id) for card_id in collection.find_cards("")]
            # Note ids count up in bank order; a note's cards follow its templates.
            cards.sort(key=lambda card: (card.nid, card.ord))
            id_field = FIELD_NAMES.index("Id")
            return [
                PreviewCard(
                    note_id=card.note().fields[id_field],
                    template=card.template()["name"],
                    ord=card.ord,
                    question=card.question(),
                    answer=card.answer(),
                )
                for card in cards
            ]
        finally:
            collection.close()


def render_builtin(notes: list[RenderedNote], note_type: NoteType) -> list[PreviewCard]:
    """The cards as Anki would render them, for the template syntax these templates use."""
    cards = []
    for note in notes:
        fields = dict(zip(note_type.fields, note.fields, strict=True))
        for ord_, template in enumerate(note_type.templates):
            question = _fill(template.front, fields)
            if not question.strip():
                continue  # Anki makes no card whose front is empty.
            answer = _fill(template.back, {**fields, "FrontSide": question})
            style = f"<style>{note_type.css}</style>"
            cards.append(
                PreviewCard(
                    note_id=fields["Id"],
                    template=template.name,
                    ord=ord_,
                    question=style + question,
                    answer=style + answer,
                )
            )
    return cards


_TAG = re.compile(r"\{\{(.*?)\}\}")
_SECTION = re.compile(r"\{\{#(\w+)\}\}(.*?)\{\{/\1\}\}", re.DOTALL)
_FIELD = re.compile(r"\{\{(\w+)\}\}")
_TTS = re.compile(r"\{\{tts [\w-]+:(\w+)\}\}")
# Where Anki's `question()`/`answer()` put a sound or text to speech; its
# reviewer shows a play button there.
_PLAY_MARK = re.compile(r"\[anki:play:[qa]:\d+\]")
_PLAY_BUTTON = (
    '<span class="preview-play" title="Anki plays a sound or reads text aloud here">▶</span>'
)


def _fill(template: str, fields: dict[str, str]) -> str:
    """`{{#Field}}…{{/Field}}` kept when the field has content, then `{{Field}}` replaced.

    `{{tts lang:Field}}` becomes the play mark Anki would put there.
    """
    template = _TTS.sub(lambda match: "[anki:play:a:0]" if fields[match.group(1)] else "", template)
    for tag in _TAG.findall(template):
        if tag.lstrip("#/") not in fields:
            raise ValueError(f"the built-in renderer cannot fill {{{{{tag}}}}}")
    kept = _SECTION.sub(
        lambda match: match.group(2) if fields[match.group(1)].strip() else "", template
    )
    return _FIELD.sub(lambda match: fields[match.group(1)], kept)


def with_play_buttons(html: str) -> str:
    """A rendered side with a play symbol where Anki's reviewer puts a play button."""
    return _PLAY_MARK.sub(_PLAY_BUTTON, html)


def side_document(html: str, *, night: bool, card_ord: int = 0, title: str = "Card") -> str:
    """One card side as a page of its own, with the body classes Anki's reviewer gives it."""
    body_class = f"card card{card_ord + 1}" + (" nightMode night_mode" if night else "")
    html_class = ' class="night-mode"' if night else ""
    style = template_file("preview_side.css")
    return (
        f'<!doctype html>\n<html lang="en"{html_class}>\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{style}</style>\n</head>\n"
        f'<body class="{body_class}">\n<div id="qa">{with_play_buttons(html)}</div>\n'
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
    document = side_document(html, night=night, card_ord=card.ord, title=title)
    mode = "night" if night else "light"
    return (
        f'<figure class="preview-side {mode}"><figcaption>{side.capitalize()} · {mode}'
        f'</figcaption><iframe data-side="{side}" data-mode="{mode}" title="{escape(title)}" '
        f'srcdoc="{escape(document)}"></iframe></figure>'
    )
