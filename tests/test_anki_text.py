"""What the real importer refuses or rewrites: the facts `generator.anki_text` is built on.

Each case writes a package with the project's own writer, bypassing the bank's
checks, imports it into a fresh collection and reads back what Anki made of
it. If a future Anki stops (or starts) rewriting something, a test here
fails, and the rules in `anki_text` must follow.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from generator.anki_text import anki_problems
from generator.bank import DeckInfo
from generator.build import stamp_lock
from generator.lock import Lock
from generator.notetype import FIELD_NAMES, note_type_for
from generator.package import write_package
from generator.positions import Positions
from generator.render import RenderedNote
from tests.anki_client import AnkiClient
from tests.authoring_support import BUILD_TIME


def imported(
    tmp_path: Path,
    *,
    question: str = "<p>Q</p>",
    tags: tuple[tuple[str, ...], ...] = (("t",),),
    deck_name: str = "Deck",
) -> tuple[list[str], list[list[str]], str] | str:
    """(each note's Question field, each note's tags, the deck's name), or Anki's error."""
    package = _probe_package(tmp_path, question, tags, deck_name)
    anki = AnkiClient(tmp_path / "learner" / "collection.anki2")
    try:
        try:
            anki.import_package(package)
        except Exception as error:  # Anki's own error types: what the learner would see
            return f"{type(error).__name__}: {error}"
        found = anki.notes()
        return (
            [note["Question"] for note in found],
            [note.tags for note in found],
            anki.col.decks.name(anki.cards()[0].did),
        )
    finally:
        anki.close()


def _probe_package(
    tmp_path: Path, question: str, tags: tuple[tuple[str, ...], ...], deck_name: str
) -> Path:
    """A package of one note per entry of `tags`, written without the bank's checks."""
    deck = DeckInfo(
        id="probe", name=deck_name, description="", shuffle=True, shuffle_seed=0, recall=False
    )
    note_type = note_type_for("probe")
    notes = [
        RenderedNote(
            f"q{index}",
            f"guid{index}",
            tuple(question if name == "Question" else f"<p>{name}</p>" for name in FIELD_NAMES),
            note_tags,
            "Q",
            "A",
        )
        for index, note_tags in enumerate(tags)
    ]
    package = tmp_path / "probe.apkg"
    write_package(package, deck, note_type, notes, stamp_lock(Lock(), note_type, notes, BUILD_TIME))
    return package


C0_BUT_LINE_BREAKS = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r\x1f"] + ["\x7f"]


def test_the_field_separator_makes_the_whole_deck_fail_to_import(tmp_path: Path):
    assert imported(tmp_path, question="a\x1fb") == (
        "InvalidInput: note has 8 fields, expected 7"
    )


@pytest.mark.parametrize("char", C0_BUT_LINE_BREAKS, ids=lambda c: f"U+{ord(c):04X}")
def test_anki_drops_c0_controls_from_fields_tags_and_deck_names(char: str, tmp_path: Path):
    result = imported(tmp_path, question=f"a{char}b", tags=((f"t{char}u",),), deck_name=f"D{char}E")
    assert result == (["ab"], [["tu"]], "DE")


@pytest.mark.parametrize("char", ["\x85", "\x9b", "\ufdd0", "\uffff", "\U0010ffff"])
def test_anki_keeps_c1_controls_and_noncharacters(char: str, tmp_path: Path):
    assert imported(tmp_path, question=f"a{char}b") == ([f"a{char}b"], [["t"]], "Deck")


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("A::::B", "A::blank::B"),
        ("::A", "blank::A"),
        ("A::", "A::blank"),
        ("A:::B", "A::B"),
        (" A :: B\u00a0", "A::B"),
        ("A\tB", "AB"),
    ],
)
def test_anki_rewrites_deck_names(written: str, shown: str, tmp_path: Path):
    assert imported(tmp_path, deck_name=written)[2] == shown


@pytest.mark.parametrize("written", ["Default", "DEFAULT", "default"])
def test_a_deck_named_default_lands_in_the_learners_default_deck_or_is_renamed(
    written: str, tmp_path: Path
):
    # Which of the two happens varies from run to run; neither is the deck the author named.
    assert imported(tmp_path, deck_name=written)[2] in ("Default", f"{written}_")


@pytest.mark.parametrize(
    ("written", "shown"),
    [(("a::::b",), ["a::blank::b"]), (("::a",), ["blank::a"]), (("a", "A"), ["a"])],
)
def test_anki_rewrites_tags(written: tuple[str, ...], shown: list[str], tmp_path: Path):
    assert imported(tmp_path, tags=(written,))[1] == [shown]


