"""The note type: field names, card templates and CSS, which Anki treats as a contract.

Anki keys a note type by its fields and templates: renaming or adding one
makes Anki import a copy ("Multiple choice+") beside the learner's. So the
fields are fixed and independent of how many options a question has, and
every card the tool can make has its template from the start (a template
whose front renders empty makes no card).

Every field and template also carries an id, which Anki (2.1.67 and later)
matches before names when it compares an imported note type with the
learner's: a field renamed under the same id is the same field. An id
derives from the bank's `deck.id` and the field's or template's permanent
number below, never from its name, so each bank's note type has ids of its
own (as note types made in Anki do) and an id survives a rename.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from generator.bank import DEFAULT_LANGUAGE
from generator.identity import field_id, model_id, template_id

FIELD_NAMES = ("Question", "Options", "Answer", "Rationales", "Tip", "ModelAnswer", "Id")
SORT_FIELD = FIELD_NAMES.index("Question")
FIELD_NUMBERS = {
    "Question": 1,
    "Options": 2,
    "Answer": 3,
    "Rationales": 4,
    "Tip": 5,
    "ModelAnswer": 6,
    "Id": 7,
}
TEMPLATE_NUMBERS = {"Multiple choice": 1, "Say the model answer": 2}
"""Each field's and template's permanent number, which its id derives from.

Learners' collections hold these ids: never change a number. A renamed field
or template keeps its number; a new one takes a number never used before.
"""

HIGHLIGHT_CLASS = "highlight"
"""The class of a highlighted code block's `<pre>`; the Pygments CSS is scoped to it."""
LIGHT_CODE_STYLE = "default"
NIGHT_CODE_STYLE = "github-dark"
NIGHT_MODE_CLASSES = (".nightMode", ".night_mode")
"""The classes Anki puts on the page in night mode (the second on older clients)."""


@dataclass(frozen=True)
class CardTemplate:
    name: str
    front: str
    back: str


@dataclass(frozen=True)
class NoteType:
    id: int
    name: str
    fields: tuple[str, ...]
    templates: tuple[CardTemplate, ...]
    css: str
    field_ids: tuple[int, ...]
    """The Anki id of each of `fields`, in the same order."""
    template_ids: tuple[int, ...]
    """The Anki id of each of `templates`, in the same order."""

    def __post_init__(self) -> None:
        if len(self.field_ids) != len(self.fields):
            raise ValueError("every field needs an id")
        if len(self.template_ids) != len(self.templates):
            raise ValueError("every template needs an id")

    @property
    def content_hash(self) -> str:
        # The ids count: a package whose note type gains or changes ids must
        # carry a newer note type `mod`, or Anki keeps the learner's as it is.
        payload = json.dumps(
            [
                self.name,
                self.fields,
                [vars(t) for t in self.templates],
                self.css,
                self.field_ids,
                self.template_ids,
            ]
        )
        return hashlib.sha256(payload.encode()).hexdigest()


LANGUAGE_SLOT = "LANGUAGE"
"""Stands for the deck's language in `recall_back.html`'s `{{tts LANGUAGE:ModelAnswer}}`."""


def note_type_for(deck_id: str, language: str = DEFAULT_LANGUAGE) -> NoteType:
    """The deck's note type; `language` is what the recall card's text to speech speaks.

    Changing the language changes a template's HTML only, which a re-import
    updates in place.
    """
    templates = _templates(language)
    return NoteType(
        id=model_id(deck_id),
        name=f"Multiple choice ({deck_id})",
        fields=FIELD_NAMES,
        templates=templates,
        css=card_css(),
        field_ids=tuple(field_id(deck_id, FIELD_NUMBERS[name]) for name in FIELD_NAMES),
        template_ids=tuple(template_id(deck_id, TEMPLATE_NUMBERS[t.name]) for t in templates),
    )


@cache
def _templates(language: str) -> tuple[CardTemplate, ...]:
    recall_back = template_file("recall_back.html").replace(
        f"{{{{tts {LANGUAGE_SLOT}:", f"{{{{tts {language}:"
    )
    return (
        CardTemplate(
            "Multiple choice",
            _with_card_script(template_file("mcq_front.html")),
            _with_card_script(template_file("mcq_back.html")),
        ),
        CardTemplate(
            "Say the model answer",
            template_file("recall_front.html"),
            recall_back,
        ),
    )


@cache
def card_css() -> str:
    """The card's own CSS, then Pygments' token colours for code, light and night.

    Only the token colours come from Pygments: a code block's background is
    the card's `--code-surface`, so every colour here is chosen to be
    readable on it (tests/test_markdown_cards.py measures the contrast).
    """
    from pygments.formatters import HtmlFormatter

    block = f".{HIGHLIGHT_CLASS}"
    light = HtmlFormatter(style=LIGHT_CODE_STYLE).get_token_style_defs(block)
    night = HtmlFormatter(style=NIGHT_CODE_STYLE).get_token_style_defs(
        [f"{mode} {block}" for mode in NIGHT_MODE_CLASSES]
    )
    return "\n".join(
        [
            template_file("card.css"),
            f"/* Code, light: Pygments {LIGHT_CODE_STYLE} */",
            *light,
            f"/* Code, night: Pygments {NIGHT_CODE_STYLE} */",
            *night,
            "",
        ]
    )


def _with_card_script(template: str) -> str:
    """The template with the card script appended; it runs after the side's HTML exists.

    The back repeats it after `{{FrontSide}}` (which brings the front's copy
    along) so the back never depends on what a client does with FrontSide;
    the script sets each card up only once.
    """
    return f"{template}<script>\n{template_file('card.js')}</script>\n"


@cache
def template_file(name: str) -> str:
    """A file of `generator/templates/`, read once."""
    return files("generator").joinpath("templates", name).read_text(encoding="utf-8")
