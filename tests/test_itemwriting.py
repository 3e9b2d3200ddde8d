"""Item-writing checks: each flaw caught on a bank made to have it, clean banks left alone."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.itemwriting import MUCH_LONGER_RATIO, bank_warnings, find_flaws, fold
from generator.loader import load, load_bank
from tests.authoring_support import bank_text, question, write_bank
from tests.conftest import REPO

SHIPPED_BANKS = sorted((REPO / "decks").glob("*.yaml"))

DECK = {"id": "items", "name": "Items", "shuffle": False}


def words(count: int, word: str = "word") -> str:
    return " ".join([word] * count) + "."


def with_texts(question_id: str, texts: list[str], correct: int = 0, **keys: Any) -> dict:
    """A question whose options say `texts`, the one at `correct` being right."""
    item = question(question_id, options=len(texts), correct=correct, **keys)
    for option, text in zip(item["options"], texts, strict=True):
        option["text"] = text
    return item


def flaws_of(tmp_path: Path, questions: list[dict], **deck: Any) -> list[tuple[str, str]]:
    """(check, question id or deck/bank) of every warning `check` would print for the bank."""
    path = write_bank(tmp_path, "items", bank_text({**DECK, **deck}, questions))
    warnings = bank_warnings(load(path))
    return [(warning.check, warning.problem.where) for warning in warnings]


@pytest.mark.parametrize("bank", SHIPPED_BANKS, ids=lambda path: path.stem)
def test_every_shipped_bank_passes_the_checks_strictly(bank: Path):
    assert find_flaws(load_bank(bank)) == []
    result = CliRunner().invoke(cli, ["check", "--strict", str(bank)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_a_clean_bank_prints_no_warning(tmp_path: Path):
    questions = [
        with_texts(f"q{i}", [words(10, "alpha"), words(11, "beta"), words(9, "gamma")], i % 3)
        for i in range(5)
    ]
    path = write_bank(tmp_path, "clean", bank_text(DECK, questions))
    for command in (["check"], ["check", "--strict"]):
        result = CliRunner().invoke(cli, [*command, str(path)])
        assert result.exit_code == 0, result.output
        assert result.stderr == ""


# much-longer-correct


@pytest.mark.parametrize(
    "correct_words, flagged", [(15, True), (14, False), (30, True)], ids=["1.5x", "1.4x", "3x"]
)
def test_a_correct_option_far_longer_than_every_wrong_one(
    tmp_path: Path, correct_words: int, flagged: bool
):
    texts = [words(correct_words, "right"), words(10, "wrong"), words(6, "other")]
    found = flaws_of(tmp_path, [with_texts("long", texts)])
    assert (("much-longer-correct", "long") in found) is flagged
    assert MUCH_LONGER_RATIO == 1.5


def test_the_warning_says_how_much_longer_and_points_at_the_option(tmp_path: Path):
    texts = [words(10, "wrong"), words(25, "right")]
    path = write_bank(tmp_path, "items", bank_text(DECK, [with_texts("long", texts, correct=1)]))
    (warning,) = bank_warnings(load(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    at = warning.problem
    assert lines[at.line - 1][at.column - 1 :].startswith("right right")
    assert lines[at.line - 1].lstrip().startswith("- text:")
    assert str(warning) == (
        f"{path}:{at.line}:{at.column}: long: warning: the correct option has 25 "
        "words, 2.5 times the longest wrong option (10): a learner can pick it by its length "
        "alone. Give the wrong options as much substance (each its own plausible point), or "
        "shorten this one, to within 1.5x (or, if you mean it, add "
        "`allow: [much-longer-correct]` to the question)"
    )


# longest-correct


def _longest_bank(longest_in: int, total: int, **keys: Any) -> list[dict]:
    """`total` questions; in the first `longest_in` the correct option is (a little) longest."""
    questions = []
    for i in range(total):
        texts = [words(10, "wrong"), words(11, "other")]
        correct = i % 3  # spread over the letters, so only the length is skewed
        texts.insert(correct, words(12 if i < longest_in else 9, "right"))
        questions.append(with_texts(f"q{i}", texts, correct, **(keys if i == 0 else {})))
    return questions


@pytest.mark.parametrize(
    "longest_in, total, flagged",
    [(3, 4, True), (5, 5, True), (2, 4, False), (3, 3, False)],
    ids=["3 of 4", "5 of 5", "half", "fewer than 4 questions"],
)
def test_the_correct_option_longest_in_most_questions(
    tmp_path: Path, longest_in: int, total: int, flagged: bool
):
    found = flaws_of(tmp_path, _longest_bank(longest_in, total))
    assert (("longest-correct", "bank") in found) is flagged
    assert not any(check == "much-longer-correct" for check, _ in found)


def test_an_allowed_question_does_not_count_towards_longest_correct(tmp_path: Path):
    questions = _longest_bank(3, 4, allow=["longest-correct"])
    assert flaws_of(tmp_path, questions) == []


def test_the_longest_correct_warning_names_the_questions(tmp_path: Path):
    path = write_bank(tmp_path, "items", bank_text(DECK, _longest_bank(3, 4)))
    (warning,) = bank_warnings(load(path))
    assert "the correct option is the longest in 3 of the 4 questions (q0, q1, q2)" in str(warning)
    assert "scores 3 of 4" in str(warning)


# same-options


@pytest.mark.parametrize(
    "first, second",
    [
        ("Use a thread pool.", "use a THREAD pool"),
        ("Use `async def`, today!", "Use async def  today"),
        ("Café au lait", "CAFÉ AU LAIT."),
    ],
)
def test_two_options_that_read_the_same(tmp_path: Path, first: str, second: str):
    questions = [with_texts("twins", ["The right answer here.", first, second])]
    assert flaws_of(tmp_path, questions) == [("same-options", "twins")]


def test_different_options_are_not_the_same(tmp_path: Path):
    questions = [with_texts("fine", ["Use a thread pool.", "Use a process pool.", "Use neither."])]
    assert flaws_of(tmp_path, questions) == []


def test_same_options_can_be_allowed(tmp_path: Path):
    questions = [with_texts("twins", ["Right.", "Yes.", "yes"], allow=["same-options"])]
    assert flaws_of(tmp_path, questions) == []


# all-of-the-above


@pytest.mark.parametrize(
    "text",
    [
        "All of the above.",
        "I'd say all the above.",
        "Both A and C.",
        "A and C.",
        "B or D",
        "A, B and D.",
        "Neither B nor D",
        "Options A and B are both right.",
        "Either of the other answers works.",
    ],
)
def test_an_option_that_points_at_the_others(tmp_path: Path, text: str):
    questions = [with_texts("above", ["The right answer.", "A wrong answer.", text])]
    assert flaws_of(tmp_path, questions) == [("all-of-the-above", "above")]


@pytest.mark.parametrize(
    "text",
    [
        "I'd read all of the logs above the error.",
        "None of these libraries block the loop.",
        "I'd apply it to any of the other routes.",
        "Both approaches work, and neither is wrong.",
    ],
)
def test_ordinary_words_are_not_all_of_the_above(tmp_path: Path, text: str):
    questions = [with_texts("plain", ["The right answer.", "A wrong answer.", text])]
    assert flaws_of(tmp_path, questions) == []


# contained-in-correct


def test_a_wrong_option_contained_in_the_correct_one(tmp_path: Path):
    questions = [
        with_texts(
            "subset",
            [
                "I'd use a thread pool, and I'd never block the event loop.",
                "I'd use a thread pool",
                "I'd always use a process pool for anything that needs the processor.",
            ],
        )
    ]
    assert flaws_of(tmp_path, questions) == [("contained-in-correct", "subset")]


def test_containment_is_by_whole_words(tmp_path: Path):
    """`pool` inside `pools` is not the option's whole text."""
    questions = [with_texts("words", ["I'd share pools widely.", "I'd share pool", "No."])]
    assert flaws_of(tmp_path, questions) == []


