"""A bank as Moodle XML (see `exporting`), in the shape of Moodle's own export.

A category question first (the deck's name, then each question's first tag),
then one `multichoice` question per bank question: `<single>true</single>`,
answers at `fraction="100"` and `0` with their feedback, the tip as
`<generalfeedback>`, every tag in `<tags>`, and each picture or sound a
base64 `<file>` in the text that shows it. HTML goes in CDATA sections.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator, Mapping
from html import escape
from pathlib import Path

from generator.bank import Bank, Question
from generator.convert.exporting import Exported, HtmlTexts, bank_losses, category_path


def bank_moodle_xml(bank: Bank, media: Mapping[str, Path]) -> Exported:
    texts = HtmlTexts(media, files=True)
    shuffle = "false" if bank.deck.shuffle is False else "true"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    category = None
    for question in bank.questions:
        path = category_path(bank, question)
        if path != category:
            lines += _category(path)
            category = path
        lines += _question(question, texts, shuffle)
    lines.append("</quiz>")
    return Exported(("\n".join(lines) + "\n").encode("utf-8"), bank_losses(bank) + texts.lost)


def _category(path: str) -> list[str]:
    return [
        '  <question type="category">',
        f"    <category><text>{escape(path)}</text></category>",
        '    <info format="html"><text></text></info>',
        "  </question>",
    ]


def _question(question: Question, texts: HtmlTexts, shuffle: str) -> Iterator[str]:
    yield '  <question type="multichoice">'
    yield f"    <name><text>{escape(question.id)}</text></name>"
    yield from _text("questiontext", question.question, texts, "    ")
    yield from _text("generalfeedback", question.tip or "", texts, "    ")
    yield "    <defaultgrade>1</defaultgrade>"
    yield "    <penalty>0.3333333</penalty>"
    yield "    <hidden>0</hidden>"
    yield "    <single>true</single>"
    yield f"    <shuffleanswers>{shuffle}</shuffleanswers>"
    yield "    <answernumbering>abc</answernumbering>"
    for option in question.options:
        fraction = "100" if option.correct else "0"
        html, files = texts.html(option.text)
        yield f'    <answer fraction="{fraction}" format="html">'
        yield f"      <text>{_cdata(html)}</text>"
        yield from _files(files, "      ")
        yield from _text("feedback", option.why, texts, "      ")
        yield "    </answer>"
    if question.tags:
        yield "    <tags>"
        yield from (f"      <tag><text>{escape(tag)}</text></tag>" for tag in question.tags)
        yield "    </tags>"
    yield "  </question>"


def _text(element: str, markdown: str, texts: HtmlTexts, indent: str) -> Iterator[str]:
    html, files = texts.html(markdown) if markdown else ("", {})
    yield f'{indent}<{element} format="html">'
    yield f"{indent}  <text>{_cdata(html) if html else ''}</text>"
    yield from _files(files, indent + "  ")
    yield f"{indent}</{element}>"


def _files(files: Mapping[str, Path], indent: str) -> Iterator[str]:
    for name, path in sorted(files.items()):
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        yield f'{indent}<file name="{escape(name)}" path="/" encoding="base64">{data}</file>'


def _cdata(text: str) -> str:
    """`text` in a CDATA section (split where it holds `]]>`, which would end one)."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"
