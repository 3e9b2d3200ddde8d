"""A bank as Moodle GIFT text (see `exporting`), written as Moodle's own exporter writes it.

Every text is `[html]` (said once, on the question; its answers inherit it),
with GIFT's special characters `\\ ~ = # { } :` escaped and line breaks as `\\n`,
so each question is one block of lines. GIFT has no tags: each question's first
tag is its category, the others are listed as left out; it carries no files.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from generator.bank import Bank
from generator.convert.exporting import Exported, HtmlTexts, bank_losses, category_path

_SPECIAL = str.maketrans({"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{",
                          "}": "\\}", ":": "\\:", "\n": "\\n", "\r": ""})


def escape_gift(text: str) -> str:
    return text.translate(_SPECIAL)


def bank_gift(bank: Bank, media: Mapping[str, Path]) -> Exported:
    texts = HtmlTexts(media, files=False)

    def html(text: str) -> str:
        return escape_gift(texts.html(text)[0])

    lines = [f"// {escape_gift(bank.deck.name)}: {len(bank.questions)} questions", ""]
    category = None
    extra_tags = 0
    for question in bank.questions:
        path = category_path(bank, question)
        if path != category:
            lines += [f"$CATEGORY: {path}", ""]
            category = path
        extra_tags += max(len(question.tags) - 1, 0)
        lines.append(f"::{escape_gift(question.id)}::[html]{html(question.question)}{{")
        for option in question.options:
            mark = "=" if option.correct else "~"
            lines.append(f"\t{mark}{html(option.text)}#{html(option.why)}")
        if question.tip:
            lines.append(f"\t####{html(question.tip)}")
        lines += ["}", ""]
    lost = bank_losses(bank) + texts.lost
    if extra_tags:
        lost.append(f"{extra_tags} tags after each question's first (GIFT has no tags; the "
                    "first is the category)")
    return Exported("\n".join(lines).encode("utf-8"), lost)
