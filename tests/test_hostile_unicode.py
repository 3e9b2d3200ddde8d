"""Any text, tag, id and name from all of Unicode: refused, or a deck Anki takes whole.

Hypothesis draws every text, tag, id and name of a bank from all of Unicode
(C0 and C1 controls, surrogates, noncharacters, the field separator, the
characters of `::`, zero-width and other invisible characters, Markdown
that renders to nothing or loads an image, Anki's sound markup). Each bank must either be
refused with a `BankError`, or build a package that the real importer
imports whole: every note, every field equal to what the build rendered
from the bank (in NFC, as Anki stores text), every tag and the deck's name
equal to the bank's (in NFC), and each plain text shown as written.
"""

from __future__ import annotations

import tempfile
import unicodedata
from html import escape
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from generator.build import build_bank
from generator.loader import BankError, load
from generator.markdown import plain_paragraph
from generator.media import bank_media
from generator.render import render_bank
from tests.anki_client import AnkiClient
from tests.test_properties import questions

TRAPS = [
    "\x00",
    "\x07",
    "\x1f",
    "\x7f",
    "\x85",
    "\x9b",
    "\ud800",
    "\udfff",
    "\ufdd0",
    "\ufffe",
    "\U0010ffff",
    "\u200b",
    "\u2060",
    "\ufeff",
    "\u2028",
    "\u202e",
    "\u00a0",
    "\u3000",
    "::",
    ":",
    " ",
    "\t",
    "\n",
    "\r",
    " #",
    "e\u0301",
    "Default",
    "bank::removed",
    "[a]: https://example.com",
    "![x](http://example.com/x.png)",
    "![x](x.png)",
    "[sound:x.mp3]",
    "[anki:tts lang=en_US]x[/anki:tts]",
    "`",
    "*",
    "<b>",
    "&amp;",
    "{{Tip}}",
]
PIECE = st.one_of(st.text(st.characters(), min_size=1, max_size=6), st.sampled_from(TRAPS))
ANY_TEXT = st.lists(PIECE, min_size=1, max_size=5).map("".join)
WORD = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=8)
SLUG = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")


def mostly(usual: st.SearchStrategy[str], odds: int = 8) -> st.SearchStrategy[str]:
    """One value in `odds` from all of Unicode, else a usual one: a bank has some twenty
    values, and a bank in which all are hostile would never get past the loader."""
    return st.integers(1, odds).flatmap(lambda roll: ANY_TEXT if roll == 1 else usual)


TEXT = mostly(st.one_of(WORD, st.lists(WORD, min_size=2, max_size=4).map(" ".join)))
NAME = mostly(st.one_of(WORD, st.lists(WORD, min_size=2, max_size=3).map("::".join)))
TAG = NAME
ID = mostly(SLUG, odds=20)


def hostile_question(question_id: str) -> st.SearchStrategy[dict]:
    return questions(question_id, TEXT, st.lists(TAG, max_size=3), max_options=4, note=True)


@st.composite
def banks(draw) -> dict:
    ids = draw(st.lists(ID, min_size=1, max_size=3, unique=True))
    deck = {"id": draw(ID), "name": draw(NAME)}
    if draw(st.booleans()):
        deck["description"] = draw(TEXT)
    if draw(st.integers(0, 3)) == 0:
        deck["prompt"] = draw(TEXT)
    return {"deck": deck, "questions": [draw(hostile_question(question_id)) for question_id in ids]}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def dumped(bank: dict) -> str | None:
    """The bank as YAML (escapes for what YAML cannot hold raw), or None if PyYAML cannot."""
    try:
        return yaml.safe_dump(bank, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, UnicodeError):
        return None


SOUND_BANK = {
    "deck": {"id": "sound", "name": "Sound"},
    "questions": [
        {
            "id": "a",
            "question": "Say [sound:x.mp3] now",
            "options": [{"text": "Yes", "why": "W", "correct": True}, {"text": "No", "why": "W"}],
        }
    ],
}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bank=banks())
@example(bank=SOUND_BANK)
def test_any_bank_is_refused_or_imported_whole_as_written(bank: dict):
    text = dumped(bank)
    if text is None:
        event("PyYAML cannot write it")
        return
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "bank.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            whole = load(path)
            loaded = whole.bank
            bank_media(whole)  # images: their files, and no URL
        except BankError as error:
            event("refused")
            assert error.problems
            assert all(problem.line >= 1 and problem.column >= 1 for problem in error.problems)
            return
        event("built")
        package = build_bank(path, Path(scratch) / "dist", loaded=whole).package
        rendered = {note.guid: note for note in render_bank(loaded)}
        anki = AnkiClient(Path(scratch) / "learner" / "collection.anki2")
        try:
            counts = anki.import_package(package)
            assert counts.new == len(bank["questions"])
            notes = anki.notes()
            assert len(notes) == len(rendered)
            for note in notes:
                expected = rendered[note.guid]
                assert tuple(note.fields) == expected.fields
                assert sorted(note.tags) == sorted(nfc(tag) for tag in expected.tags)
            deck_names = {anki.col.decks.name(card.did) for card in anki.cards()}
            assert deck_names == {nfc(bank["deck"]["name"])}
            deck = anki.col.decks.by_name(nfc(bank["deck"]["name"]))
            assert deck["desc"] == escape(bank["deck"].get("description", ""))
            for question in loaded.questions:
                (card,) = anki.cards(f'"Id:{loaded.deck.id}/{question.id}"')
                assert card.question_av_tags() == [] and card.answer_av_tags() == [], "no sound"
                shown = plain_paragraph(nfc(question.question))
                if shown is not None:
                    assert shown in card.question()
        finally:
            anki.close()
