"""An imported bank that `check` accepts builds, imports into the real Anki, and its cards
show exactly the source's text."""

from __future__ import annotations

import html
import re
from pathlib import Path

from generator.convert.importing import import_source, write_import
from generator.pipeline import check_banks
from tests.anki_client import import_package
from tests.authoring_support import build, cards_by_template, fresh_collection
from tests.convert_support import write_source

GIFT = r"""$CATEGORY: $course$/top/Arithmetic/Products

::Plain::[plain]Is 2 * 3 \= 6 & <b>not bold</b> \{really\}? {
    =Yes, *exactly* 6 #Right\: 2 * 3 is 6, not 2_3_.
    ~No #It is; see [the table](#).
    ####Multiply\: 2 * 3 \= 3 + 3.
}

::Blank::The answer block leaves a {
    =blank #Moodle shows a line there.
    ~gap #Not `this` one.
    ####1. Read the sentence\n2. Fill it in
} in the sentence.

::Html::[html]<p>Which is <em>emphasised</em> &amp; <code>&lt;coded&gt;</code>?</p>{
    =<p>This <strong>one</strong></p>#<p>Right.</p>
    ~<p>That one</p>#<p>No.</p>
}
"""
SHOWN = {
    "plain": [
        "Is 2 * 3 = 6 & <b>not bold</b> {really}?",
        "Yes, *exactly* 6",
        "Right: 2 * 3 is 6, not 2_3_.",
        "It is; see [the table](#).",
        "Multiply: 2 * 3 = 3 + 3.",
    ],
    "blank": [
        "The answer block leaves a _____ in the sentence.",
        "Moodle shows a line there.",
        "Not `this` one.",
        "1. Read the sentence 2. Fill it in",
    ],
    "html": ["Which is emphasised & <coded>?", "This one", "That one", "Right.", "No."],
}


def visible_text(side: str) -> str:
    """What a card side shows, as text: no scripts or styles, no tags, entities read."""
    side = re.sub(r"<(script|style)\b.*?</\1>", " ", side, flags=re.DOTALL)
    side = re.sub(r"</?(?:p|div|li|ul|ol|br|h\d|pre|label|button|section)\b[^>]*>", " ", side)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", side))).strip()


def test_an_imported_gift_bank_shows_the_sources_text_in_anki(tmp_path: Path):
    source = write_source(tmp_path, "arithmetic.gift", GIFT)
    result = import_source(source)
    bank = tmp_path / "decks" / "arithmetic.yaml"
    write_import(result, bank)
    checked = check_banks([bank])
    assert not checked.failed, checked.problem_groups
    package = build(bank, tmp_path / "dist").package
    with fresh_collection(tmp_path / "learner") as collection:
        import_package(collection, package)
        cards = cards_by_template(collection, "Multiple choice")
        shown = {
            card.note()["Id"].split("/")[1]: visible_text(card.question() + card.answer())
            for card in cards
        }
        assert {collection.decks.name(card.did) for card in cards} == {"Arithmetic"}
    assert sorted(shown) == sorted(SHOWN)
    for question_id, texts in SHOWN.items():
        for text in texts:
            assert text in shown[question_id], (question_id, text)
    # Nothing the source does not have: no markup read into the plain text.
    assert "<b>" in shown["plain"] and "exactly" in shown["plain"]
    assert "_____" in shown["blank"]