def test_an_option_equal_to_the_correct_one_is_same_options_only(tmp_path: Path):
    questions = [with_texts("equal", ["Use a thread pool.", "use a thread pool", "No."])]
    assert flaws_of(tmp_path, questions) == [("same-options", "equal")]


def test_contained_in_correct_can_be_allowed(tmp_path: Path):
    texts = ["I'd use a thread pool and more.", "I'd use a thread pool", "Something else."]
    questions = [with_texts("subset", texts, allow=["contained-in-correct"])]
    assert flaws_of(tmp_path, questions) == []


# correct-letter


def test_one_letter_correct_for_most_questions(tmp_path: Path):
    questions = [question(f"q{i}", correct=0 if i < 3 else 1) for i in range(5)]
    assert flaws_of(tmp_path, questions) == [("correct-letter", "deck")]


def test_questions_that_allow_it_do_not_count_towards_the_letter(tmp_path: Path):
    questions = [
        question(f"q{i}", correct=0 if i < 3 else 1, **({"allow": ["correct-letter"]} if i else {}))
        for i in range(5)
    ]
    assert flaws_of(tmp_path, questions) == []


# The whole: every flaw at once, in file order, and what the commands do with them.


def _flawed_bank(tmp_path: Path) -> Path:
    questions = [
        with_texts("long", [words(30, "right"), words(10, "wrong")]),
        with_texts("twins", ["Right.", "Same thing.", "same thing"]),
    ]
    return write_bank(tmp_path, "flawed", bank_text(DECK, questions))


