"""The FastAPI bank itself: the seed's wording, and answers a learner cannot game."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from generator.loader import load_bank
from generator.render import render_bank
from tests.conftest import FASTAPI_BANK, REPO

SEED = REPO.parent / "shared" / "seeds" / "000_8279d008b7914997.txt"


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


def test_model_answers_are_complete_and_distractors_shorter():
    for question in load_bank(FASTAPI_BANK).questions:
        model = question.options[question.correct_index]
        assert 80 <= len(model.text.split()) <= 150, question.id
        for option in question.options:
            if option is not model:
                assert len(option.text.split()) < len(model.text.split())


def test_seed_wording_is_kept():
    if not SEED.exists():
        pytest.skip(f"the seed document is not beside this checkout ({SEED})")
    seed = squash(SEED.read_text(encoding="utf-8"))
    bank = load_bank(FASTAPI_BANK)
    assert squash(bank.deck.description) in seed
    for question in bank.questions:
        assert f'The interviewer asks: "{squash(question.question)}"' in seed
        tip = squash(question.tip)
        assert f"best practice: {tip[0].lower()}{tip[1:]}" in seed
        for option in question.options:
            why = squash(option.why).removeprefix("This answer ")
            assert why in seed, why[:60]
