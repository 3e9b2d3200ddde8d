"""Export a bank to GIFT and Moodle XML, import it again: the same bank content comes back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.bank import Bank
from generator.convert.gift_out import bank_gift
from generator.convert.importing import import_source
from generator.convert.moodle_xml_out import bank_moodle_xml
from generator.loader import load_bank
from generator.pipeline import check_banks
from tests.conftest import FASTAPI_BANK, REPO
from tests.convert_support import bank_data

RICH_BANK = Path(__file__).resolve().parent / "convert_sources" / "rich-markdown.yaml"
IMAGES_BANK = REPO / "tests" / "good_banks" / "images-and-sound.yaml"
WRITERS = {"gift": (bank_gift, ".gift.txt"), "moodle-xml": (bank_moodle_xml, ".xml")}


def exported_and_back(bank_path: Path, target: str, tmp_path: Path) -> dict:
    checked = check_banks([bank_path])
    assert not checked.failed
    loaded = checked.banks[0]
    media = {src: file.source for src, file in loaded.media.by_reference.items()}
    write, suffix = WRITERS[target]
    out = tmp_path / f"{bank_path.stem}{suffix}"
    out.write_bytes(write(loaded.bank, media).content)
    return bank_data(import_source(out, target))


def content(bank: Bank) -> list[tuple]:
    return [
        (
            question.id,
            question.question,
            [(option.text, option.why, option.correct) for option in question.options],
            question.tip,
        )
        for question in bank.questions
    ]


def content_of_data(data: dict) -> list[tuple]:
    return [
        (
            question["id"],
            question["question"],
            [(o.get("text"), o.get("why"), o.get("correct", False)) for o in question["options"]],
            question.get("tip"),
        )
        for question in data["questions"]
    ]


@pytest.mark.parametrize("target", WRITERS)
@pytest.mark.parametrize("bank_path", [FASTAPI_BANK, RICH_BANK], ids=["fastapi", "rich"])
def test_an_export_imports_back_as_the_same_bank(bank_path: Path, target: str, tmp_path: Path):
    bank = load_bank(bank_path)
    back = exported_and_back(bank_path, target, tmp_path)
    assert content_of_data(back) == content(bank)
    assert back["deck"]["id"] == bank.deck.id
    assert back["deck"]["name"] == bank.deck.name


def test_moodle_xml_keeps_every_tag_and_gift_the_first(tmp_path: Path):
    bank = load_bank(FASTAPI_BANK)
    xml = exported_and_back(FASTAPI_BANK, "moodle-xml", tmp_path)
    gift = exported_and_back(FASTAPI_BANK, "gift", tmp_path)
    assert [q["tags"] for q in xml["questions"]] == [q.tags for q in bank.questions]
    assert [q["tags"] for q in gift["questions"]] == [q.tags[:1] for q in bank.questions]


def test_moodle_xml_carries_pictures_and_sounds(tmp_path: Path):
    source = tmp_path / "decks"
    shutil.copytree(IMAGES_BANK.parent, source)
    bank_path = source / IMAGES_BANK.name
    checked = check_banks([bank_path]).banks[0]
    media = {src: file.source for src, file in checked.media.by_reference.items()}
    xml = tmp_path / "images.xml"
    xml.write_bytes(bank_moodle_xml(checked.bank, media).content)
    back = import_source(xml, "moodle-xml")
    # Every file the bank shows comes back, byte for byte, under the import's media folder.
    assert sorted(back.draft.media.values()) == sorted(
        {path.read_bytes() for path in media.values()}
    )
    original = content(checked.bank)
    again = content_of_data(bank_data(back))
    assert len(again) == len(original)
    for before, after in zip(original, again, strict=True):
        assert before[0] == after[0]
    # Paths differ (the import names its own folder); the texts around them do not.
    written = tmp_path / "back" / "images.yaml"
    from generator.convert.importing import write_import

    write_import(back, written)
    assert not check_banks([written]).failed
