"""A bank as a Moodle quiz: what the GIFT and Moodle XML writers share.

Each question becomes one single-answer multiple-choice question: the correct
option at 100%, the others at 0, each option's `why` its feedback, the tip the
general feedback, the deck's name and the question's first tag its category.
Texts are rendered from Markdown to HTML as the cards show them (without code
colours, which Moodle has no stylesheet for); each picture or sound becomes a
file `@@PLUGINFILE@@/<name>` that the Moodle XML writer embeds. What a Moodle
quiz has no place for (the deck's prompt and description, `note`) is listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import quote

from generator.bank import Bank, Question
from generator.markdown import alt_text_only, is_inline_image, markdown
from generator.media_types import TYPE_BY_EXTENSION

PLUGINFILE = "@@PLUGINFILE@@/"


@dataclass(frozen=True)
class Exported:
    content: bytes
    lost: list[str] = field(default_factory=list)
    """What the bank has and the export does not carry, said once each."""


class HtmlTexts:
    """Bank Markdown as HTML, each picture or sound as a `@@PLUGINFILE@@` file.

    `media` maps each `src` the bank's texts use to its file (as `check` found it).
    """

    def __init__(self, media: Mapping[str, Path], *, files: bool):
        self.media = media
        self.files = files
        self.names: dict[Path, str] = {}
        self.lost: list[str] = []

    def html(self, text: str) -> tuple[str, dict[str, Path]]:
        """The HTML of `text`, and the files it names (by their name in the export)."""
        used: dict[str, Path] = {}

        def image(src: str, alt: str) -> str:
            if is_inline_image(src):
                return alt_text_only(src, alt)
            if not self.files:
                self._lose(f"GIFT carries no files: `{src}` left out (its alt text kept); "
                           "export to moodle-xml to keep it")
                return escape(alt)
            path = self.media[src]
            name = self._name(path)
            used[name] = path
            kind = TYPE_BY_EXTENSION.get(path.suffix.lower())
            link = PLUGINFILE + quote(name)
            if kind is not None and kind.kind == "sound":
                return f'<a href="{link}">{escape(alt)}</a>'
            return f'<img src="{link}" alt="{escape(alt)}">'

        return markdown(text, image=image, highlight=False), used

    def _name(self, path: Path) -> str:
        """The file's name in the export: its own, with `-2`, `-3`... if another has it."""
        if path not in self.names:
            taken = set(self.names.values())
            name, number = path.name, 1
            while name in taken:
                number += 1
                name = f"{path.stem}-{number}{path.suffix}"
            self.names[path] = name
        return self.names[path]

    def _lose(self, message: str) -> None:
        if message not in self.lost:
            self.lost.append(message)


def category_path(bank: Bank, question: Question) -> str:
    """`$course$/top/<deck name>[/<first tag's parts>]`, `/` in a name written `//`."""
    parts = [bank.deck.name, *(question.tags[0].split("::") if question.tags else [])]
    return "/".join(["$course$", "top", *(part.replace("/", "//") for part in parts)])


def bank_losses(bank: Bank) -> list[str]:
    """What of the bank a Moodle quiz has no place for."""
    lost = []
    if bank.deck.prompt:
        lost.append("the deck's prompt (Moodle has no text shown under every question)")
    if bank.deck.description:
        lost.append("the deck's description")
    notes = sum(1 for question in bank.questions if question.note)
    if notes:
        lost.append(f"`note` of {notes} question{'s' if notes > 1 else ''}")
    return lost
