"""The FastAPI bank itself: the seed's wording, and answers a learner cannot game."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.bank import Question
from generator.cli import cli
from generator.cues import cue_scores
from generator.items import word_count
from generator.loader import load_bank
from generator.notetype import FIELD_NAMES
from generator.render import RenderedNote, render_bank
from tests.conftest import FASTAPI_BANK, REPO

SEED_NAME = Path("shared") / "seeds" / "000_8279d008b7914997.txt"
# Beside the main checkout, or beside the folder of a git worktree (/work/wt/<name>).
SEED = next(
    (
        place / SEED_NAME
        for place in (REPO.parent, REPO.parent.parent)
        if (place / SEED_NAME).exists()
    ),
    REPO.parent / SEED_NAME,
)


def squash(text: str) -> str:
    return " ".join(text.replace("`", "").split())


def test_the_bank_is_valid_and_has_the_five_seed_questions():
    bank = load_bank(FASTAPI_BANK)
    assert [q.id for q in bank.questions] == [
        "async-await",
        "pydantic",
        "dependency-injection",
        "oauth2-jwt",
        "framework-comparison",
    ]
    for question in bank.questions:
        assert len(question.options) == 4
        assert question.correct_index == 1  # B in the seed; shuffled at build time


def test_rationales_and_tips_name_no_letter():
    for question in load_bank(FASTAPI_BANK).questions:
        for option in question.options:
            assert not re.search(r"\bOption [A-H]\b|\b[A-H]\)|^[A-H] ", option.why)


def test_no_letter_is_correct_for_more_than_two_questions():
    letters = Counter(note.correct_letter for note in render_bank(load_bank(FASTAPI_BANK)))
    assert max(letters.values()) <= 2


def test_model_answers_are_complete_and_every_wrong_option_is_about_as_long():
    """Each wrong option is within 25% of the model answer's words: length gives nothing away."""
    for question in load_bank(FASTAPI_BANK).questions:
        model = word_count(question.options[question.correct_index].text)
        assert 80 <= model <= 150, question.id
        for option in question.options:
            assert 0.75 * model <= word_count(option.text) <= 1.25 * model, question.id


def _shown_options(note: RenderedNote, question: Question) -> list[str]:
    """The options' texts in the order the built card shows them."""
    options_field = note.fields[FIELD_NAMES.index("Options")]
    order = [int(position) for position in re.findall(r'data-option="(\d+)"', options_field)]
    assert sorted(order) == list(range(len(question.options)))
    return [question.options[position].text for position in order]


@pytest.mark.parametrize("length", [word_count, len], ids=["words", "characters"])
def test_a_learner_who_picks_the_longest_option_scores_at_most_2_of_5(length):
    """Picking the longest option as the cards show them (the first of equals): 2 of 5 at most."""
    bank = load_bank(FASTAPI_BANK)
    score = 0
    for note, question in zip(render_bank(bank), bank.questions, strict=True):
        shown = _shown_options(note, question)
        longest = max(shown, key=length)  # max() keeps the first of equals
        score += longest == question.options[question.correct_index].text
    assert score <= 2


def test_the_bank_passes_its_own_item_writing_checks_strictly():
    result = CliRunner().invoke(cli, ["check", "--strict", str(FASTAPI_BANK)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


FIRST_PERSON = re.compile(r"\b(?:I|I'd|I'm|I've|I'll|my|me|we|our|us)\b")
# Openers that tell the learner an answer is weak before it says anything.
GIVE_AWAY_OPENERS = re.compile(
    r"^(?:honestly|basically|it's mostly|the main thing|i'd focus on|i'm not sure)", re.I
)


def test_every_option_is_what_a_candidate_says_in_the_first_person():
    for question in load_bank(FASTAPI_BANK).questions:
        for option in question.options:
            assert FIRST_PERSON.search(option.text), option.text[:60]
            assert not GIVE_AWAY_OPENERS.search(option.text), option.text[:60]


def test_since_then_notes_date_what_changed_after_the_seed():
    notes = {q.id: q.note for q in load_bank(FASTAPI_BANK).questions if q.note}
    for question_id, words in {
        "oauth2-jwt": ["PyJWT", "python-jose", "pwdlib", "Argon2", "passlib"],
        "pydantic": ["Pydantic v2 only"],
    }.items():
        for word in words:
            assert word in notes[question_id], (question_id, word)
    for note in notes.values():
        assert re.search(r"\b20[2-9]\d\b", note), "each note says when"


def test_the_facts_are_current():
    """The model answers use today's libraries and idioms (as of 2026-11-25)."""
    bank = load_bank(FASTAPI_BANK)
    by_id = {q.id: q.options[q.correct_index].text for q in bank.questions}
    assert "PyJWT" in by_id["oauth2-jwt"] and "pwdlib" in by_id["oauth2-jwt"]
    assert "Annotated[Session, Depends(get_db)]" in by_id["dependency-injection"]
    assert "40 threads" in by_id["async-await"]
    every_text = " ".join(option.text for q in bank.questions for option in q.options)
    assert "may eventually" not in every_text and "stays safe" not in every_text
    assert "PEP 779" in every_text and "3.14" in every_text


RATIONALE_EDIT = re.compile(r'^# - ([a-z0-9-]+): "([^"]+)" -> "([^"]+)" \(.+\)$', re.M)


def rationale_edits() -> dict[str, list[tuple[str, str]]]:
    """The edits to the source's rationales the bank's header lists: id -> (source, bank)."""
    edits: dict[str, list[tuple[str, str]]] = {}
    for question_id, source, edited in RATIONALE_EDIT.findall(FASTAPI_BANK.read_text("utf-8")):
        edits.setdefault(question_id, []).append((source, edited))
    return edits


def test_seed_wording_is_kept():
    """Word for word, but for the rationale edits the header lists (each made, none more)."""
    if not SEED.exists():
        pytest.skip(f"the seed document is not beside this checkout ({SEED})")
    seed = squash(SEED.read_text(encoding="utf-8"))
    bank = load_bank(FASTAPI_BANK)
    edits = rationale_edits()
    assert squash(bank.deck.description) in seed
    for question in bank.questions:
        assert f'The interviewer asks: "{squash(question.question)}"' in seed
        tip = squash(question.tip)
        assert squash(bank.deck.prompt).removeprefix("The interviewer asks you this. ") in seed
        assert f"best practice: {tip[0].lower()}{tip[1:]}" in seed
        whys = [squash(option.why).removeprefix("This answer ") for option in question.options]
        for source, edited in edits.get(question.id, []):
            assert sum(edited in why for why in whys) == 1, (question.id, edited)
            whys = [why.replace(edited, source) for why in whys]
        for why in whys:
            assert why in seed, why[:60]


def test_the_rationale_edits_are_the_ones_that_had_to_be_made():
    assert rationale_edits() == {
        "oauth2-jwt": [
            ("python-jose for JWT", "PyJWT for JWT"),
            ("passlib/bcrypt for password", "pwdlib/Argon2 for password"),
        ],
        "dependency-injection": [("different mechanisms", "different features")],
    }


def test_a_learner_picking_by_any_one_cue_scores_at_most_2_of_5():
    """Longest, fewest absolute words, only hedge, stem echo, most code: `check`'s cue table."""
    scores = dict(cue_scores(load_bank(FASTAPI_BANK)))
    assert set(scores) == {
        "longest",
        "fewest absolute words",
        "only hedge",
        "stem echo",
        "most code",
    }
    assert max(scores.values()) <= 2, scores


def test_the_bank_passes_every_check_without_allow():
    assert all(not question.allow for question in load_bank(FASTAPI_BANK).questions)
