"""Odd but valid banks build, and markup in content never becomes markup in Anki."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.build import build_bank
from tests.anki_client import AnkiClient

CORPUS = Path(__file__).parent / "good_banks"


def build_and_import(name: str, tmp_path: Path, anki: AnkiClient):
    bank = tmp_path / name
    shutil.copy(CORPUS / name, bank)
    counts = anki.import_package(build_bank(bank, tmp_path / "dist").package)
    assert counts.new == 1
    (card,) = anki.cards()
    return card


def content_html(html: str) -> str:
    """The card minus the note type's own <style> (and, on cards that have one, <script>)."""
    return re.sub(r"<(style|script)>.*?</\1>", "", html, flags=re.S)


@pytest.mark.parametrize("name", ["byte-order-mark.yaml", "crlf-line-endings.yaml"])
def test_bom_and_crlf_are_accepted(name: str, tmp_path: Path, anki: AnkiClient):
    card = build_and_import(name, tmp_path, anki)
    front = content_html(card.question())
    assert "<p>What is FastAPI?</p>" in front
    assert "<p>A web framework.</p>" in front
    assert "\r" not in card.answer()
    assert "<p>Wrong.</p>" in card.answer()


def test_markup_in_content_shows_as_text_and_never_runs_or_expands(
    tmp_path: Path, anki: AnkiClient
):
    card = build_and_import("markup-in-content.yaml", tmp_path, anki)
    front = content_html(card.question())
    back = content_html(card.answer())

    for html in (front, back):
        assert "<script" not in html
        assert "<img" not in html
        assert "<style" not in html
        assert "<a " not in html
        assert "javascript:" not in re.sub(r">[^<]*<", "><", html)  # never in a tag
    assert "Does &lt;script&gt;alert('question')&lt;/script&gt; run?" in front
    assert "&lt;img src=x onerror=alert('option')&gt; no image" in front
    # Anki template syntax in a field is text: not the front again, not the tip.
    assert "{{FrontSide}} and {{Tip}} and {{c1::cloze}}" in front
    assert back.count("Does &lt;script&gt;") == 1
    assert "[a link](javascript:alert('why')) is not a link" in back
    assert "&lt;a href=&quot;javascript:alert(1)&quot;&gt;raw link&lt;/a&gt;" in back
    assert "&lt;style&gt;body{display:none}&lt;/style&gt;" in back
    assert "<code>&lt;/code&gt;&lt;script&gt;alert(2)&lt;/script&gt;</code>" in back
