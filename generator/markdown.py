"""Bank Markdown as card HTML: parse, render, highlight.

Raw HTML is disabled, so no bank can inject markup or script: what looks like
a tag shows as text. Text is put in Unicode NFC form, as Anki stores it.
What an image shows is the caller's to say, through the `image` hook it
gives (`generator.media` shows the bank's files; without a hook, a card
shows the image's alt text): this module knows Markdown, not files.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache
from html import escape
from typing import TYPE_CHECKING, Any

from generator.highlight import lexer_for, plain_because

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from pygments.formatters import HtmlFormatter

HIGHLIGHT_CLASS = "highlight"
"""The class of a highlighted code block's `<pre>`, which the card's code CSS styles."""

ImageHook = Callable[[str, str], str]
"""What the card shows for `![alt](src)`, given `src` and `alt`: HTML."""


def alt_text_only(src: str, alt: str) -> str:
    """An image shown without any file: a picture written into the text (`data:`) as
    it is, anything else as its alt text. A card never asks for a file it lacks."""
    if is_inline_image(src):
        return f'<img class="mcq-image" src="{escape(src)}" alt="{escape(alt)}">'
    return f'<span class="mcq-media-alt">{escape(alt)}</span>' if alt else ""


def is_inline_image(src: str) -> bool:
    """An image written into the text (`data:image/png;base64,...`): it travels in the note
    and loads nothing. markdown-it makes an image of a `data:` address only for PNG, GIF,
    JPEG and WebP; any other shows as text, and `image_references` reports it."""
    return src[:5].lower() == "data:"


def markdown(text: str, image: ImageHook = alt_text_only, *, highlight: bool = True) -> str:
    """Bank Markdown as HTML; raw HTML in the text shows as text, never as markup.

    Text is put in Unicode NFC form, as Anki stores it: otherwise every import
    would find the note changed, and the lock's hash would not be Anki's content.
    Each image shows what `image(src, alt)` returns. Without `highlight`, code
    blocks are escaped text instead of Pygments' spans: the same characters
    shown, for checks that need to know only what shows.
    """
    text = unicodedata.normalize("NFC", text)
    if plain := plain_paragraph(text):
        return plain
    return _markdown_renderer(highlight).render(text, {"image": image}).strip()


def markdown_tokens(text: str) -> list[Token]:
    """The block tokens markdown() renders `text` from (inline ones hold `children`)."""
    return _markdown_renderer().parse(unicodedata.normalize("NFC", text))


def fenced_blocks(text: str) -> Iterator[tuple[int, str, str, str]]:
    """Each fenced code block with a language: (its first line within `text`, counted
    from 0, its opening fence as written, its language as markdown-it reads it, its code)."""
    if "```" not in text and "~~~" not in text:
        return
    from markdown_it.common.utils import MD_TRIM_RE, mdTrim, unescapeAll

    for token in markdown_tokens(text):
        info = mdTrim(unescapeAll(token.info)) if token.type == "fence" else ""
        if info and token.map is not None:
            language = MD_TRIM_RE.split(info, maxsplit=1)[0]
            yield token.map[0], token.markup + token.info, language, token.content


# Image syntax the renderer leaves as text, because its link is one markdown-it
# never follows (`file:`, `javascript:`, `vbscript:`, most `data:`): the author
# still meant a picture from somewhere else, which is refused like any URL.
# `![`, then anything but `]` up to the first `]`, then this.
_SCHEME_DESTINATION = re.compile(
    r"\]\(\s*<?([A-Za-z][A-Za-z0-9+.-]*:[^\s()>]*(?:\([^\s()]*\)[^\s()>]*)*)"
)


def image_references(text: str) -> list[str]:
    """The `src` of each image reference in `text` (but pictures written into the
    text), as the renderer sees it."""
    if "![" not in text:  # most texts: no need to parse them
        return []
    found = []
    for token in markdown_tokens(text):
        for child in token.children or ():
            if child.type == "image" and not is_inline_image(str(child.attrGet("src") or "")):
                found.append(str(child.attrGet("src") or ""))
            elif child.type == "text":
                found += _images_with_scheme(child.content)
    return found


def _images_with_scheme(text: str) -> list[str]:
    """The scheme addresses of `![alt](scheme:...)` left as text, in one pass: each `![`
    looks no further than the first `]` after it, which every `![` before that `]` shares
    (a pattern that let each `![` look ahead on its own took quadratic time)."""
    found = []
    start = text.find("![")
    while start >= 0:
        close = text.find("]", start + 2)
        if close < 0:
            break
        destination = _SCHEME_DESTINATION.match(text, close)
        if destination is not None:
            found.append(destination.group(1))
        start = text.find("![", destination.end() if destination else close + 1)
    return found


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
    faster than parsing it (tests/test_markdown_plain_text.py checks the two
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
    """An image as the caller's hook shows it: never the `src` as written, which could be
    a URL."""
    token = tokens[index]
    alt = self.renderInlineAsText(token.children or [], options, env)
    return env["image"](str(token.attrGet("src") or ""), alt)


def _highlight(code: str, language: str, _attrs: str) -> str:
    """A fenced block in a known language as `<pre class="highlight">` with Pygments' spans.

    The whole `<pre>` is returned (markdown-it passes a result starting with
    `<pre` through as is), because Pygments' own wrapper is a `<div><pre>`
    that markdown-it would nest inside another `<pre><code>`. "" lets
    markdown-it escape a block in no language or an unknown one, or one that
    `generator.highlight` does not let Pygments colour.
    """
    from pygments import highlight

    if not language or plain_because(language, code) or (lexer := lexer_for(language)) is None:
        return ""
    spans = highlight(code, lexer, _formatter())
    language_class = f"language-{escape(language)}"
    return f'<pre class="{HIGHLIGHT_CLASS}"><code class="{language_class}">{spans}</code></pre>'


# Building a formatter costs more than highlighting a short block, so it is made
# once (it keeps no state between blocks).
@cache
def _formatter() -> HtmlFormatter:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(nowrap=True)
