"""Anki's markup and limits, measured with the real renderer and importer, and the bank
checks that follow from them (`generator.anki_markup`, `generator.anki_text`).

The facts are measured on packages written without the bank's checks; the last test
builds every question of many made of markup's pieces that passes the checks into one
package, imports it, and reads every card side Anki renders: no sound, no speech, no
LaTeX picture may appear, whichever texts the pieces were put in.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from pydantic import TypeAdapter

from generator.anki_text import MAX_DECK_LEVELS, anki_problems
from generator.bank import REMOVED_TAG, Bank, DeckInfo
from generator.build import stamp_lock
from generator.lock import Lock
from generator.notetype import FIELD_NAMES, note_type_for
from generator.package import write_package
from generator.pipeline import build_banks
from generator.positions import Positions
from generator.render import RenderedNote
from tests.anki_client import AnkiClient
from tests.authoring_support import BUILD_TIME
from tests.test_anki_text import imported


def _sides(tmp_path: Path, fields: dict[str, str]) -> tuple[str, str, list, list]:
    """(front, back, the front's sounds, the back's sounds) of the multiple-choice card
    of a note whose fields are `fields` (the others hold their own names)."""
    deck = DeckInfo(
        id="probe", name="Deck", description="", shuffle=True, shuffle_seed=0, recall=False
    )
    note_type = note_type_for("probe")
    values = tuple(fields.get(name, f"<p>{name}</p>") for name in FIELD_NAMES)
    notes = [RenderedNote("q", "guid", values, ("t",), "Q", "A")]
    tmp_path.mkdir(parents=True, exist_ok=True)
    package = tmp_path / "probe.apkg"
    write_package(package, deck, note_type, notes, stamp_lock(Lock(), note_type, notes, BUILD_TIME))
    anki = AnkiClient(tmp_path / "learner" / "collection.anki2")
    try:
        anki.import_package(package)
        (card,) = [card for card in anki.cards() if card.ord == 0]
        return card.question(), card.answer(), card.question_av_tags(), card.answer_av_tags()
    finally:
        anki.close()


@pytest.mark.parametrize(
    "shown", ["[SOUND:x.mp3]", "[Sound:x.mp3]", "[ANKI:TTS lang=en_US]a[/anki:tts]"]
)
def test_sound_and_speech_markup_is_text_in_another_case(shown: str, tmp_path: Path):
    front, _back, sounds, _ = _sides(tmp_path, {"Question": f"<p>{shown}</p>"})
    assert sounds == [] and shown in front


def test_an_unclosed_sound_tag_plays_the_rest_of_the_card_and_its_script(tmp_path: Path):
    front, _back, sounds, _ = _sides(tmp_path, {"Question": "<p>[sound:x</p>"})
    (sound,) = sounds
    assert "function" in sound.filename  # the card's script, taken for a file name
    assert "[anki:play:q:0]" in front
    _front, _back, sounds, _ = _sides(tmp_path / "empty", {"Question": "<p>[sound:] a ] b</p>"})
    assert [sound.filename.strip(" _") for sound in sounds] == ["a"]


@pytest.mark.parametrize(
    ("first", "second"),
    [("Question", "Options"), ("Answer", "Rationales"), ("Answer", "Tip")],
)
def test_speech_and_latex_join_across_two_fields_of_one_side(
    first: str, second: str, tmp_path: Path
):
    tts = _sides(tmp_path / "tts", {first: "<p>[anki:tts lang=en_US]x</p>", second: "y[/anki:tts]"})
    assert tts[2] or tts[3]
    latex = _sides(tmp_path / "latex", {first: "<p>[$]x</p>", second: "<p>y[/$]</p>"})
    assert "latex-" in latex[1]


@pytest.mark.parametrize(
    "markup", ["[$]x[/$]", "[$$]x[/$$]", "[latex]x[/latex]", "[LaTeX]x[/LATEX]"]
)
def test_latex_markup_in_any_case_becomes_a_picture(markup: str, tmp_path: Path):
    front, *_ = _sides(tmp_path, {"Question": f"<p>{markup}</p>"})
    assert "latex-" in front and markup not in front


def test_template_syntax_in_a_field_is_shown_as_text(tmp_path: Path):
    front, _back, sounds, _ = _sides(tmp_path, {"Question": "<p>{{tts en_US:Question}}</p>"})
    assert sounds == [] and "{{tts en_US:Question}}" in front


def test_anki_imports_a_deck_nested_as_deep_as_the_limit_and_refuses_one_level_more(
    tmp_path: Path,
):
    deepest = "::".join(f"D{level}" for level in range(MAX_DECK_LEVELS))
    (tmp_path / "ok").mkdir()
    (tmp_path / "no").mkdir()
    assert imported(tmp_path / "ok", deck_name=deepest)[2] == deepest
    too_deep = f"{deepest}::D"
    assert imported(tmp_path / "no", deck_name=too_deep) == (
        "InvalidInput: deck nesting level too deep"
    )
    assert not _problems(tmp_path, name=deepest)
    assert _problems(tmp_path, name=too_deep)


def test_the_removed_tags_search_finds_its_children_so_they_are_refused(tmp_path: Path):
    tags = ((REMOVED_TAG,), (f"{REMOVED_TAG}::archive",), (f"{REMOVED_TAG}x",))
    anki = AnkiClient(tmp_path / "learner" / "collection.anki2")
    try:
        from tests.test_anki_text import _probe_package

        anki.import_package(_probe_package(tmp_path, "<p>Q</p>", tags, "Deck"))
        found = [note.tags for note in anki.notes(f"tag:{REMOVED_TAG}")]
    finally:
        anki.close()
    assert found == [[REMOVED_TAG], [f"{REMOVED_TAG}::archive"]]
    assert _problems(tmp_path, tags=[f"{REMOVED_TAG}::archive"])
    assert _problems(tmp_path, tags=["Bank::Removed::x"])
    assert not _problems(tmp_path, tags=[f"{REMOVED_TAG}x"])


_BANK = TypeAdapter(Bank)


def _problems(tmp_path: Path, **deck_or_question: object) -> list[str]:
    question = {
        "id": "a",
        "question": "Q",
        "options": [{"text": "A", "why": "W", "correct": True}, {"text": "B", "why": "W"}],
    }
    deck = {"id": "probe", "name": "Deck"}
    for key, value in deck_or_question.items():
        (deck if key in ("name", "prompt") else question)[key] = value
    bank = _BANK.validate_python({"deck": deck, "questions": [question]})
    return [p.message for p in anki_problems(bank, Positions(str(tmp_path / "none.yaml")))]


OPENINGS = [
    "[sound:", "[anki:tts lang=en_US]", "[$]", "[$$]", "[latex]", "[LaTeX]", "\\[sound:a]",
    "[sound\\:a]", "&#91;sound:a]", "&#91;$]", "`[$]`", "`[sound:`", "[anki:play:q:0]", "[sound:]",
]
"""Each opens Anki's markup: a text holding one is refused."""
NEAR_MISSES = [
    "x.mp3]", "]", "[/anki:tts]", "[/$]", "[/$$]", "[/latex]", "[SOUND:a]",
    "{{tts en_US:Question}}", "[$ ]", "`]`", "[anki:tts]", "plain", "`&#91;$]`",
]
"""Each is shown as text, alone or next to another."""


