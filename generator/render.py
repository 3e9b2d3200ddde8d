"""Render a validated bank into note fields: the HTML that Anki shows.

This stage owns the card's content: the Markdown of the bank (rendered with
raw HTML disabled, so no bank can inject markup or script), the display
order of each question's options, and their letters.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import TYPE_CHECKING, Any

from generator.bank import Bank, DeckInfo, Question
from generator.identity import note_guid
from generator.media import BankMedia, MediaFile, NoteMedia, card_html, without_sounds
from generator.notetype import FIELD_NAMES, HIGHLIGHT_CLASS

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from pygments.formatters import HtmlFormatter
    from pygments.lexer import Lexer

LETTERS = "ABCDEFGH"
REMOVED_TAG = "bank::removed"


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
    texts = [markdown(option.text, shown) for option in question.options]
    whys = [markdown(option.why, shown) for option in question.options]

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
    prompt = f'<div class="mcq-prompt">{markdown(deck.prompt, shown)}</div>' if deck.prompt else ""
    # The note follows the correct answer's rationale, which it corrects.
    note = (
        f'<aside class="mcq-note"><p class="mcq-heading">Since then</p>'
        f"{markdown(question.note, shown)}</aside>"
        if question.note
        else ""
    )
    fields = {
        "Question": markdown(question.question, shown),
        "Options": (
            f'{prompt}<ol class="mcq-options" data-shuffle="{shuffle_mode}">{options}</ol>'
        ),
        "Answer": answer + note,
        "Rationales": f'<ul class="mcq-rationales">{rationales}</ul>',
        "Tip": markdown(question.tip, shown) if question.tip else "",
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


def markdown(text: str, media: NoteMedia | None = None, *, highlight: bool = True) -> str:
    """Bank Markdown as HTML; raw HTML in the text shows as text, never as markup.

    Text is put in Unicode NFC form, as Anki stores it: otherwise every import
    would find the note changed, and the lock's hash would not be Anki's content.
    An image shows the file `media` holds for it (`media.card_html`). Without
    `highlight`, code blocks are escaped text instead of Pygments' spans: the same
    characters shown, for checks that need to know only what shows.
    """
    text = unicodedata.normalize("NFC", text)
    if plain := plain_paragraph(text):
        return plain
    return _markdown_renderer(highlight).render(text, {"media": media}).strip()


def markdown_tokens(text: str) -> list[Token]:
    """The block tokens markdown() renders `text` from (inline ones hold `children`)."""
    return _markdown_renderer().parse(unicodedata.normalize("NFC", text))


# Characters that break the line or that markdown-it replaces (NUL, CR).
_LINE_BREAKS = re.compile(r"[\x00\n\r]")
# Characters that can start inline syntax other than code: emphasis,
# strikethrough, links, autolinks, entities, escapes.
_INLINE_SYNTAX = re.compile(r"[*_~\[<&\\]")
# Either of the above, for a line with no code span: one search instead of two.
_NOT_PLAIN = re.compile(r"[\x00\n\r*_~\[<&\\]")


def plain_paragraph(text: str) -> str | None:
    """markdown-it's HTML for a line of prose and inline code; None for anything else.

    Such a line is one paragraph of its own characters, HTML-escaped, with
    `code` spans. It must start with a letter, a backtick or one of `"'(`
    (so nothing opens a heading, list, quote, rule or code block), and
    neither start nor end with whitespace, which markdown-it strips. Its
    backticks must pair up one by one (no double backticks), each pair
    around text that does not both start and end with a space (markdown-it
    would strip one of each). No line may break. Outside the spans, no
    character of `_INLINE_SYNTAX` may appear, so of what markdown-it escapes
    (`&<>"`) only `>` and `"` can; inside, everything is literal and escaped.
    Most option texts are such lines, and recognising one is many times
    faster than parsing it (tests/test_render_plain_text.py checks the two
    agree).
    """
    if not text or not (text[0].isalpha() or text[0] in "\"'(`") or text[-1].isspace():
        return None
    if "`" not in text:
        # The rules below, for a line with no code span (most lines).
        if _NOT_PLAIN.search(text):
            return None
        return "<p>" + text.replace(">", "&gt;").replace('"', "&quot;") + "</p>"
    parts = text.split("`")
    if len(parts) % 2 == 0 or "``" in text or _LINE_BREAKS.search(text):
        return None
    html = []
    for index, part in enumerate(parts):
        if index % 2 == 0:
            if _INLINE_SYNTAX.search(part):
                return None
            html.append(part.replace(">", "&gt;").replace('"', "&quot;"))
        elif part[0] == " " and part[-1] == " ":
            return None
        else:
            html.append(f"<code>{escape(part, quote=False).replace(chr(34), '&quot;')}</code>")
    return "<p>" + "".join(html) + "</p>"


@cache
def _markdown_renderer(highlight: bool = True) -> MarkdownIt:
    # Imported on first use: a bank of plain lines never needs the parser.
    from markdown_it import MarkdownIt

    options = {"html": False, "highlight": _highlight if highlight else None}
    renderer = MarkdownIt("commonmark", options).enable(["table", "strikethrough"])
    renderer.add_render_rule("image", _image)
    return renderer


def _image(self: Any, tokens: list[Token], index: int, options: Any, env: dict) -> str:
    """An image as the bank's media file: never the `src` as written, which could be a URL."""
    token = tokens[index]
    alt = self.renderInlineAsText(token.children or [], options, env)
    return card_html(env.get("media"), str(token.attrGet("src") or ""), alt)


def _highlight(code: str, language: str, _attrs: str) -> str:
    """A fenced block in a known language as `<pre class="highlight">` with Pygments' spans.

    The whole `<pre>` is returned (markdown-it passes a result starting with
    `<pre` through as is), because Pygments' own wrapper is a `<div><pre>`
    that markdown-it would nest inside another `<pre><code>`. "" lets
    markdown-it escape a block in no language or an unknown one.
    """
    from pygments import highlight

    lexer = _lexer(language) if language else None
    if lexer is None:
        return ""
    spans = highlight(code, lexer, _formatter())
    language_class = f"language-{escape(language)}"
    return f'<pre class="{HIGHLIGHT_CLASS}"><code class="{language_class}">{spans}</code></pre>'


# Looking a lexer up by name and building a formatter cost more than
# highlighting a short block, so each is made once (neither keeps state
# between blocks).
@cache
def _lexer(language: str) -> Lexer | None:
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(language)
    except ClassNotFound:
        return None


@cache
def _formatter() -> HtmlFormatter:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(nowrap=True)
