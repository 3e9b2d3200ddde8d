"""The card script ships inside the multiple-choice templates, and only there."""

from __future__ import annotations

from importlib.resources import files

from generator.notetype import note_type_for

CARD_JS = files("generator").joinpath("templates", "card.js").read_text(encoding="utf-8")


def test_both_multiple_choice_sides_end_with_the_card_script():
    templates = {template.name: template for template in note_type_for("any").templates}
    choice = templates["Multiple choice"]
    for side in (choice.front, choice.back):
        assert side.endswith(f"<script>\n{CARD_JS}</script>\n")
    recall = templates["Say the model answer"]
    assert "<script" not in recall.front + recall.back


def test_the_script_can_be_inlined_in_a_template():
    # Anki reads "{{" as a field reference, and "</script" would end the element early.
    assert "{{" not in CARD_JS
    assert "</script" not in CARD_JS.lower()
