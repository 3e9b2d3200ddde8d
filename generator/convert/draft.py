"""What an import makes of a source before it is written: a bank's draft, and what was left out.

A draft holds only what the source says: a text the source lacks is None, and
the bank writer leaves its key out, so that `check` names each missing piece
at its line. Nothing here invents content.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

SLUG_CHARS = 48
"""The longest id derived from a question's name or text (cut at a hyphen)."""


@dataclass
class DraftOption:
    text: str | None
    why: str | None = None
    correct: bool = False


@dataclass
class DraftQuestion:
    name: str
    """What the id derives from: the question's name in the source, or its text."""
    question: str | None
    options: list[DraftOption]
    tip: str | None = None
    tags: list[str] = field(default_factory=list)
    line: int = 0
    """Where the question starts in the source (1-based), for messages."""
    id: str = ""
    """Set by `assign_ids`: unique within the draft."""
    category: tuple[str, ...] | None = None
    """The parts of its Moodle category path, below `$course$/top`; `settle_categories`
    makes them the deck's name and a tag."""


@dataclass
class DraftDeck:
    id: str
    name: str
    description: str | None = None
    prompt: str | None = None

    @classmethod
    def named(cls, name: str, **more: str | None) -> DraftDeck:
        """A deck called `name` (a source file's stem, as a rule), its id made from it."""
        return cls(slug(name) or "bank", name, **more)


@dataclass(frozen=True, order=True)
class Notice:
    """Something of the source the bank does not carry: a question left out, or a part of one."""

    line: int
    message: str


@dataclass
class Draft:
    deck: DraftDeck
    questions: list[DraftQuestion] = field(default_factory=list)
    left_out: list[Notice] = field(default_factory=list)
    """Questions left out whole, each with where and why."""
    lost: list[Notice] = field(default_factory=list)
    """Parts of questions taken that have no place in a bank (formatting, hints...)."""
    media: dict[str, bytes] = field(default_factory=dict)
    """Files the source embeds, by their path relative to the bank, to be written beside it."""


class ConvertError(Exception):
    """A source that cannot be imported (or a bank that cannot be exported): every problem."""

    def __init__(self, file: str, problems: Iterable[tuple[int, str]]):
        self.problems = sorted(set(problems))
        lines = [f"{file}:{line}: {message}" if line else f"{file}: {message}"
                 for line, message in self.problems]
        super().__init__("\n".join(lines))


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = SLUG_CHARS) -> str:
    """Lowercase ASCII letters and digits joined by single hyphens, at most `limit` long."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(words) > limit:
        words = words[:limit]
        words = words.rsplit("-", 1)[0] if "-" in words else words
    return words.strip("-")


def assign_ids(questions: list[DraftQuestion]) -> None:
    """Give each question an id from its name: unique (`-2`, `-3`... in source order), stable."""
    taken: set[str] = set()
    for question in questions:
        base = slug(question.name) or "question"
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        taken.add(candidate)
        question.id = candidate


_NOT_TAG = re.compile(r"\s+")
_CONTEXT = re.compile(r"^\$\w+\$$")


def category_parts(path: str) -> tuple[str, ...]:
    """A Moodle category path's parts below its context and `top` (`//` is a `/` in a name):
    `$course$/top/Unit 1/Week 2` -> ("Unit 1", "Week 2")."""
    parts = [part.replace("\0", "/").strip() for part in path.replace("//", "\0").split("/")]
    while parts and (_CONTEXT.match(parts[0]) or parts[0] == "top"):
        parts.pop(0)
    return tuple(part for part in parts if part)


def tag_of(parts: Iterable[str]) -> str | None:
    """A tag from the parts of a category path (`::` between parts, `_` for spaces)."""
    return "::".join(_NOT_TAG.sub("_", part) for part in parts) or None


def settle_categories(draft: Draft) -> None:
    """Categories as the deck's name and tags: when every question sits under one top
    category, it names the deck and the parts below it are a tag; otherwise each
    question's whole category path is its tag."""
    categories = [question.category for question in draft.questions]
    tops = {category[0] if category else None for category in categories}
    shared = tops.pop() if len(tops) == 1 else None
    if shared is not None:
        draft.deck = DraftDeck(slug(shared) or draft.deck.id, shared, draft.deck.description,
                               draft.deck.prompt)
    for question in draft.questions:
        parts = question.category or ()
        tag = tag_of(parts[1:] if shared is not None else parts)
        question.tags = list(dict.fromkeys([*([tag] if tag else []), *question.tags]))
