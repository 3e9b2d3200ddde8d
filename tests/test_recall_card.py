"""The "Say the model answer" card: only where a bank asks for it, and safe to turn on later.

These tests also pin down what the real Anki importer does on the way there,
because docs/authoring.md tells authors and learners to rely on it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from anki.cards import Card
from anki.collection import Collection
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition
from anki.sound import TTSTag

from generator import build as build_module
from generator.bank import Bank
from generator.identity import field_id
from generator.loader import load_bank
from generator.media import BankMedia
from generator.notetype import FIELD_NUMBERS, NoteType, note_type_for
from generator.render import RenderedNote, render_bank
from tests.anki_client import import_package
from tests.authoring_support import (
    BUILD_TIME,
    bank_text,
    build,
    cards_by_template,
    fresh_collection,
    question,
    without_style,
)

MC = "Multiple choice"
RECALL = "Say the model answer"
ALWAYS = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS
QUESTIONS = [
    question(
        "async-await",
        question="Why does `async def` matter?",
        correct=2,
        tip="Mention the **thread pool**.",
    ),
    question("pydantic", question="What does Pydantic validate?", correct=1),
    question("testing", question="How do you test a route?", correct=0),
]
CARD_STATE = "id, nid, ord, did, type, queue, due, ivl, factor, reps, lapses, left"


def _write(tmp_path: Path, recall: bool, **deck_keys: Any) -> Path:
    deck = {"id": "recall", "name": "Recall", "recall": recall, **deck_keys}
    bank = tmp_path / "decks" / "recall.yaml"
    bank.parent.mkdir(parents=True, exist_ok=True)
    bank.write_text(bank_text(deck, QUESTIONS), encoding="utf-8")
    return bank


def _study(collection: Collection) -> int:
    """Answer every card the scheduler offers now, pressing Good, as a learner would."""
    collection.decks.select(collection.decks.id_for_name("Recall"))
    answered = 0
    while queued := collection.sched.get_queued_cards(fetch_limit=1).cards:
        card = collection.get_card(queued[0].card.id)
        card.start_timer()
        collection.sched.answerCard(card, 3)
        answered += 1
    return answered


def _our_note_types(collection: Collection) -> list[str]:
    return sorted(
        entry.name
        for entry in collection.models.all_names_and_ids()
        if entry.name.startswith("Multiple choice")
    )


def test_without_recall_each_note_has_only_its_multiple_choice_card(tmp_path: Path):
    package = build(_write(tmp_path, recall=False), tmp_path / "dist").package
    with fresh_collection(tmp_path / "learner") as collection:
        import_package(collection, package)
        assert collection.note_count() == len(QUESTIONS)
        assert len(cards_by_template(collection, MC)) == len(QUESTIONS)
        assert cards_by_template(collection, RECALL) == []
        assert collection.card_count() == len(QUESTIONS)


def test_with_recall_each_note_also_has_a_say_the_model_answer_card(tmp_path: Path):
    package = build(_write(tmp_path, recall=True), tmp_path / "dist").package
    with fresh_collection(tmp_path / "learner") as collection:
        import_package(collection, package)
        assert collection.card_count() == 2 * len(QUESTIONS)
        recall_cards = {card.note()["Id"]: card for card in cards_by_template(collection, RECALL)}
        assert set(recall_cards) == {f"recall/{q['id']}" for q in QUESTIONS}

        card = recall_cards["recall/async-await"]
        front, back = without_style(card.question()), without_style(card.answer())
        assert "Why does <code>async def</code> matter?" in front
        assert "Say your answer aloud, then flip." in front
        for option in QUESTIONS[0]["options"]:
            assert option["text"] not in front, "the front shows the question only"
        model = QUESTIONS[0]["options"][2]
        assert f"<p>{model['text']}</p>" in back
        assert "It must contain:" in back and f"<p>{model['why']}</p>" in back
        assert "Mention the <strong>thread pool</strong>." in back
        wrong = QUESTIONS[0]["options"][0]
        assert wrong["text"] not in back and wrong["why"] not in back


SPOKEN = [
    question(
        "markup",
        question="What is the rule?",
        correct=1,
        tip="A tip the voice must not read.",
        note="A note the voice must not read (2026).",
    ),
    question("plain", question="And then?", correct=0),
]
SPOKEN[0]["options"][1]["text"] = (
    "Never block: use `async def` when a < b & c, **always**.\n\nThen rest."
)


def _spoken(card: Card) -> list[TTSTag]:
    tags = card.answer_av_tags()
    assert all(isinstance(tag, TTSTag) for tag in tags), "no sound files, only text to speech"
    return tags


@contextmanager
def _spoken_deck(tmp_path: Path, **deck_keys: Any) -> Iterator[dict[str, tuple[Card, Card]]]:
    """Per question id: its recall card and its multiple-choice card, as Anki imported them."""
    deck = {"id": "spoken", "name": "Spoken", "recall": True, **deck_keys}
    bank = tmp_path / "decks" / "spoken.yaml"
    bank.parent.mkdir(parents=True, exist_ok=True)
    bank.write_text(bank_text(deck, SPOKEN), encoding="utf-8")
    package = build(bank, tmp_path / "dist").package
    with fresh_collection(tmp_path / "learner") as collection:
        import_package(collection, package)
        recall = {card.note()["Id"]: card for card in cards_by_template(collection, RECALL)}
        choice = {card.note()["Id"]: card for card in cards_by_template(collection, MC)}
        yield {key.split("/")[1]: (recall[key], choice[key]) for key in recall}


def test_the_recall_back_speaks_the_model_answer_alone_in_the_decks_language(tmp_path: Path):
    with _spoken_deck(tmp_path, language="en_GB") as cards:
        # The voice reads the visible text: no tags, entities decoded, paragraphs spaced.
        recall, choice = cards["markup"]
        (tag,) = _spoken(recall)
        assert " ".join(tag.field_text.split()) == (
            "Never block: use async def when a < b & c, always. Then rest."
        )
        assert tag.lang == "en_GB"
        assert recall.question_av_tags() == []
        assert "must not read" not in tag.field_text, "not the tip, note or checklist"
        back = recall.answer()
        assert "It must contain:" in back and "A tip the voice must not read." in back
        assert "A note the voice must not read (2026)." in back
        assert "[anki:play:a:0]" in back, "Anki shows a play button there"
        # The multiple-choice card has nothing to play.
        assert choice.question_av_tags() == [] and choice.answer_av_tags() == []

        recall, _ = cards["plain"]
        (tag,) = _spoken(recall)
        assert (tag.field_text.strip(), tag.lang) == ("Answer 0 to plain.", "en_GB")


def test_the_language_is_en_us_unless_the_deck_says_otherwise(tmp_path: Path):
    with _spoken_deck(tmp_path) as cards:
        assert {_spoken(recall)[0].lang for recall, _ in cards.values()} == {"en_US"}


def test_the_fastapi_recall_cards_speak_each_model_answer_in_us_english(
    fastapi_bank: Path, tmp_path: Path
):
    bank = load_bank(fastapi_bank)
    package = build(fastapi_bank, tmp_path / "dist").package
    with fresh_collection(tmp_path / "learner") as collection:
        import_package(collection, package)
        for question in bank.questions:
            (recall,) = collection.find_cards(f'"Id:*/{question.id}" "card:{RECALL}"')
            (choice,) = collection.find_cards(f'"Id:*/{question.id}" "card:{MC}"')
            (tag,) = _spoken(collection.get_card(recall))
            model = question.options[question.correct_index].text
            assert " ".join(tag.field_text.split()) == " ".join(model.replace("`", "").split())
            assert tag.lang == bank.deck.language == "en_US"
            choice_card = collection.get_card(choice)
            assert choice_card.question_av_tags() == [] and choice_card.answer_av_tags() == []


def test_turning_recall_on_adds_the_card_and_keeps_every_multiple_choice_card(tmp_path: Path):
    """Measured with the real importer and Anki's default import options."""
    before_package = build(_write(tmp_path, recall=False), tmp_path / "dist").package
    with fresh_collection(tmp_path / "learner") as collection:
        import_package(collection, before_package)
        assert _study(collection) >= len(QUESTIONS)
        cards_before = collection.db.all(f"select {CARD_STATE} from cards order by id")
        notes_before = collection.db.list("select id from notes order by id")
        reviews_before = collection.db.all("select * from revlog order by id")
        assert all(row[4] != 0 for row in cards_before), "every card has been studied"

        after_package = build(_write(tmp_path, recall=True), tmp_path / "dist", BUILD_TIME + 60)
        log = import_package(collection, after_package.package)

        assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, len(QUESTIONS), 0)
        assert collection.db.list("select id from notes order by id") == notes_before
        mc_after = collection.db.all(f"select {CARD_STATE} from cards where ord = 0 order by id")
        assert mc_after == cards_before, "same ids, due dates, intervals and history"
        assert collection.db.all("select * from revlog order by id") == reviews_before
        recall_cards = cards_by_template(collection, RECALL)
        assert sorted(card.nid for card in recall_cards) == notes_before
        assert all(card.type == 0 for card in recall_cards), "the new cards are new"
        assert _our_note_types(collection) == ["Multiple choice (recall)"], "no '+' copy"


