"""The floor the tool is measured against: a bank written straight to an .apkg with genanki.

This is the script a speed-aware author would write to get the same notes:
PyYAML's C loader, then the same note type (imported from the tool, so the
templates and CSS are identical), the same field HTML built in one pass
(plain one-line texts escaped by hand, the rest through one markdown-it
renderer with cached Pygments objects), then genanki. It validates nothing,
keeps no lock and pins no timestamps: whatever the tool does beyond this is
its overhead. `tests/test_benchmarks.py` checks that its notes are the tool's.

    python -m benchmarks.baseline BANK.yaml OUT_DIR
"""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from functools import cache
from html import escape
from pathlib import Path

import genanki
import yaml
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from generator.identity import anki_deck_id, note_guid
from generator.markdown import HIGHLIGHT_CLASS
from generator.notetype import FIELD_NAMES, SORT_FIELD, note_type_for

LETTERS = "ABCDEFGH"
# Text that markdown-it would turn into a single paragraph of escaped text.
NEEDS_MARKDOWN = re.compile(r"[\n\r`*_\[\]<&\\~|]|^[\s\d#>+=-]|\s$")
FORMATTER = HtmlFormatter(nowrap=True)


@cache
def lexer(language: str):
    try:
        return get_lexer_by_name(language)
    except ClassNotFound:
        return None


def highlight_code(code: str, language: str, _attrs: str) -> str:
    found = lexer(language) if language else None
    if found is None:
        return ""
    spans = highlight(code, found, FORMATTER)
    language_class = f"language-{escape(language)}"
    return f'<pre class="{HIGHLIGHT_CLASS}"><code class="{language_class}">{spans}</code></pre>'


RENDERER = MarkdownIt("commonmark", {"html": False, "highlight": highlight_code}).enable(
    ["table", "strikethrough"]
)


def markdown(text: str) -> str:
    text = unicodedata.normalize("NFC", text)  # as Anki stores it
    if NEEDS_MARKDOWN.search(text):
        return RENDERER.render(text).strip()
    return f"<p>{escape(text, quote=False).replace(chr(34), '&quot;')}</p>"


def note_fields(deck: dict, question: dict) -> list[str]:
    options = question["options"]
    order = list(range(len(options)))
    shuffle = deck.get("shuffle", True)
    if shuffle is not False:
        random.Random(f"{deck.get('shuffle_seed', 0)}:{question['id']}").shuffle(order)
    letter = {position: LETTERS[shown] for shown, position in enumerate(order)}
    correct = next(i for i, option in enumerate(options) if option.get("correct"))
    right = options[correct]
    shuffle_mode = {True: "build", False: "none", "review": "review"}[shuffle]
    option_items = "".join(
        f'<li class="mcq-option" data-option="{p}"><span class="mcq-letter">{letter[p]}</span>'
        f'<div class="mcq-text">{markdown(options[p]["text"])}</div></li>'
        for p in order
    )
    rationale_items = "".join(
        f'<li class="mcq-rationale" data-option="{p}"><span class="mcq-letter">{letter[p]}</span>'
        f'<div class="mcq-why">{markdown(options[p]["why"])}</div></li>'
        for p in order
        if p != correct
    )
    right_text, right_why = markdown(right["text"]), markdown(right["why"])
    model_answer = right_text if deck.get("recall") else ""
    fields = {
        "Question": markdown(question["question"]),
        "Options": f'<ol class="mcq-options" data-shuffle="{shuffle_mode}">{option_items}</ol>',
        "Answer": (
            f'<div class="mcq-answer" data-option="{correct}">'
            f'<p class="mcq-verdict">Correct answer: '
            f'<span class="mcq-letter">{letter[correct]}</span></p>'
            f'<div class="mcq-text">{right_text}</div><div class="mcq-why">{right_why}</div></div>'
        ),
        "Rationales": f'<ul class="mcq-rationales">{rationale_items}</ul>',
        "Tip": markdown(question["tip"]) if question.get("tip") else "",
        "ModelAnswer": model_answer,
        "Id": escape(f"{deck['id']}/{question['id']}"),
    }
    return [fields[name] for name in FIELD_NAMES]


def build(bank_path: Path, out_dir: Path) -> Path:
    with bank_path.open("rb") as stream:
        data = yaml.load(stream, Loader=yaml.CSafeLoader)
    deck = data["deck"]
    note_type = note_type_for(deck["id"])
    model = genanki.Model(
        note_type.id,
        note_type.name,
        fields=[{"name": name} for name in note_type.fields],
        templates=[
            {"name": t.name, "qfmt": t.front, "afmt": t.back} for t in note_type.templates
        ],
        css=note_type.css,
        sort_field_index=SORT_FIELD,
    )
    anki_deck = genanki.Deck(
        anki_deck_id(deck["id"]), deck["name"], escape(deck.get("description", ""))
    )
    for question in data["questions"]:
        anki_deck.add_note(
            genanki.Note(
                model=model,
                fields=note_fields(deck, question),
                tags=[unicodedata.normalize("NFC", tag) for tag in question.get("tags", [])],
                guid=note_guid(deck["id"], question["id"]),
            )
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    package = out_dir / f"{bank_path.stem}.apkg"
    genanki.Package(anki_deck).write_to_file(package)
    return package


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m benchmarks.baseline BANK.yaml OUT_DIR")
    print(build(Path(sys.argv[1]), Path(sys.argv[2])))
