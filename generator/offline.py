"""No card reaches the network: what in a card's HTML would make it load something.

Bank text is Markdown rendered with raw HTML off, so the only markup that
can load anything is an image (`![alt](src)`), and the renderer's one image
rule (`render._image`) never writes a `src` as the bank wrote it: it shows
the bank's own file by its package name, after `generator.media` checked the
reference (refusing every URL, at its place in the text). A link loads
nothing until the learner follows it, and following a link leaves the card
on purpose, so links stay allowed. This module is the net under that rule:
whatever else the rendered HTML would load is found here, so anything the
renderer learns to emit is judged the same.
"""

from __future__ import annotations

import re
from html import unescape

# Attributes through which HTML loads something without a click, and CSS `url(...)`.
_LOADING_ATTRIBUTE = re.compile(
    r"""<[a-zA-Z][^>]*?\s(?:src|srcset|poster|data|background|lowsrc|dynsrc)\s*=\s*"""
    r"""(?:"([^"]*)"|'([^']*)'|([^\s>]+))""",
)
_CSS_URL = re.compile(r"url\(\s*[\"']?([^\"')]*)", re.IGNORECASE)
_LINK_TAG = re.compile(r"<link\b[^>]*\bhref\s*=\s*\"([^\"]*)\"", re.IGNORECASE)
_REMOTE = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|\\\\)")


def loaded_sources(html: str) -> list[str]:
    """Every address `html` would load as soon as it is shown, in order."""
    found = [
        next(group for group in match.groups() if group is not None)
        for match in _LOADING_ATTRIBUTE.finditer(html)
    ]
    found += [match.group(1) for match in _LINK_TAG.finditer(html)]
    found += [match.group(1) for match in _CSS_URL.finditer(html)]
    return [unescape(source) for source in found]


def source_problem(source: str) -> str | None:
    """Why a card may not load `source`: from the network never. None for a file of the
    bank's own (the package carries it) and for bytes written into the text (`data:`)."""
    if source.strip().lower().startswith("data:") or not _REMOTE.match(source):
        return None
    return (
        f"`{source}` would be loaded from the network when the card is shown; "
        "a card must not reach the network (put a link instead: `[text](url)`)"
    )