def test_anki_gives_a_tag_the_spelling_it_first_met_ignoring_case(tmp_path: Path):
    result = imported(tmp_path, tags=(("Async", "web::API"), ("async", "WEB::api", "WEB::new")))
    # Whole tags are matched; a new tag under a parent spelled otherwise keeps its spelling
    # (the bank refuses that too: one parent, two spellings, in the learner's tag tree).
    assert result[1] == [["Async", "web::API"], ["Async", "web::API", "WEB::new"]]


def test_anki_stores_text_in_nfc(tmp_path: Path):
    questions, tags, deck = imported(
        tmp_path, question="e\u0301", tags=(("e\u0301",),), deck_name="e\u0301"
    )
    assert (questions, tags, deck) == (["\u00e9"], [["\u00e9"]], "\u00e9")
    assert unicodedata.is_normalized("NFC", deck)


SOUND_MARKUP = [
    "[sound:x.mp3]",
    "[sound:https://example.com/x.mp3]",
    "[anki:tts lang=en_US]Read me[/anki:tts]",
]


@pytest.mark.parametrize("markup", SOUND_MARKUP)
def test_anki_plays_sound_markup_in_a_field_instead_of_showing_it(markup: str, tmp_path: Path):
    package = _probe_package(tmp_path, f"<p>Say {markup} now</p>", (("t",),), "Deck")
    anki = AnkiClient(tmp_path / "learner" / "collection.anki2")
    try:
        anki.import_package(package)
        (card,) = [card for card in anki.cards() if card.ord == 0]  # the multiple-choice card
        assert len(card.question_av_tags()) == 1
        assert markup not in card.question() and "[anki:play:q:0]" in card.question()
    finally:
        anki.close()


def test_the_desktop_reviewer_makes_a_play_button_of_a_play_reference_and_entities_stay_text(
    tmp_path: Path,
):
    from anki.sound import AV_REF_RE

    assert AV_REF_RE.search("[anki:play:a:0]")
    package = _probe_package(tmp_path, "<p>&#91;sound:x.mp3]</p>", (("t",),), "Deck")
    anki = AnkiClient(tmp_path / "learner" / "collection.anki2")
    try:
        anki.import_package(package)
        (card,) = [card for card in anki.cards() if card.ord == 0]  # the multiple-choice card
        assert card.question_av_tags() == [] and "&#91;sound:x.mp3]" in card.question()
    finally:
        anki.close()


def test_every_rewrite_measured_here_is_refused_by_the_bank_checks(tmp_path: Path):
    """The rules agree with the measurements above: each rewritten input is refused."""
    from generator.bank import Bank

    def problems(**deck_or_question: object) -> list[str]:
        question = {
            "id": "a",
            "question": "Q",
            "options": [{"text": "A", "why": "W", "correct": True}, {"text": "B", "why": "W"}],
        }
        deck = {"id": "probe", "name": "Deck"}
        for key, value in deck_or_question.items():
            (deck if key == "name" else question)[key] = value
        bank = TypeAdapter(Bank).validate_python({"deck": deck, "questions": [question]})
        return [p.message for p in anki_problems(bank, Positions(str(tmp_path / "none.yaml")))]

    for name in ["A::::B", "::A", "A::", "A:::B", " A :: B", "A\tB", "DEFAULT", "default"]:
        assert problems(name=name), name
    for tag in ["a::::b", "::a", "t\x07u", "bank::REMOVED"]:
        assert problems(tags=[tag]), tag
    assert problems(tags=["a", "A"])
    for char in [*C0_BUT_LINE_BREAKS, "\x1f", "\x85", "\ufdd0", "\uffff"]:
        assert problems(question=f"a{char}b"), f"U+{ord(char):04X}"
    for markup in [*SOUND_MARKUP, "[anki:play:q:0]"]:
        for text in [f"Say {markup} now", f"`{markup}`", f"```\n{markup}\n```"]:
            assert problems(question=text), text
    # Markdown turns an escaped bracket or an entity into the bracket Anki looks for ...
    for text in ["Say \\[sound:x.mp3] now", "Say &#91;sound:x.mp3] now"]:
        assert problems(question=text), text
    # ... but not in code, which shows an entity as written.
    assert not problems(question="`&#91;sound:x.mp3]`")
