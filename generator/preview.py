"""Preview a bank: every card's front and back as Anki shows them, in one HTML page.

This module owns the rendering of cards outside Anki. With the `anki`
package installed, the cards are Anki's own: the bank is built into a
package in a scratch directory (its lock file is left alone), imported into
a scratch collection, and each card's `question()` and `answer()` are taken
as they are, with the note type's CSS. Without it, a built-in renderer fills
the templates the same way for the few template features this note type
uses.

The page itself is `generator.preview_page`. The bank's images and sounds
are copied beside the page under their package names, as in Anki's media
folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.atomic import replaced, scratch_directory
from generator.bank import Bank
from generator.build import stamp_lock
from generator.loader import LoadedBank, load
from generator.lock import Lock
from generator.media import BankMedia, bank_media
from generator.notetype import FIELD_NAMES, NoteType, note_type_for
from generator.package import write_package
from generator.preview_page import Preview, PreviewCard, preview_page
from generator.render import RenderedNote, render_bank

# The package needs times for its ids and notes (Anki treats an id of 0 as "none");
# a preview package is never imported anywhere but a scratch collection.
PREVIEW_TIME = 1_700_000_000

BUILTIN_RENDERER = "the built-in template renderer (install anki for Anki's own)"


@dataclass(frozen=True)
class PreviewResult:
    preview: Preview
    page: Path


def preview_path(bank_path: Path, out_dir: Path) -> Path:
    """Where the preview page of the bank at `bank_path` goes: `out_dir/<bank stem>.html`."""
    return out_dir / f"{bank_path.stem}.html"


def write_preview(
    bank_path: Path,
    out_dir: Path,
    *,
    loaded: LoadedBank | None = None,
    media: BankMedia | None = None,
) -> PreviewResult:
    """Write `out_dir/<bank stem>.html`, replacing any previous one only when complete.

    `loaded` is the bank at `bank_path` when the caller has already loaded it,
    `media` its media files. Those go into `out_dir` beside the page, under
    their package names, as in Anki's media folder.
    """
    preview = render_preview(bank_path, loaded=loaded, media=media)
    page = preview_path(bank_path, out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for file in preview.media:
        with replaced(out_dir / file.name) as handle:
            file.copy_to(handle)
    with replaced(page) as handle:
        handle.write(preview_page(preview, bank_path.name).encode("utf-8"))
    return PreviewResult(preview=preview, page=page)


def render_preview(
    bank_path: Path,
    *,
    loaded: LoadedBank | None = None,
    media: BankMedia | None = None,
    use_anki: bool | None = None,
) -> Preview:
    """Every card of the bank; `use_anki` None means Anki's renderer when it is installed."""
    loaded = loaded or load(bank_path)
    if media is None:
        media = bank_media(loaded)
    bank = loaded.bank
    notes = render_bank(bank, media=media)
    note_type = note_type_for(bank.deck.id, bank.deck.language)
    if use_anki is None:
        use_anki = anki_version() is not None
    if use_anki:
        cards = render_with_anki(bank, notes, note_type)
        renderer = f"Anki {anki_version()}"
    else:
        cards = render_builtin(notes, note_type)
        renderer = BUILTIN_RENDERER
    return Preview(bank=bank, cards=tuple(cards), renderer=renderer, media=tuple(media.files))


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
                    question_sounds=_sound_files(card.question_av_tags()),
                    answer_sounds=_sound_files(card.answer_av_tags()),
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
            question, question_sounds = _play_marks(_fill(template.front, fields), "q")
            if not question.strip():
                continue  # Anki makes no card whose front is empty.
            answer, answer_sounds = _play_marks(
                _fill(template.back, {**fields, "FrontSide": question}), "a"
            )
            style = f"<style>{note_type.css}</style>"
            cards.append(
                PreviewCard(
                    note_id=fields["Id"],
                    template=template.name,
                    ord=ord_,
                    question=style + question,
                    answer=style + answer,
                    question_sounds=question_sounds,
                    answer_sounds=answer_sounds,
                )
            )
    return cards


def _sound_files(av_tags: list[Any]) -> tuple[str, ...]:
    """A side's sounds as Anki lists them: a file's name, or "" for text to speech."""
    return tuple(getattr(tag, "filename", "") for tag in av_tags)


# A sound tag, or the text to speech that `_fill` marks, in a side as filled.
_SOUND_OR_SPEECH = re.compile(r"\[sound:([^\]]+)\]|(\[anki:tts\])")


def _play_marks(html: str, side: str) -> tuple[str, tuple[str, ...]]:
    """As Anki renders a side: each sound or speech becomes `[anki:play:<side>:<n>]`, in order."""
    sounds: list[str] = []

    def mark(match: re.Match[str]) -> str:
        sounds.append(match.group(1) or "")
        return f"[anki:play:{side}:{len(sounds) - 1}]"

    return _SOUND_OR_SPEECH.sub(mark, html), tuple(sounds)


_TAG = re.compile(r"\{\{(.*?)\}\}")
_SECTION = re.compile(r"\{\{#(\w+)\}\}(.*?)\{\{/\1\}\}", re.DOTALL)
_FIELD = re.compile(r"\{\{(\w+)\}\}")
_TTS = re.compile(r"\{\{tts [\w-]+:(\w+)\}\}")


def _fill(template: str, fields: dict[str, str]) -> str:
    """`{{#Field}}…{{/Field}}` kept when the field has content, then `{{Field}}` replaced.

    `{{tts lang:Field}}` becomes `[anki:tts]`, which `_play_marks` numbers.
    """
    template = _TTS.sub(lambda match: "[anki:tts]" if fields[match.group(1)] else "", template)
    for tag in _TAG.findall(template):
        if tag.lstrip("#/") not in fields:
            raise ValueError(f"the built-in renderer cannot fill {{{{{tag}}}}}")
    kept = _SECTION.sub(
        lambda match: match.group(2) if fields[match.group(1)].strip() else "", template
    )
    return _FIELD.sub(lambda match: fields[match.group(1)], kept)
