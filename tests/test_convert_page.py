"""The practice page (the FastAPI bank's source document) imports as the shipped bank's content."""

from __future__ import annotations

from pathlib import Path

from generator.convert.importing import import_source, write_import
from generator.loader import load_bank
from generator.pipeline import check_banks
from tests.conftest import FASTAPI_BANK
from tests.convert_support import bank_data

SOURCE_PAGE = Path(__file__).resolve().parent / "convert_sources" / "fastapi-page.txt"
"""The FastAPI bank's source document, as the bank's authors received it."""
REWRITTEN_RATIONALES = 2
"""How many of the shipped bank's 20 rationales may have been rewritten since they were
taken from the page (an item-writing edit): the others must be the page's, word for word."""


def unticked(text: str | None) -> str | None:
    """The bank's Markdown backticks aside: the page has no Markdown."""
    return None if text is None else text.replace("`", "")


def test_the_page_gives_the_shipped_banks_questions_prompts_rationales_and_tips():
    shipped = load_bank(FASTAPI_BANK)
    data = bank_data(import_source(SOURCE_PAGE, "page"))
    assert data["deck"]["id"] == shipped.deck.id
    assert data["deck"]["name"] == shipped.deck.name
    assert data["deck"]["description"] == shipped.deck.description
    assert data["deck"]["prompt"] == shipped.deck.prompt
    assert len(data["questions"]) == len(shipped.questions)
    differing = []
    for imported, question in zip(data["questions"], shipped.questions, strict=True):
        assert imported["question"] == unticked(question.question)
        assert unticked(imported["tip"]) == unticked(question.tip)
        correct = [option.get("correct", False) for option in imported["options"]]
        assert correct == [option.correct for option in question.options]
        whys = [option.get("why") for option in imported["options"]]
        assert len(whys) == len(question.options)
        differing += [
            (imported["question"], why)
            for why, option in zip(whys, question.options, strict=True)
            if why != unticked(option.why)
        ]
    assert len(differing) <= REWRITTEN_RATIONALES, differing


def test_option_texts_stay_absent_and_check_names_each_at_its_line(tmp_path: Path):
    result = import_source(SOURCE_PAGE, "page")
    questions = bank_data(result)["questions"]
    assert all("text" not in option for q in questions for option in q["options"])
    bank = tmp_path / "decks" / "page.yaml"
    write_import(result, bank)
    problems = [p for group in check_banks([bank]).problem_groups for p in group]
    lines = bank.read_text(encoding="utf-8").split("\n")
    assert len(problems) == 20  # five questions, four options each, none with its text
    for problem in problems:
        assert problem.message == "missing required key `text`"
        # Each is placed at its option: the line that starts it.
        assert lines[problem.line - 1].lstrip().startswith("- ")


def test_importing_twice_gives_the_same_bytes(tmp_path: Path):
    first = import_source(SOURCE_PAGE, "page").text
    assert import_source(SOURCE_PAGE, "page").text == first
    assert first.startswith("# yaml-language-server: $schema=../schema/bank.schema.json\n")


def test_the_format_is_guessed_from_the_content():
    assert import_source(SOURCE_PAGE).source_format == "page"
