"""The barest script that turns a bank into an .apkg: the floor under any genanki tool.

PyYAML's C loader, `html.escape` of each text, one genanki note per
question, a package written; nothing else. No Markdown, no highlighting, no
shuffle, no validation, no lock, no pinned times, a note type of its own with
plain templates, and Python's cycle collector left as it is, as a script
would. Its notes are not the tool's (the other baseline, `baseline.py`, writes
those): it is what the work of reading a bank and writing a package costs.

    python -m benchmarks.bare BANK.yaml OUT_DIR
"""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path

import genanki
import yaml

MODEL = genanki.Model(
    1607392319,
    "Bare multiple choice",
    fields=[{"name": name} for name in ("Question", "Options", "Answer", "Rationales", "Tip")],
    templates=[
        {
            "name": "Card 1",
            "qfmt": "{{Question}}{{Options}}",
            "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}{{Rationales}}{{Tip}}",
        }
    ],
)


def note(deck_id: str, question: dict) -> genanki.Note:
    options = question["options"]
    correct = next(option for option in options if option.get("correct"))
    return genanki.Note(
        model=MODEL,
        fields=[
            escape(question["question"]),
            "".join(f"<li>{escape(option['text'])}</li>" for option in options),
            f"{escape(correct['text'])}<br>{escape(correct['why'])}",
            "".join(
                f"<li>{escape(option['why'])}</li>" for option in options if option is not correct
            ),
            escape(question.get("tip") or ""),
        ],
        tags=question.get("tags", []),
        guid=genanki.guid_for(deck_id, question["id"]),
    )


def build(bank_path: Path, out_dir: Path) -> Path:
    with bank_path.open("rb") as stream:
        data = yaml.load(stream, Loader=yaml.CSafeLoader)
    deck = data["deck"]
    anki_deck = genanki.Deck(2059400110, deck["name"])
    for question in data["questions"]:
        anki_deck.add_note(note(deck["id"], question))
    out_dir.mkdir(parents=True, exist_ok=True)
    package = out_dir / f"{bank_path.stem}.apkg"
    genanki.Package(anki_deck).write_to_file(package)
    return package


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m benchmarks.bare BANK.yaml OUT_DIR")
    print(build(Path(sys.argv[1]), Path(sys.argv[2])))
