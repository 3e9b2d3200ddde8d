"""Render a validated bank into note fields: the HTML that Anki shows.

This stage owns the card's content: the fields' HTML, every text through
`generator.markdown` (raw HTML disabled, so no bank can inject markup or
script), the display order of each question's options, and their letters.
"""

from __future__ import annotations

import hashlib
import json
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from generator.bank import REMOVED_TAG, Bank, DeckInfo, Question
from generator.identity import note_guid
from generator.markdown import ImageHook, alt_text_only, markdown
from generator.media import BankMedia, MediaFile, without_sounds
from generator.notetype import FIELD_NAMES

LETTERS = "ABCDEFGH"


@dataclass(frozen=True)
class RenderedNote:
    """One question, ready to become an Anki note."""

    question_id: str
    guid: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    question_source: str
    """The question as written in the bank, kept in the lock to name removed questions."""
    correct_letter: str | None
    removed: bool = False
    media: tuple[MediaFile, ...] = ()
    """The media files the note's fields show, which the package must carry."""

    @property
    def content_hash(self) -> str:
        """Changes exactly when what the learner would see (or search by tag) changes.

        That includes the bytes of the note's media, which its fields only name.
        """
        content: list[Any] = [self.fields, self.tags]
        if self.media:
            content.append([media.sha256 for media in self.media])
        payload = json.dumps(content, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()


def render_bank(
    bank: Bank,
    progress: Callable[[int], None] | None = None,
    media: BankMedia | None = None,
) -> list[RenderedNote]:
    """Every question's note; `progress`, if given, hears how many are done after each.

    `media` (from `media.bank_media`) holds the files the bank's images name.
    """
    notes = []
    for question in bank.questions:
        notes.append(render_question(bank.deck, question, media))
        if progress is not None:
            progress(len(notes))
    return notes


def display_order(deck: DeckInfo, question: Question) -> list[int]:
    """The file positions of the options, in the order the card shows them.

    Seeded by the question's id and the bank's `shuffle_seed` alone, so the
    order survives rebuilds, edits to other questions and reordering.
    """
    order = list(range(len(question.options)))
    if deck.shuffle is not False:
        random.Random(f"{deck.shuffle_seed}:{question.id}").shuffle(order)
    return order


def render_question(
    deck: DeckInfo, question: Question, media: BankMedia | None = None
) -> RenderedNote:
    order = display_order(deck, question)
    letter_of = {position: LETTERS[shown] for shown, position in enumerate(order)}
    correct = question.correct_index
    shuffle_mode = {True: "build", False: "none", "review": "review"}[deck.shuffle]
    # Each text is rendered once, however many fields show it.
    # The media files the note's fields show, recorded as its texts render.
    shown = media.shown_by_one_note() if media is not None else None
    image: ImageHook = shown.image_html if shown is not None else alt_text_only
    texts = [markdown(option.text, image) for option in question.options]
    whys = [markdown(option.why, image) for option in question.options]

    options = "".join(
        f'<li class="mcq-option" data-option="{position}">'
        f'<span class="mcq-letter">{letter_of[position]}</span>'
        f'<div class="mcq-text">{texts[position]}</div></li>'
        for position in order
    )
    answer = (
        f'<div class="mcq-answer" data-option="{correct}">'
        f'<p class="mcq-verdict">Correct answer: '
        f'<span class="mcq-letter">{letter_of[correct]}</span></p>'
        f'<div class="mcq-text">{texts[correct]}</div>'
        f'<div class="mcq-why">{whys[correct]}</div></div>'
    )
    rationales = "".join(
        f'<li class="mcq-rationale" data-option="{position}">'
        f'<span class="mcq-letter">{letter_of[position]}</span>'
        f'<div class="mcq-why">{whys[position]}</div></li>'
        for position in order
        if position != correct
    )
    # The framing goes with the options, not into Question: Question is the
    # sort field and what the learner searches, and the recall card's front
    # (which shows Question) asks for a spoken answer, not a pick.
    prompt = f'<div class="mcq-prompt">{markdown(deck.prompt, image)}</div>' if deck.prompt else ""
    # The note follows the correct answer's rationale, which it corrects.
    note = (
        f'<aside class="mcq-note"><p class="mcq-heading">Since then</p>'
        f"{markdown(question.note, image)}</aside>"
        if question.note
        else ""
    )
    fields = {
        "Question": markdown(question.question, image),
        "Options": (
            f'{prompt}<ol class="mcq-options" data-shuffle="{shuffle_mode}">{options}</ol>'
        ),
        "Answer": answer + note,
        "Rationales": f'<ul class="mcq-rationales">{rationales}</ul>',
        "Tip": markdown(question.tip, image) if question.tip else "",
        # The model answer alone: the recall card's text to speech reads this field.
        "ModelAnswer": without_sounds(texts[correct]) if deck.recall else "",
        "Id": escape(f"{deck.id}/{question.id}"),
    }
    return RenderedNote(
        question_id=question.id,
        guid=note_guid(deck.id, question.id),
        fields=tuple(fields[name] for name in FIELD_NAMES),
        tags=tuple(unicodedata.normalize("NFC", tag) for tag in question.tags),
        question_source=question.question,
        correct_letter=letter_of[correct],
        media=shown.files if shown is not None else (),
    )


def render_removed(deck: DeckInfo, question_id: str, question_source: str) -> RenderedNote:
    """The note of a question removed from the bank: its question, a notice, a tag.

    An import never deletes a note, so the package keeps carrying this one; the
    tag lets the learner find every removed note and delete them in one step.
    """
    notice = (
        f'<div class="mcq-removed"><p>This question was removed from the bank '
        f"<code>{escape(deck.id)}</code>.</p>"
        f"<p>To delete it, and any other removed question: Browse, search "
        f"<code>tag:{REMOVED_TAG}</code>, select all, and Delete.</p></div>"
    )
    fields = dict.fromkeys(FIELD_NAMES, "")
    fields |= {
        "Question": markdown(question_source),
        "Answer": notice,
        "Id": escape(f"{deck.id}/{question_id}"),
    }
    return RenderedNote(
        question_id=question_id,
        guid=note_guid(deck.id, question_id),
        fields=tuple(fields[name] for name in FIELD_NAMES),
        tags=(REMOVED_TAG,),
        question_source=question_source,
        correct_letter=None,
        removed=True,
    )
