"""The built deck in the real Anki: what a learner gets, and what a re-import keeps."""

from __future__ import annotations

import re
import time
from html import unescape
from pathlib import Path

import yaml

from generator.build import build_bank
from generator.loader import load_bank
from generator.lock import lock_path_for, read_lock
from tests.anki_client import AnkiClient

DECK = "FastAPI Developer Interview"
MULTIPLE_CHOICE = '"card:Multiple choice"'


class Clock:
    """The author's clock. It starts a day ago, and `advance` moves it past both
    its last reading and the real time (which stamps the learner's own edits), so
    each build is certainly later than everything before it, and nothing sleeps."""

    def __init__(self):
        self.now = time.time() - 86400

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float = 60) -> None:
        self.now = max(self.now + seconds, time.time() + 1)


def text_of(html: str) -> str:
    """Visible text, whitespace collapsed, for comparing with the bank's plain text."""
    without_style = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", without_style)).split())


def plain(markdown: str) -> str:
    return " ".join(markdown.replace("`", "").replace("**", "").split())


def shows(card_text: str, markdown: str) -> bool:
    """Whether the card's visible text holds the bank text (markup and spacing aside)."""
    return "".join(plain(markdown).split()) in "".join(card_text.split())


def test_first_import_gives_each_question_its_two_cards(
    fastapi_bank: Path, tmp_path: Path, anki: AnkiClient
):
    bank = load_bank(fastapi_bank)
    package = build_bank(fastapi_bank, tmp_path / "dist").package

    counts = anki.import_package(package)

    assert counts.new == 5
    assert anki.col.note_count() == 5
    cards = anki.cards()
    assert len(cards) == 10, "a multiple-choice card and a recall card per question"
    assert len(anki.cards(MULTIPLE_CHOICE)) == 5
    assert {anki.col.decks.name(card.did) for card in cards} == {DECK}
    for question in bank.questions:
        (card,) = anki.cards(f'"Id:*/{question.id}" {MULTIPLE_CHOICE}')
        front = text_of(card.question())
        back = text_of(card.answer())
        assert shows(front, question.question)
        assert shows(front, bank.deck.prompt)
        for option in question.options:
            assert shows(front, option.text)
            assert shows(back, option.why)
            assert not shows(front, option.why)
        assert shows(back, question.tip)
        if question.note:
            assert shows(back, f"Since then {question.note}")
            assert not shows(front, question.note)
        correct = question.options[question.correct_index]
        assert f"Correct answer: {_letter_of(front, correct.text)}" in back
        assert set(card.note().tags) == set(question.tags)


def _letter_of(front_text: str, option_text: str) -> str:
    """The letter the front shows just before an option's text."""
    first_words = " ".join(plain(option_text).split()[:3])
    return front_text[: front_text.index(first_words)].split()[-1]


def test_correct_letters_are_spread_across_the_fastapi_deck(
    fastapi_bank: Path, tmp_path: Path, anki: AnkiClient
):
    bank = load_bank(fastapi_bank)
    anki.import_package(build_bank(fastapi_bank, tmp_path / "dist").package)

    letters = []
    for question in bank.questions:
        (card,) = anki.cards(f'"Id:*/{question.id}" {MULTIPLE_CHOICE}')
        correct = question.options[question.correct_index]
        letters.append(_letter_of(text_of(card.question()), correct.text))

    assert max(letters.count(letter) for letter in set(letters)) <= 2


def test_inline_code_and_markup_in_content(write_bank, tmp_path: Path, anki: AnkiClient):
    bank = write_bank(
        """
deck: {id: escaping, name: Escaping}
questions:
  - id: markup
    question: "Is <b>this</b> bold & does `Depends()` show as code?"
    options:
      - {text: "Use `async def` for <i>I/O</i>", why: "Because a < b", correct: true}
      - {text: "Never", why: "Wrong"}
"""
    )
    anki.import_package(build_bank(bank, tmp_path / "dist").package)

    (card,) = anki.cards()
    front = card.question()
    assert "&lt;b&gt;this&lt;/b&gt; bold &amp; does <code>Depends()</code>" in front
    assert "<code>async def</code> for &lt;i&gt;I/O&lt;/i&gt;" in front
    assert "<b>" not in front and "<i>" not in front
    assert "Because a &lt; b" in card.answer()


