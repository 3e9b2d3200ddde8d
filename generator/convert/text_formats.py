"""A source's text in its format (HTML, Moodle's auto-format, plain, Markdown) as bank Markdown."""

from __future__ import annotations

import re

from generator.convert.escape import plain_to_markdown
from generator.convert.html_markdown import Files, html_to_markdown

FORMATS = ("html", "moodle", "plain", "markdown")
_MARKUP = re.compile(r"<[A-Za-z/!]|&#?\w+;")


def to_markdown(
    text: str, text_format: str, files: Files | None = None
) -> tuple[str | None, list[str]]:
    """`text` as Markdown (None when it is empty), and what of it has no Markdown form.

    `moodle` is Moodle's auto-format: HTML may be used, and a line break shows
    as one; a text without markup is plain text.
    """
    if text_format == "markdown":
        markdown, lost = text.strip(), []
    elif text_format == "plain" or (text_format == "moodle" and not _MARKUP.search(text)):
        markdown, lost = plain_to_markdown(text), []
    else:
        if text_format == "moodle":
            text = text.replace("\n", "<br>")
        markdown, lost = html_to_markdown(text, files or (lambda _src: None))
    return markdown or None, lost
