"""Text as bank Markdown that shows exactly that text: escape only what Markdown would read.

A source's plain text (an Aiken or CSV cell, a GIFT `[plain]` text, the text
between an HTML source's tags) must show on the card as written: `2 * 3` stays
as it is, but `*not emphasis*`, a line starting `1. ` or `# `, a `` ` `` or an
`&amp;` are escaped, so Markdown never reads them as markup. Escaping as little
as that keeps the bank readable, and a bank exported and imported again comes
back as it was written.
"""

from __future__ import annotations

import re

HARD_BREAK = "\\\n"
"""A line break inside a paragraph, as Markdown writes it."""

# Inline: a backslash before punctuation or at the end, a backtick, `[` with a
# `]` after it, `<` that opens an autolink (`<https://...>`, `<a@b.c>`; raw HTML
# is never markup in a bank), `&` that reads as an entity,
# `~~` (strikethrough), and `*` or `_` where they could open or close emphasis
# (an `_` inside a word or a `*` between spaces never does).
_INLINE = re.compile(
    r"""\\(?=[!-/:-@\[-`{-~]|$)|`|\[(?=.*\])
    |<(?=[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|[^\s<>@]+@[^\s<>]+>)
    |&(?=\#?\w+;)|~(?=~)|(?<=~)~
    |(?<![^\W_])_|_(?![^\W_])|(?<!\s)\*|\*(?!\s)""",
    re.VERBOSE | re.DOTALL,
)
# What a line must not start with: a heading, quote, list item, thematic break,
# setext underline, table row, indented code (spaces are stripped before).
_LINE_START = re.compile(
    r"^(?:(?P<mark>\#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|=+\s*$|-+\s*$|\|)"
    r"|(?P<rule>[-_*](?:\s*[-_*]){2,}\s*$)|\d{1,9}(?P<number>[.)])(?=\s|$))"
)


_MAYBE_INLINE = re.compile(r"[\\`\[<&~_*]")
"""A character some inline syntax starts with: a text with none needs no escape (most)."""


def escape_inline(text: str) -> str:
    """`text` (one paragraph's worth, no line-start rules) with Markdown's inline syntax
    escaped."""
    if _MAYBE_INLINE.search(text) is None:
        return text
    return _INLINE.sub(lambda match: "\\" + match.group(), text)


def escape_line_starts(markdown: str) -> str:
    """Each line of `markdown` that would start a block (a heading, list, quote...) made
    to start a paragraph's text instead."""
    if not markdown:
        return markdown
    return "\n".join(_escape_line_start(line) for line in markdown.split("\n"))


def _escape_line_start(line: str) -> str:
    match = _LINE_START.match(line)
    if match is None:
        return line
    if match.group("number"):
        at = match.start("number")
        return line[:at] + "\\" + line[at:]
    return "\\" + line


_SPACES = re.compile(r"[ \t\f\v]+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def plain_to_markdown(text: str) -> str:
    """Plain text as Markdown that shows the same: paragraphs at blank lines, a line break
    where the text breaks a line, runs of spaces as one (as a page shows them)."""
    paragraphs = []
    for paragraph in _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [_SPACES.sub(" ", line).strip() for line in paragraph.split("\n")]
        lines = [escape_line_starts(escape_inline(line)) for line in lines if line]
        if lines:
            paragraphs.append(HARD_BREAK.join(lines))
    return "\n\n".join(paragraphs)