def test_reimport_after_editing_one_question_updates_exactly_that_note(
    fastapi_bank: Path, tmp_path: Path, anki: AnkiClient
):
    clock = Clock()
    dist = tmp_path / "dist"
    package = build_bank(fastapi_bank, dist, clock=clock).package
    anki.import_package(package)
    assert anki.review(DECK, 3) == 3
    scheduling = anki.scheduling_snapshot()
    review_log = anki.review_log()
    assert len(review_log) == 3
    # The learner's own additions on a note the author leaves alone.
    untouched = anki.notes('"Id:*/pydantic"')[0]
    untouched.add_tag("my-own-tag")
    anki.col.update_note(untouched)

    clock.advance()
    document = yaml.safe_load(fastapi_bank.read_text(encoding="utf-8"))
    document["questions"][0]["tip"] = "Edited tip: mention the thread pool."
    fastapi_bank.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    result = build_bank(fastapi_bank, dist, clock=clock)
    assert result.changed == ("async-await",)

    counts = anki.import_package(result.package)

    # Anki logs the notes it found already present and left alone as "duplicate".
    assert (counts.new, counts.updated, counts.duplicate) == (0, 1, 4)
    assert "async/await" in counts.first_field_updated[0]
    assert anki.col.note_count() == 5
    assert anki.scheduling_snapshot() == scheduling
    assert anki.review_log() == review_log
    (edited,) = anki.cards(f'"Id:*/async-await" {MULTIPLE_CHOICE}')
    assert "Edited tip: mention the thread pool." in edited.answer()
    assert "my-own-tag" in anki.notes('"Id:*/pydantic"')[0].tags


def test_reimport_of_an_unchanged_rebuild_changes_nothing(
    fastapi_bank: Path, tmp_path: Path, anki: AnkiClient
):
    clock = Clock()
    first = build_bank(fastapi_bank, tmp_path / "one", clock=clock).package
    anki.import_package(first)
    anki.review(DECK, 2)
    scheduling = anki.scheduling_snapshot()

    clock.advance(3600)
    second = build_bank(fastapi_bank, tmp_path / "two", clock=clock).package
    counts = anki.import_package(second, update_notes="always")

    assert first.read_bytes() == second.read_bytes()
    assert (counts.new, counts.updated, counts.duplicate) == (0, 0, 5)
    assert anki.scheduling_snapshot() == scheduling


def test_learner_edit_newer_than_the_build_is_kept(
    fastapi_bank: Path, tmp_path: Path, anki: AnkiClient
):
    package = build_bank(fastapi_bank, tmp_path / "dist", clock=Clock()).package
    anki.import_package(package)
    note = anki.notes('"Id:*/oauth2-jwt"')[0]
    note["Tip"] = "My own tip."
    anki.col.update_note(note)

    counts = anki.import_package(package)

    assert counts.updated == 0
    assert anki.notes('"Id:*/oauth2-jwt"')[0]["Tip"] == "My own tip."


def test_reordering_questions_keeps_identity(fastapi_bank: Path, tmp_path: Path, anki: AnkiClient):
    clock = Clock()
    anki.import_package(build_bank(fastapi_bank, tmp_path / "dist", clock=clock).package)
    before = {note.guid: note.id for note in anki.notes()}

    document = yaml.safe_load(fastapi_bank.read_text(encoding="utf-8"))
    document["questions"].reverse()
    fastapi_bank.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    clock.advance()
    result = build_bank(fastapi_bank, tmp_path / "dist", clock=clock)
    counts = anki.import_package(result.package)

    assert result.changed == ()
    assert (counts.new, counts.updated) == (0, 0)
    assert {note.guid: note.id for note in anki.notes()} == before


def test_a_removed_question_is_tagged_for_deletion_and_comes_back_with_its_history(
    fastapi_bank: Path, tmp_path: Path, anki: AnkiClient
):
    clock = Clock()
    dist = tmp_path / "dist"
    original = fastapi_bank.read_text(encoding="utf-8")
    anki.import_package(build_bank(fastapi_bank, dist, clock=clock).package)
    anki.review(DECK, 5)
    scheduling = anki.scheduling_snapshot()

    document = yaml.safe_load(original)
    document["questions"] = [q for q in document["questions"] if q["id"] != "pydantic"]
    fastapi_bank.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    clock.advance()
    result = build_bank(fastapi_bank, dist, clock=clock)
    assert result.newly_removed == ("pydantic",)
    counts = anki.import_package(result.package)

    assert (counts.new, counts.updated) == (0, 1)
    (removed,) = anki.notes("tag:bank::removed")
    assert removed["Id"] == "fastapi-developer-interview/pydantic"
    assert "How does Pydantic improve data handling" in removed["Question"]
    assert "removed from the bank" in removed.cards()[0].answer()
    assert anki.scheduling_snapshot() == scheduling

    # The next build still carries it, unchanged: a re-import is a no-op.
    clock.advance()
    again = build_bank(fastapi_bank, dist, clock=clock)
    assert again.newly_removed == ()
    assert read_lock(lock_path_for(fastapi_bank)).notes["pydantic"].removed
    assert anki.import_package(again.package).updated == 0

    # It comes back: same note, same history, tag gone, content restored.
    fastapi_bank.write_text(original, encoding="utf-8")
    clock.advance()
    back = build_bank(fastapi_bank, dist, clock=clock)
    assert back.changed == ("pydantic",)
    counts = anki.import_package(back.package)
    assert (counts.new, counts.updated) == (0, 1)
    assert anki.notes("tag:bank::removed") == []
    (restored,) = anki.notes('"Id:*/pydantic"')
    assert restored.id == removed.id
    assert "EmailStr" in restored.cards()[0].question()
    assert anki.scheduling_snapshot() == scheduling