def test_warnings_come_in_file_order_each_naming_its_question(tmp_path: Path):
    path = _flawed_bank(tmp_path)
    warnings = bank_warnings(load(path))
    assert [(w.check, w.problem.where) for w in warnings] == [
        ("much-longer-correct", "long"),
        ("same-options", "twins"),
    ]
    assert [w.problem.line for w in warnings] == sorted(w.problem.line for w in warnings)
    for warning in warnings:
        assert re.fullmatch(rf"{re.escape(str(path))}:\d+:\d+: \w+: warning: .+", str(warning))


FLAWED = {
    "much-longer-correct": [with_texts("q", [words(30, "right"), words(10, "wrong")])],
    "longest-correct": [
        with_texts(f"q{i}", [words(11, f"wrong{j}") for j in range(i)] + [words(12)], correct=i)
        for i in range(1, 5)
    ],
    "same-options": [with_texts("q", ["Right.", "Wrong one.", "wrong ONE"])],
    "all-of-the-above": [with_texts("q", ["Right.", "Wrong.", "All of the above."])],
    "contained-in-correct": [
        with_texts("q", ["I'd do this and more.", "I'd do this", "No, I'd do something else."])
    ],
    "correct-letter": [question(f"q{i}") for i in range(4)],
}


@pytest.mark.parametrize("check", sorted(FLAWED))
def test_check_strict_catches_each_flaw(tmp_path: Path, check: str):
    """Each flaw alone: a warning naming the `allow` that silences it, and exit 1 with --strict."""
    path = write_bank(tmp_path, check, bank_text(DECK, FLAWED[check]))
    plain = CliRunner().invoke(cli, ["check", str(path)])
    assert plain.exit_code == 0
    assert f"`allow: [{check}]`" in plain.stderr
    assert CliRunner().invoke(cli, ["check", "--strict", str(path)]).exit_code == 1
    assert {warning.check for warning in bank_warnings(load(path))} == {check}


def test_check_prints_the_warnings_and_strict_fails_on_them(tmp_path: Path):
    path = _flawed_bank(tmp_path)
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 0
    assert f"{path}: ok, 2 questions" in result.stdout
    assert result.stderr.count(": warning: ") == 2
    assert result.stderr.endswith("2 warnings\n")

    strict = CliRunner().invoke(cli, ["check", "--strict", str(path)])
    assert strict.exit_code == 1
    assert strict.stderr.endswith("2 warnings (--strict: failing)\n")


def test_build_prints_the_warnings_and_strict_builds_nothing(tmp_path: Path):
    path = _flawed_bank(tmp_path)
    out = tmp_path / "dist"
    result = CliRunner().invoke(cli, ["build", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr.count(": warning: ") == 2
    package = out / "flawed.apkg"
    before = package.read_bytes()

    path.write_text(path.read_text(encoding="utf-8").replace("Right.", "Right!"), "utf-8")
    strict = CliRunner().invoke(cli, ["build", "--strict", str(path), "--out", str(out)])
    assert strict.exit_code == 1
    assert strict.stderr.count(": warning: ") == 2
    assert f"error: {path}: not built (--strict)" in strict.stderr
    assert package.read_bytes() == before, "the previous package stays as it was"


def test_fold_ignores_case_spacing_punctuation_and_markdown():
    assert fold("  Use **`async def`**,\n  ALWAYS! ") == "use async def always"
