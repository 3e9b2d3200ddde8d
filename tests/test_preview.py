"""The preview command: one page per bank, Anki's own rendering, nothing else written."""

from __future__ import annotations

import shutil
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.preview import BUILTIN_RENDERER, render_preview
from generator.preview_page import with_play_buttons

REPO = Path(__file__).resolve().parent.parent
BANKS = sorted((REPO / "decks").glob("*.yaml")) + sorted(
    (REPO / "tests" / "browser" / "banks").glob("*.yaml")
)


@pytest.mark.parametrize("bank", BANKS, ids=lambda path: path.stem)
def test_the_builtin_renderer_gives_exactly_what_anki_gives(bank):
    anki = render_preview(bank, use_anki=True)
    builtin = render_preview(bank, use_anki=False)
    assert anki.renderer.startswith("Anki ")
    assert builtin.renderer == BUILTIN_RENDERER
    assert builtin.cards == anki.cards
    assert {card.template for card in anki.cards} >= {"Multiple choice"}


def test_preview_writes_one_page_per_bank_and_leaves_the_bank_alone(tmp_path):
    decks = tmp_path / "decks"
    decks.mkdir()
    sources = [REPO / "decks" / "fastapi-developer-interview.yaml", BANKS[-1]]
    banks = [Path(shutil.copy(source, decks)) for source in sources]
    shutil.copy(REPO / "decks" / "fastapi-developer-interview.lock.json", decks)
    before = {path.name: path.read_bytes() for path in decks.iterdir()}

    result = CliRunner().invoke(cli, ["preview", *map(str, banks), "--out", str(tmp_path / "out")])

    assert result.exit_code == 0, result.output
    assert {path.name: path.read_bytes() for path in decks.iterdir()} == before
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted(
        f"{bank.stem}.html" for bank in banks
    )
    for bank in banks:
        preview = render_preview(bank)
        page = (tmp_path / "out" / f"{bank.stem}.html").read_text(encoding="utf-8")
        assert f"{bank.stem}.html: {len(preview.cards)} cards" in result.output
        assert "rendered by Anki 26.9.3" in result.output
        assert page.count("<iframe") == 4 * len(preview.cards)
        assert page.count('data-mode="night"') == page.count('data-mode="light"')
        frames = unescape(page)
        for card in preview.cards:
            assert with_play_buttons(card.question) in frames
            assert with_play_buttons(card.answer) in frames
        assert "[anki:play:" not in frames


def test_the_recall_back_shows_a_play_symbol_where_anki_reads_the_model_answer():
    preview = render_preview(REPO / "decks" / "fastapi-developer-interview.yaml")
    recall = [card for card in preview.cards if card.template == "Say the model answer"]
    assert recall and all("[anki:play:a:0]" in card.answer for card in recall)
    assert all(
        with_play_buttons(card.answer).count('class="preview-play"') == 1 for card in recall
    )


def test_preview_of_a_bad_bank_names_the_problem_and_writes_nothing(tmp_path):
    bank = tmp_path / "broken.yaml"
    bank.write_text(
        "deck: {id: broken, name: Broken}\n"
        "questions:\n"
        "  - id: no-correct\n"
        "    question: Which?\n"
        "    options:\n"
        "      - {text: A, why: a}\n"
        "      - {text: B, why: b}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["preview", str(bank), "--out", str(out)])
    assert result.exit_code == 1
    assert f"{bank}:6:7: no-correct: exactly one option" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())
