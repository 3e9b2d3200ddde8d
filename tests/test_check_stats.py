"""`check` tells an author what the bank holds: questions, tags, where the right answers fall."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.cues import cue_scores, cue_summary
from generator.items import correct_is_longest, correct_letter
from generator.loader import load_bank
from generator.render import render_bank
from generator.stats import bank_stats
from tests.authoring_support import bank_text, question, write_bank

REPO = Path(__file__).resolve().parent.parent
FASTAPI_BANK = REPO / "decks" / "fastapi-developer-interview.yaml"


def _check(*banks: Path):
    return CliRunner().invoke(cli, ["check", *map(str, banks)])


def _check_strict(*banks: Path):
    return CliRunner().invoke(cli, ["check", "--strict", *map(str, banks)])


def _fixed_order_bank(tmp_path: Path, correct: list[int], shuffle: bool | str = False) -> Path:
    """A bank whose question i has its correct option at position `correct[i]`."""
    questions = [question(f"q{i}", correct=position) for i, position in enumerate(correct)]
    deck = {"id": "letters", "name": "Letters", "shuffle": shuffle}
    return write_bank(tmp_path, "letters", bank_text(deck, questions))


def test_check_lists_questions_tags_and_correct_letters_of_the_fastapi_bank():
    bank = load_bank(FASTAPI_BANK)
    letters = Counter(note.correct_letter for note in render_bank(bank))
    tags = Counter(tag for q in bank.questions for tag in q.tags)

    result = _check(FASTAPI_BANK)

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{FASTAPI_BANK}: ok, {len(bank.questions)} questions in deck {bank.deck.name!r}"
    )
    listed = [item.rsplit(" ", 1) for item in lines[1].removeprefix("  tags: ").split(", ")]
    assert {tag: int(count) for tag, count in listed} == dict(tags)
    assert lines[2] == "  correct letter: " + ", ".join(
        f"{letter} {letters[letter]}" for letter in "ABCD"
    )
    longest = sum(correct_is_longest(q) for q in bank.questions)
    assert lines[3] == f"  correct option the longest: {longest} of 5 questions"
    assert lines[4] == '  cards: multiple choice and "say the model answer", spoken in en_US'
    assert lines[5].startswith("  prompt: The interviewer asks you this.")
    with_note = [q.id for q in bank.questions if q.note]
    assert lines[6] == f"  since-then notes: {len(with_note)} ({', '.join(with_note)})"
    assert lines[7] == "  checks allowed: none"
    assert lines[8] == "  media: none"
    assert lines[9] == "  " + cue_summary(cue_scores(bank), len(bank.questions))
    assert len(lines) == 10
    assert result.stderr == ""


def test_the_summary_follows_the_decks_and_questions_keys(tmp_path: Path):
    questions = [
        question("one", note="Changed in 2026.", allow=["same-options", "longest-correct"]),
        question("two", allow=["same-options"]),
        question("three"),
    ]
    deck = {
        "id": "keys",
        "name": "Keys",
        "prompt": "Pick the answer a **senior** engineer would give, as if in a real interview.",
        "recall": True,
        "language": "de_DE",
    }
    result = _check(write_bank(tmp_path, "keys", bank_text(deck, questions)))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[4:] == [
        '  cards: multiple choice and "say the model answer", spoken in de_DE',
        "  prompt: Pick the answer a **senior** engineer would give, as if in…",
        "  since-then notes: 1 (one)",
        "  checks allowed: same-options 2, longest-correct 1",
        "  media: none",
        # No English word lists for de_DE: only the cues that need no words.
        "  right by one cue alone: longest 0, most code 0 (of 3)",
    ]


def test_a_bank_without_the_optional_keys_says_so(tmp_path: Path):
    lines = _check(_fixed_order_bank(tmp_path, [0, 1])).stdout.splitlines()
    assert lines[3:] == [
        "  correct option the longest: 0 of 2 questions",
        "  cards: multiple choice only",
        "  prompt: none",
        "  since-then notes: none",
        "  checks allowed: none",
        "  media: none",
        "  right by one cue alone: longest 0, fewest absolute words 0, only hedge 0, "
        "stem echo 0, most code 0 (of 2)",
    ]


def test_tags_are_listed_most_used_first(tmp_path: Path):
    questions = [
        question("one", tags=["rare", "common"]),
        question("two", tags=["common", "middle"]),
        question("three", tags=["common", "middle"]),
    ]
    bank = write_bank(tmp_path, "tags", bank_text({"id": "tags", "name": "Tags"}, questions))
    assert "  tags: common 3, middle 2, rare 1\n" in _check(bank).stdout


def test_a_bank_without_tags_says_so(tmp_path: Path):
    assert "  tags: none\n" in _check(_fixed_order_bank(tmp_path, [0, 1])).stdout


def test_a_letter_correct_for_most_questions_is_a_warning_not_an_error(tmp_path: Path):
    bank = _fixed_order_bank(tmp_path, [0, 0, 0, 1, 2])
    result = _check(bank)
    assert result.exit_code == 0
    assert "  correct letter: A 3, B 1, C 1, D 0\n" in result.stdout
    assert re.match(
        rf"{re.escape(str(bank))}:\d+:\d+: deck: warning: A is the correct letter for 3 of the "
        "5 questions",
        result.stderr,
    )
    assert "shuffle_seed" in result.stderr
    assert _check_strict(bank).exit_code == 1


@pytest.mark.parametrize(
    "correct, shuffle",
    [
        ([0, 0, 1, 2], False),  # exactly half is not more than half
        ([0, 0, 0], False),  # fewer than 4 questions
        ([0, 0, 0, 0], "review"),  # letters change at every review
    ],
    ids=["half", "three questions", "shuffle at review"],
)
def test_no_warning(tmp_path: Path, correct: list[int], shuffle: bool | str):
    bank = _fixed_order_bank(tmp_path, correct, shuffle)
    result = _check(bank)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert _check_strict(bank).exit_code == 0


def test_review_shuffle_says_the_letters_are_the_builds_only(tmp_path: Path):
    result = _check(_fixed_order_bank(tmp_path, [0, 0, 0, 0], "review"))
    assert "  correct letter (as built; reshuffled at every review): A " in result.stdout


def test_the_letters_are_those_the_cards_show(tmp_path: Path):
    """The statistics agree with the renderer on every question, for many shuffle seeds."""
    questions = [question(f"q{i}", options=2 + i % 7, correct=i % (2 + i % 7)) for i in range(40)]
    for seed in range(25):
        deck = {"id": "agree", "name": "Agree", "shuffle_seed": seed}
        bank = load_bank(write_bank(tmp_path, f"seed{seed}", bank_text(deck, questions)))
        notes = render_bank(bank)
        assert [correct_letter(bank.deck, q) for q in bank.questions] == [
            note.correct_letter for note in notes
        ]
        counted = dict(bank_stats(bank).correct_letters)
        assert counted == {
            letter: sum(n.correct_letter == letter for n in notes) for letter in "ABCDEFGH"
        }


def test_an_invalid_bank_is_reported_and_fails_while_the_others_are_summarised(tmp_path: Path):
    good = _fixed_order_bank(tmp_path, [0, 1])
    bad = write_bank(tmp_path, "bad", "deck:\n  id: Bad Id\n  name: Bad\nquestions: []\n")
    result = _check(good, bad)
    assert result.exit_code == 1
    assert f"{good}: ok, 2 questions" in result.stdout
    assert f"{bad}:2:7: deck:" in result.stderr


def test_the_summary_and_warnings_escape_what_a_terminal_would_act_on(tmp_path: Path):
    """A tag or prompt may hold a bidi override (a format character, valid text): shown escaped."""
    flawed = question("q0", tags=["right\u202eleft"])
    flawed["options"][0]["text"] = "A much longer correct answer than any other option here."
    deck = {"id": "bidi", "name": "Bidi", "prompt": "Pick \u202e one", "shuffle": False}
    bank = write_bank(tmp_path / "dir\u202e", "bidi", bank_text(deck, [flawed]))

    result = _check(bank)

    assert result.exit_code == 0
    assert "\u202e" not in result.stdout and "\u202e" not in result.stderr
    assert "  tags: right\\u202eleft 1" in result.stdout
    assert "  prompt: Pick \\u202e one" in result.stdout
    assert "dir\\u202e/bidi.yaml:" in result.stderr and ": warning: " in result.stderr
