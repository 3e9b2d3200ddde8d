"""The bank format: what a question bank may contain, as frozen dataclasses.

These classes are the single definition of the format. The loader validates
every bank against them (`generator.validation`, through pydantic, strict and
refusing unknown keys, which reads their types, their fields' `metadata` and
`__pydantic_config__`), and the JSON Schema that editors use is generated from
them, so the two can never disagree. Also here: the walk over a bank's Markdown
texts, which every stage that reads them shares, and the tag the build reserves.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import Field, Strict, StringConstraints

MIN_OPTIONS = 2
MAX_OPTIONS = 8

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
TAG_PATTERN = r"^\S+$"
NONBLANK_PATTERN = r"\S"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|[0-9]{3}))?$"
"""A language tag as Anki's text to speech takes it: BCP 47 with `_`, like `en_US` or `pt_BR`."""
DEFAULT_LANGUAGE = "en_US"
REMOVED_TAG = "bank::removed"
"""The tag a build gives the notes of questions removed from the bank: reserved."""

DataPath = tuple[str | int, ...]
"""Keys and list indexes from the top of a bank down to a value, as in its YAML."""

CHECK_NAMES = (
    "longest-correct",
    "much-longer-correct",
    "same-options",
    "all-of-the-above",
    "contained-in-correct",
    "correct-letter",
    "absolute-words",
    "hedged-correct",
    "stem-echo",
    "none-of-the-above",
    "negative-stem",
    "grammatical-cue",
    "near-duplicate-options",
)
"""The item-writing checks, by the names `allow` takes.

They live in `generator.itemwriting` and, those on an item's words, `generator.cue_checks`.
"""


# Strict: `1` is not `true` and `"5"` is not 5; nothing stands in for a value's type.
Flag = Annotated[bool, Strict()]
SEED_RANGE = (-(2**63), 2**63 - 1)
"""A whole number a bank may hold: a 64-bit one, as Anki and SQLite keep numbers."""
Whole = Annotated[int, Strict(), Field(ge=SEED_RANGE[0], le=SEED_RANGE[1])]
AnyText = Annotated[str, Strict()]
Text = Annotated[str, StringConstraints(strict=True, pattern=NONBLANK_PATTERN)]
Slug = Annotated[str, StringConstraints(strict=True, pattern=SLUG_PATTERN)]
Tag = Annotated[str, StringConstraints(strict=True, pattern=TAG_PATTERN)]
Language = Annotated[str, StringConstraints(strict=True, pattern=LANGUAGE_PATTERN)]
CheckName = Literal[CHECK_NAMES]

MARKDOWN = (
    " Markdown. `![Alt text](img/flow.png)` shows an image from the bank's folder (PNG, JPEG, "
    "GIF, WebP, SVG); `![Label](audio/say.mp3)` a play button (MP3, OGG/Opus, M4A, WAV). "
    "Paths are relative to the bank file; URLs are refused."
)

# Rules that span several values (one correct option per question, unique
# question ids) are checked by the loader, which reports them even when other
# values are wrong too; the schema states the first one with `contains`.

STRICT: Any = {"extra": "forbid"}
"""pydantic's config for every class: unknown keys are errors (values are strict)."""


def described(description: str, **rules: Any) -> dict[str, Any]:
    """A field's `metadata`: its description in the schema, and pydantic's rules for it."""
    return {"description": description, **rules}


@dataclass(frozen=True, slots=True, kw_only=True)
class Option:
    __pydantic_config__ = STRICT

    text: Text = field(
        metadata=described("What the candidate says, in the first person." + MARKDOWN)
    )
    why: Text = field(metadata=described("Why this answer is strong or weak." + MARKDOWN))
    correct: Flag = field(
        default=False, metadata=described("True on exactly one option of a question.")
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    __pydantic_config__ = STRICT

    id: Slug = field(
        metadata=described("Stable slug, unique within the bank: the note's identity.")
    )
    question: Text = field(
        metadata=described("The question, as the interviewer asks it." + MARKDOWN)
    )
    tags: list[Tag] = field(
        default_factory=list,
        metadata=described("Anki tags, without spaces; `::` makes a hierarchy."),
    )
    options: list[Option] = field(
        metadata=described(
            "The answers to choose from, exactly one of them correct.",
            min_length=MIN_OPTIONS,
            max_length=MAX_OPTIONS,
            json_schema_extra={
                "contains": {"properties": {"correct": {"const": True}}, "required": ["correct"]},
                "minContains": 1,
                "maxContains": 1,
            },
        )
    )
    tip: Text | None = field(
        default=None,
        metadata=described("A best-practice tip shown on the back." + MARKDOWN),
    )
    note: Text | None = field(
        default=None,
        metadata=described(
            "What has changed since the source was written, with the year; shown on the "
            "back under its own heading." + MARKDOWN
        ),
    )
    allow: list[CheckName] = field(
        default_factory=list,
        metadata=described(
            "Item-writing checks silenced for this question, where the author means it "
            '(see docs/authoring.md, "What `check` warns about").'
        ),
    )

    @property
    def correct_index(self) -> int:
        return next(i for i, option in enumerate(self.options) if option.correct)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeckInfo:
    __pydantic_config__ = STRICT

    id: Slug = field(
        metadata=described("Stable slug: deck, note type and note identities derive from it.")
    )
    name: Text = field(metadata=described("The deck's name in Anki; `::` makes a sub-deck."))
    description: AnyText = field(
        default="", metadata=described("Shown on the deck's overview screen in Anki.")
    )
    shuffle: Flag | Literal["review"] = field(
        default=True,
        metadata=described(
            "true: shuffle each question's options once, at build time (stable across "
            "rebuilds); false: keep the file's order; review: reorder at every review."
        ),
    )
    shuffle_seed: Whole = field(
        default=0, metadata=described("Mixed into every question's shuffle.")
    )
    recall: Flag = field(
        default=False, metadata=described('Add a "say the model answer" card to every note.')
    )
    prompt: Text | None = field(
        default=None,
        metadata=described(
            "Shown on every multiple-choice front under the question: the task's framing."
            + MARKDOWN
        ),
    )
    language: Language = field(
        default=DEFAULT_LANGUAGE,
        metadata=described(
            "The language the recall card's model answer is spoken in (Anki's text to "
            "speech), as a tag like `en_US`, `en_GB` or `de_DE`."
        ),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Bank:
    """A bank of multiple-choice questions: one Anki deck, one note per question."""

    __pydantic_config__ = STRICT

    deck: DeckInfo = field(metadata=described("The Anki deck this bank becomes."))
    questions: list[Question] = field(
        metadata=described("The questions, one note (and card) each.", min_length=1)
    )


def bank_texts(bank: Bank) -> Iterator[tuple[DataPath, str, str]]:
    """Every Markdown text of a bank: its place in the file, whose it is, the text."""
    if bank.deck.prompt:
        yield ("deck", "prompt"), "deck", bank.deck.prompt
    for index, question in enumerate(bank.questions):
        for place, text in question_texts(question):
            yield ("questions", index, *place), question.id, text


def question_texts(question: Question) -> Iterator[tuple[DataPath, str]]:
    """Every Markdown text of a question with its place in the question (as in the YAML)."""
    yield ("question",), question.question
    for index, option in enumerate(question.options):
        yield ("options", index, "text"), option.text
        yield ("options", index, "why"), option.why
    if question.tip:
        yield ("tip",), question.tip
    if question.note:
        yield ("note",), question.note
