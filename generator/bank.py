"""The bank format: what a question bank may contain, as pydantic models.

These models are the single definition of the format. The loader validates
every bank against them, and the JSON Schema that editors use is generated
from them, so the two can never disagree.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

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
)
"""The item-writing checks (`generator.itemwriting`), by the names `allow` takes."""

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(pattern=NONBLANK_PATTERN)]
Tag = Annotated[str, StringConstraints(pattern=TAG_PATTERN)]
Language = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
CheckName = Literal[CHECK_NAMES]

# Rules that span several values (one correct option per question, unique
# question ids) are checked by the loader, which reports them even when other
# values are wrong too; the schema states the first one with `contains`.


class _Strict(BaseModel):
    """Unknown keys are errors and no value is coerced: `"5"` is not a number."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Option(_Strict):
    text: Text = Field(description="What the candidate says, in the first person.")
    why: Text = Field(description="Why this answer is strong or weak.")
    correct: bool = Field(False, description="True on exactly one option of a question.")


class Question(_Strict):
    id: Slug = Field(description="Stable slug, unique within the bank: the note's identity.")
    question: Text = Field(description="The question, as the interviewer asks it.")
    tags: list[Tag] = Field(
        default_factory=list,
        description="Anki tags, without spaces; `::` makes a hierarchy.",
    )
    options: list[Option] = Field(
        min_length=MIN_OPTIONS,
        max_length=MAX_OPTIONS,
        description="The answers to choose from, exactly one of them correct.",
        json_schema_extra={
            "contains": {"properties": {"correct": {"const": True}}, "required": ["correct"]},
            "minContains": 1,
            "maxContains": 1,
        },
    )
    tip: Text | None = Field(None, description="A best-practice tip shown on the back.")
    note: Text | None = Field(
        None,
        description=(
            "What has changed since the source was written, with the year; shown on the "
            "back under its own heading."
        ),
    )
    allow: list[CheckName] = Field(
        default_factory=list,
        description=(
            "Item-writing checks silenced for this question, where the author means it "
            "(see README, \"What `check` warns about\")."
        ),
    )

    @property
    def correct_index(self) -> int:
        return next(i for i, option in enumerate(self.options) if option.correct)


class DeckInfo(_Strict):
    id: Slug = Field(description="Stable slug: deck, note type and note identities derive from it.")
    name: Text = Field(description="The deck's name in Anki; `::` makes a sub-deck.")
    description: str = Field("", description="Shown on the deck's overview screen in Anki.")
    shuffle: bool | Literal["review"] = Field(
        True,
        description=(
            "true: shuffle each question's options once, at build time (stable across "
            "rebuilds); false: keep the file's order; review: reorder at every review."
        ),
    )
    shuffle_seed: int = Field(0, description="Mixed into every question's shuffle.")
    recall: bool = Field(False, description='Add a "say the model answer" card to every note.')
    prompt: Text | None = Field(
        None,
        description="Shown on every multiple-choice front under the question: the task's framing.",
    )
    language: Language = Field(
        DEFAULT_LANGUAGE,
        description=(
            "The language the recall card's model answer is spoken in (Anki's text to "
            "speech), as a tag like `en_US`, `en_GB` or `de_DE`."
        ),
    )


class Bank(_Strict):
    """A bank of multiple-choice questions: one Anki deck, one note per question."""

    deck: DeckInfo = Field(description="The Anki deck this bank becomes.")
    questions: list[Question] = Field(
        min_length=1, description="The questions, one note (and card) each."
    )