def test_turning_recall_off_leaves_blank_cards_for_empty_cards_to_remove(tmp_path: Path):
    package = build(_write(tmp_path, recall=True), tmp_path / "dist").package
    with fresh_collection(tmp_path / "learner") as collection:
        import_package(collection, package)
        off = build(_write(tmp_path, recall=False), tmp_path / "dist", BUILD_TIME + 60)
        import_package(collection, off.package)
        recall_cards = cards_by_template(collection, RECALL)
        assert len(recall_cards) == len(QUESTIONS), "Anki deletes no card on import"
        assert "The front of this card is blank" in recall_cards[0].question()
        report = collection.get_empty_cards()
        empty = sorted(card_id for note in report.notes for card_id in note.card_ids)
        assert empty == sorted(card.id for card in recall_cards)


def _packages_before_and_after_a_note_type_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """The bank's package, then the next build by a future tool with one more note field.

    This tool never changes its note type's fields or templates; the test shows
    what a learner must do if a deck's note type ever has to change.
    """
    bank_path = _write(tmp_path, recall=True)
    before = build(bank_path, tmp_path / "before").package

    def with_extra_field(deck_id: str, language: str) -> NoteType:
        note_type = note_type_for(deck_id, language)
        return dataclasses.replace(
            note_type,
            fields=(*note_type.fields, "Extra"),
            field_ids=(*note_type.field_ids, field_id(deck_id, len(FIELD_NUMBERS) + 1)),
        )

    def with_extra_value(
        bank: Bank, progress: Callable[[int], None], media: BankMedia | None = None
    ) -> list[RenderedNote]:
        notes = render_bank(bank, progress, media)
        return [dataclasses.replace(note, fields=(*note.fields, "")) for note in notes]

    with monkeypatch.context() as patch:
        patch.setattr(build_module, "note_type_for", with_extra_field)
        patch.setattr(build_module, "render_bank", with_extra_value)
        return before, build(bank_path, tmp_path / "after", BUILD_TIME + 60).package


