"""The checks on an item's words: each caught on a bank made to have it, its near miss let be.

Every `warning_banks/<check>[-variant].yaml` has a `.expected` beside it: the
warnings `check` prints (without the file name that starts each line), then the
count; a `<check>-near-miss*.yaml` case expects nothing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.bank import CHECK_NAMES
from generator.cli import cli
from generator.cues import cue_scores
from generator.itemwriting import bank_warnings, find_flaws
from generator.loader import load, load_bank
from generator.word_lists import WORDLISTS, code_count, word_lists, words_of
from tests.authoring_support import bank_text, question, write_bank
from tests.conftest import REPO

CORPUS = Path(__file__).parent / "warning_banks"
CASES = sorted(CORPUS.glob("*.yaml"))
WORD_CHECKS = (
    "absolute-words",
    "hedged-correct",
    "stem-echo",
    "none-of-the-above",
    "negative-stem",
    "grammatical-cue",
    "near-duplicate-options",
)


def check_of(case: Path) -> str:
    """The check a case is about: the longest check name its file name starts with."""
    return max((name for name in CHECK_NAMES if case.stem.startswith(name)), key=len)


def is_near_miss(case: Path) -> bool:
    return "-near-miss" in case.stem


def test_every_check_has_a_bank_that_triggers_it_and_a_near_miss():
    for check in WORD_CHECKS:
        cases = [case for case in CASES if check_of(case) == check]
        assert any(not is_near_miss(case) for case in cases), check
        assert any(is_near_miss(case) for case in cases), check
    assert all(case.with_suffix(".expected").exists() for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_each_case_warns_exactly_as_expected(case: Path, tmp_path: Path):
    bank = tmp_path / case.name
    bank.write_bytes(case.read_bytes())
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()

    result = CliRunner().invoke(cli, ["check", str(bank)])

    assert result.exit_code == 0, result.output
    assert [line.removeprefix(f"{bank}:") for line in result.stderr.splitlines()] == expected
    strict = CliRunner().invoke(cli, ["check", "--strict", str(bank)])
    assert strict.exit_code == (0 if is_near_miss(case) else 1)


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_each_case_has_its_own_flaw_and_no_other(case: Path):
    checks = {flaw.check for flaw in find_flaws(load_bank(case))}
    assert checks == (set() if is_near_miss(case) else {check_of(case)})


@pytest.mark.parametrize(
    "case", [case for case in CASES if not is_near_miss(case)], ids=lambda case: case.stem
)
def test_allow_silences_each_warning(case: Path, tmp_path: Path):
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    for item in data["questions"]:
        item["allow"] = [check_of(case)]
    bank = write_bank(tmp_path, case.stem, bank_text(data["deck"], data["questions"]))
    assert find_flaws(load_bank(bank)) == []
    assert CliRunner().invoke(cli, ["check", "--strict", str(bank)]).exit_code == 0


@pytest.mark.parametrize(
    "case", [case for case in CASES if not is_near_miss(case)], ids=lambda case: case.stem
)
def test_each_warning_names_its_check_and_the_words_that_trigger_it(case: Path):
    for warning in bank_warnings(load(case)):
        assert f"`allow: [{check_of(case)}]`" in warning.problem.message
        assert '"' in warning.problem.message, "the words that trigger it, quoted"


def test_build_prints_the_warnings_and_strict_builds_nothing(tmp_path: Path):
    bank = tmp_path / "stem-echo.yaml"
    bank.write_bytes((CORPUS / "stem-echo.yaml").read_bytes())
    out = tmp_path / "dist"

    result = CliRunner().invoke(cli, ["build", str(bank), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "warning: only the correct option repeats the question's" in result.stderr

    strict = CliRunner().invoke(cli, ["build", "--strict", str(bank), "--out", str(out / "s")])
    assert strict.exit_code == 1
    assert not (out / "s").exists() or not any((out / "s").iterdir())


# The word lists: data, per language, shipped with the package.


def test_the_word_lists_are_data_shipped_as_package_data():
    assert (WORDLISTS / "en.json").is_file()
    assert '"generator.wordlists" = ["*.json"]' in (REPO / "pyproject.toml").read_text("utf-8")
    english = word_lists("en_US")
    assert english is not None and english == word_lists("en_GB")
    assert "always" in english.absolute.last_words and "default" in english.hedge.last_words


DECK = {"id": "cues", "name": "Cues", "shuffle": False}


def with_texts(question_id: str, texts: list[str], **keys: Any) -> dict:
    item = question(question_id, options=len(texts), correct=0, **keys)
    for option, text in zip(item["options"], texts, strict=True):
        option["text"] = text
    return item


ABSOLUTE_CUE = [
    with_texts(
        "q",
        [
            "A plain def route runs in a worker thread.",
            "An async def route is always the faster one.",
            "Every route must run on the event loop itself.",
        ],
    )
]


def test_a_language_without_word_lists_gets_no_word_checks(tmp_path: Path):
    path = write_bank(tmp_path, "de", bank_text({**DECK, "language": "de_DE"}, ABSOLUTE_CUE))
    assert word_lists("de_DE") is None
    assert find_flaws(load_bank(path)) == []
    english = write_bank(tmp_path, "en", bank_text(DECK, ABSOLUTE_CUE))
    assert {flaw.check for flaw in find_flaws(load_bank(english))} == {"absolute-words"}


def test_words_in_code_are_code_not_claims(tmp_path: Path):
    """`None` in code is no absolute word: the correct option here has none, as the wrong do."""
    texts = [
        "Declare `q: str | None = None` for an optional query parameter.",
        "Declare the parameter with a default of zero.",
        "Declare it in the path, with braces around it.",
    ]
    item = {**with_texts("optional", texts), "question": "How is a parameter left out?"}
    path = write_bank(tmp_path, "code", bank_text(DECK, [item]))
    assert find_flaws(load_bank(path)) == []


def test_near_duplicates_in_another_language_compare_every_word(tmp_path: Path):
    texts = [
        "Der Prozess-Pool nimmt die schwere Arbeit.",
        "Ich nehme den Thread-Pool für die schwere Arbeit.",
        "Ich nehme den Thread-Pool für die schwere Arbeit dort.",
    ]
    deck = {**DECK, "language": "de_DE"}
    path = write_bank(tmp_path, "de", bank_text(deck, [with_texts("q", texts)]))
    assert [flaw.check for flaw in find_flaws(load_bank(path))] == ["near-duplicate-options"]


@pytest.mark.parametrize(
    "text",
    [
        "I'd say it's `async def`, don't you think?",
        "Use «httpx» — not requests; it’s async.",
        "ÉTÉ naïve café: Straße",
    ],
)
def test_words_of_reads_ascii_and_other_text_alike(text: str):
    """The fast path for ASCII text finds the words the regular expression finds."""
    expected = re.findall(r"\w+(?:'\w+)*", text.replace("\u2019", "'").casefold())
    assert words_of(text) == expected


def test_code_is_counted_by_spans_and_blocks():
    assert code_count("no code") == 0
    assert code_count("`a` and `b`") == 2
    assert code_count("``a ` b`` and\n\n```python\nx = 1\n```\n") == 2


# The cue table: what a learner picking by one cue alone gets right.


def _scores(tmp_path: Path, questions: list[dict]) -> dict[str, int]:
    path = write_bank(tmp_path, "table", bank_text(DECK, questions))
    return dict(cue_scores(load_bank(path)))


def test_each_cue_counts_the_questions_it_alone_answers(tmp_path: Path):
    questions = [
        # Only the correct option hedges, has the most code, and is the longest.
        with_texts(
            "hedge",
            [
                "It usually runs `def` routes in `anyio` worker threads, forty of them.",
                "It runs them on the event loop itself.",
                "It runs them in a new process each.",
            ],
        ),
        # The correct option alone has no absolute word; nothing else stands out.
        with_texts(
            "absolute",
            [
                "It reads the token from the header.",
                "It always reads the token from a cookie.",
                "It never reads the token at all, anywhere.",
            ],
        ),
        # Nothing singles out any option: every cue picks none.
        with_texts("plain", ["Alpha beta gamma.", "Delta epsilon zeta.", "Eta theta iota."]),
    ]
    assert _scores(tmp_path, questions) == {
        "longest": 1,
        "fewest absolute words": 1,
        "only hedge": 1,
        "stem echo": 0,
        "most code": 1,
    }


def test_the_stem_echo_cue_picks_the_option_repeating_most_of_the_question(tmp_path: Path):
    questions = [
        {
            **with_texts(
                "echo",
                [
                    "Pydantic validates the body before the route runs.",
                    "Starlette parses the JSON for the route.",
                    "Uvicorn decodes it off the socket.",
                ],
            ),
            "question": "How does Pydantic help a FastAPI route?",
        }
    ]
    assert _scores(tmp_path, questions)["stem echo"] == 1
    options = questions[0]["options"]
    options[0]["correct"], options[1]["correct"] = False, True
    assert _scores(tmp_path, questions)["stem echo"] == 0, "it picks the wrong option now"