def test_no_question_that_passes_the_checks_plays_or_typesets_anything(tmp_path: Path):
    """Pieces of markup in every text of many questions: those that pass go into one
    package, and no side of any of their cards plays a sound or shows a LaTeX picture."""
    rng = random.Random(21)

    def text() -> str:
        pieces = [
            rng.choice(OPENINGS if rng.random() < 0.06 else NEAR_MISSES)
            for _ in range(rng.randint(1, 3))
        ]
        return " ".join(pieces) + " end"

    passing, refused = [], 0
    for index in range(400):
        question = {
            "id": f"q{index}",
            "question": text(),
            "options": [
                {"text": text(), "why": text(), **({"correct": True} if n == 0 else {})}
                for n in range(3)
            ],
            "tip": text(),
            "note": text(),
        }
        if _problems(tmp_path, **question, prompt="Pick ] one [/anki:tts] [/$]"):
            refused += 1
        else:
            passing.append(question)
    assert refused > 100 and len(passing) > 30
    bank = tmp_path / "pieces.yaml"
    deck = {"id": "pieces", "name": "Pieces", "prompt": "Pick ] one [/anki:tts] [/$]"}
    bank.write_text(yaml.safe_dump({"deck": deck, "questions": passing}), encoding="utf-8")
    done = build_banks([bank], tmp_path / "dist")
    assert not done.failed
    anki = AnkiClient(tmp_path / "learner" / "collection.anki2")
    try:
        anki.import_package(tmp_path / "dist" / "pieces.apkg")
        cards = anki.cards()
        assert len(cards) == len(passing)
        for card in cards:
            assert card.question_av_tags() == [] and card.answer_av_tags() == []
            assert "latex-" not in card.question() + card.answer()
    finally:
        anki.close()
