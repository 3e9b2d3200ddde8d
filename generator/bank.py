"""The bank format: what a question bank may contain, as frozen dataclasses.

These classes are the single definition of the format. The loader validates
every bank against them (`generator.validation`, through pydantic, which
reads their types, their fields' `metadata` and `__pydantic_config__`), and
the JSON Schema that editors use is generated from them, so the two can never
disagree. They are plain dataclasses, not pydantic models, so that a build of
a valid bank need not import pydantic at all (`generator.fitting`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

MIN_OPTIONS = 2
MAX_OPTIONS = 8

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
TAG_PATTERN = r"^\S+$"
NONBLANK_PATTERN = r"\S"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|[0-9]{3}))?$"
"""A language tag as Anki's text to speech takes it: BCP 47 with `_`, like `en_US` or `pt_BR`."""
DEFAULT_LANGUAGE = "en_US"

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


@dataclass(frozen=True)
class Exact:
    """A value's rule in `Annotated[bool, Exact()]`: of this very type, nothing standing in.

    `1` is not `true` and `"5"` is not 5. For text, `pattern` is a regular
    expression it must match (a search). pydantic reads the rule as its own
    `Strict` or `StringConstraints`, imported only when pydantic validates;
    `generator.fitting` reads it without pydantic.
    """

    pattern: str | None = None

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic import Strict as NoStandIns
        from pydantic import StringConstraints

        if self.pattern is None:
            return handler(Annotated[source, NoStandIns()])
        return handler(Annotated[source, StringConstraints(strict=True, pattern=self.pattern)])


Flag = Annotated[bool, Exact()]
Whole = Annotated[int, Exact()]
AnyText = Annotated[str, Exact()]
Text = Annotated[str, Exact(NONBLANK_PATTERN)]
Slug = Annotated[str, Exact(SLUG_PATTERN)]
Tag = Annotated[str, Exact(TAG_PATTERN)]
Language = Annotated[str, Exact(LANGUAGE_PATTERN)]
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
"""pydantic's config for every class: unknown keys are errors (values are `Exact`)."""


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
            '(see README, "What `check` warns about").'
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
