"""No card reaches the network: what in a card's HTML would make it load something.

Bank text is Markdown rendered with raw HTML off, so the only markup that
can load anything is an image (`![alt](src)`). A link loads nothing until
the learner follows it, and following a link leaves the card on purpose, so
links stay allowed. Everything that would load is found here, in the
rendered HTML, so whatever the renderer learns to emit is judged the same.
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
    """Why a card may not load `source`: from the network never, from the bank's folder not
    yet; None for an image written into the text itself (`data:`), which travels in the note."""
    if source.strip().lower().startswith("data:"):
        return None
    if _REMOTE.match(source):
        return (
            f"`{source}` would be loaded from the network when the card is shown; "
            "a card must not reach the network (put a link instead: `[text](url)`)"
        )
    return (
        f"`{source}` is a local image: local images are not supported yet "
        "(the card would show a broken image)"
    )