def _studied_collection(tmp_path: Path, name: str, package: Path) -> Collection:
    (tmp_path / name).mkdir()
    collection = Collection(str(tmp_path / name / "collection.anki2"))
    import_package(collection, package)
    _study(collection)
    return collection


def test_a_changed_note_type_needs_merge_note_types_and_update_always(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    before, changed = _packages_before_and_after_a_note_type_change(tmp_path, monkeypatch)
    results = {}
    for name, options in {
        "defaults": {},
        "merge": {"merge_notetypes": True},
        "merge and always": {
            "merge_notetypes": True,
            "update_notes": ALWAYS,
            "update_notetypes": ALWAYS,
        },
    }.items():
        collection = _studied_collection(tmp_path, name, before)
        try:
            # The learner's notes are older than the changed package's (BUILD_TIME + 60).
            assert set(collection.db.list("select mod from notes")) == {BUILD_TIME}
            cards_before = collection.db.all(f"select {CARD_STATE} from cards order by id")
            log = import_package(collection, changed, **options)
            results[name] = (
                _our_note_types(collection),
                len(log.updated),
                collection.db.all(f"select {CARD_STATE} from cards order by id") == cards_before,
            )
        finally:
            collection.close()

    everything = len(QUESTIONS)
    # Default options: a "+" copy of the note type, and no note updated.
    assert results["defaults"] == (
        ["Multiple choice (recall)", "Multiple choice (recall)+"],
        0,
        True,
    )
    # Merging changes the learner's notes (now newer than the package), so
    # "update notes: if newer" then skips every one of them.
    assert results["merge"] == (["Multiple choice (recall)"], 0, True)
    assert results["merge and always"] == (["Multiple choice (recall)"], everything, True)
