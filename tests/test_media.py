"""Images and sounds from the bank's folder, judged by the real Anki after an import.

The example bank is `good_banks/images-and-sound.yaml` with its files in
`good_banks/media/` (a PNG and an SVG written by hand, a 0.3 s WAV tone).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import zipfile
from html import escape
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import limits
from generator.bank import DeckInfo
from generator.build import build_bank
from generator.cli import cli
from generator.limits import MediaLimits
from generator.loader import BankError, load
from generator.markdown import markdown
from generator.media import bank_media, package_name
from generator.media_types import GIF, JPEG, M4A, MP3, OGG, PNG, SVG, WAV, WEBP, sniff
from generator.preview import render_preview
from generator.preview_page import preview_page
from generator.render import render_removed
from tests.anki_client import AnkiClient
from tests.conftest import run_make
from tests.test_anki_import import Clock

GOOD_BANKS = Path(__file__).parent / "good_banks"
BANK_NAME = "images-and-sound.yaml"
DECK = "Images and sound"


@pytest.fixture
def media_bank(tmp_path: Path) -> Path:
    """A private copy of the example bank and its media folder."""
    folder = tmp_path / "decks"
    folder.mkdir()
    shutil.copy(GOOD_BANKS / BANK_NAME, folder / BANK_NAME)
    shutil.copytree(GOOD_BANKS / "media", folder / "media")
    return folder / BANK_NAME


def package_media(package: Path) -> dict[str, bytes]:
    """The package's files by the names Anki gives them, read through its media map."""
    with zipfile.ZipFile(package) as archive:
        names = json.loads(archive.read("media"))
        return {name: archive.read(number) for number, name in names.items()}


def named_media(html: str) -> set[str]:
    return set(re.findall(r'<img[^>]* src="([^"]+)"', html))


def test_every_file_arrives_under_its_package_name_and_the_cards_name_exactly_those(
    media_bank: Path, tmp_path: Path, anki: AnkiClient
):
    package = build_bank(media_bank, tmp_path / "dist").package
    files = package_media(package)
    assert sorted(files) == [
        "mcq-668a02d1-asgi.wav",
        "mcq-7708d8b0-request-flow.png",
        "mcq-e62e86b3-layers.svg",
    ]
    assert (
        files["mcq-7708d8b0-request-flow.png"]
        == (media_bank.parent / "media/request-flow.png").read_bytes()
    )

    counts = anki.import_package(package)

    assert counts.new == 2
    media_dir = Path(anki.col.media.dir())
    assert sorted(path.name for path in media_dir.iterdir()) == sorted(files)
    for name, data in files.items():
        assert (media_dir / name).read_bytes() == data
    shown: set[str] = set()
    played: set[str] = set()
    for card in anki.cards():
        shown |= named_media(card.question()) | named_media(card.answer())
        played |= {tag.filename for tag in card.question_av_tags() + card.answer_av_tags()}
    assert shown == {"mcq-7708d8b0-request-flow.png", "mcq-e62e86b3-layers.svg"}
    assert played == {"mcq-668a02d1-asgi.wav"}
    (flow,) = anki.cards('"Id:*/request-flow"')
    assert (
        '<img class="mcq-image" src="mcq-7708d8b0-request-flow.png" '
        'alt="Request flow: client, FastAPI app, database">'
    ) in flow.question()
    (spoken,) = anki.cards('"Id:*/say-asgi"')
    assert [tag.filename for tag in spoken.question_av_tags()] == ["mcq-668a02d1-asgi.wav"]
    # The back plays the correct option's rationale, which names the sound too.
    assert [tag.filename for tag in spoken.answer_av_tags()] == ["mcq-668a02d1-asgi.wav"]
    assert '<span class="mcq-sound-label">ASGI, spoken</span>' in spoken.question()


def test_a_rebuild_of_unchanged_media_is_byte_identical(media_bank: Path, tmp_path: Path):
    clock = Clock()
    first = build_bank(media_bank, tmp_path / "one", clock=clock).package.read_bytes()
    clock.advance()
    second = build_bank(media_bank, tmp_path / "two", clock=clock).package.read_bytes()
    assert first == second


def test_editing_a_picture_updates_exactly_its_note_and_brings_the_new_file(
    media_bank: Path, tmp_path: Path, anki: AnkiClient
):
    clock = Clock()
    dist = tmp_path / "dist"
    anki.import_package(build_bank(media_bank, dist, clock=clock).package)
    assert anki.review(DECK, 2) == 2
    scheduling = anki.scheduling_snapshot()
    review_log = anki.review_log()

    # layers.svg is in one note only (request-flow's tip).
    svg = media_bank.parent / "media" / "layers.svg"
    svg.write_text(svg.read_text().replace("Repository", "Database"))
    clock.advance()
    result = build_bank(media_bank, dist, clock=clock)
    assert result.changed == ("request-flow",)
    (new_name,) = [name for name in package_media(result.package) if name.endswith("layers.svg")]
    assert new_name != "mcq-e62e86b3-layers.svg"

    counts = anki.import_package(result.package)

    assert (counts.new, counts.updated, counts.duplicate) == (0, 1, 1)
    (flow,) = anki.cards('"Id:*/request-flow"')
    assert new_name in named_media(flow.answer())
    assert "mcq-e62e86b3-layers.svg" not in flow.answer()
    media_dir = Path(anki.col.media.dir())
    assert (media_dir / new_name).read_bytes() == svg.read_bytes()
    assert anki.scheduling_snapshot() == scheduling
    assert anki.review_log() == review_log


def test_a_file_that_changes_during_the_build_stops_it(media_bank: Path, tmp_path: Path):
    loaded = load(media_bank)
    media = bank_media(loaded)
    (media_bank.parent / "media" / "asgi.wav").write_bytes(b"RIFF\0\0\0\0WAVE changed")
    with pytest.raises(Exception, match="changed during the build"):
        build_bank(media_bank, tmp_path / "dist", loaded=loaded, media=media)
    assert not (tmp_path / "dist" / "images-and-sound.apkg").exists()


def test_check_lists_the_media(media_bank: Path):
    result = CliRunner().invoke(cli, ["check", str(media_bank)])
    assert result.exit_code == 0, result.output
    assert "  media: 2 images, 1 sound, 4.1 kB\n" in result.stdout


def test_the_limits_are_options_with_documented_defaults(media_bank: Path):
    help_text = CliRunner().invoke(cli, ["build", "--help"]).output
    assert "--max-media-mb FLOAT RANGE" in help_text and "[default: 10;" in help_text
    assert f"[default: {limits.BANK_MEDIA_MB};" in help_text
    assert MediaLimits().max_file_bytes == 10 * 1024 * 1024
    with pytest.raises(BankError, match="over the limit of 1,000"):
        bank_media(load(media_bank), MediaLimits(max_file_bytes=1000))


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", PNG),
        (b"\xff\xd8\xff\xe0\0\x10JFIF", JPEG),
        (b"GIF89a\x01\0", GIF),
        (b"GIF87a\x01\0", GIF),
        (b"RIFF\x24\0\0\0WEBPVP8 ", WEBP),
        (b"RIFF\x24\0\0\0WAVEfmt ", WAV),
        (b"OggS\0\x02", OGG),
        (b"ID3\x04\0\0", MP3),
        (b"\xff\xfb\x90\x64", MP3),
        (b"\0\0\0\x20ftypM4A \0\0\0\0", M4A),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', SVG),
        (b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- made by hand -->\n<!DOCTYPE svg>\n<svg>', SVG),
        (b"\xff\xf1\x50\x80", None),  # AAC in ADTS: MPEG sync, but not MP3's layers
        (b"BM\x1e\0\0\0", None),
        (b"<html><svg></svg></html>", None),
        (b"", None),
    ],
)
def test_the_type_comes_from_the_first_bytes(head: bytes, expected: object):
    assert sniff(head) is expected


def test_package_names_are_readable_and_safe_everywhere():
    digest = "3f2a9c1e" + "0" * 56
    assert package_name(digest, "request-flow", ".png") == "mcq-3f2a9c1e-request-flow.png"
    assert package_name(digest, "Request Flow [v2]", ".png") == "mcq-3f2a9c1e-request-flow-v2.png"
    assert package_name(digest, "Übersicht", ".svg") == "mcq-3f2a9c1e-ubersicht.svg"
    assert package_name(digest, "图", ".png") == "mcq-3f2a9c1e-file.png"
    assert len(package_name(digest, "x" * 300, ".png")) == len("mcq-3f2a9c1e-") + 40 + 4


def test_make_deck_rebuilds_a_deck_when_a_file_it_uses_changes(project: Path):
    decks = project / "decks"
    decks.mkdir()
    shutil.copy(GOOD_BANKS / BANK_NAME, decks)
    shutil.copytree(GOOD_BANKS / "media", decks / "media")
    shutil.copy(GOOD_BANKS / "crlf-line-endings.yaml", decks)
    first = run_make(project, "deck")
    assert first.returncode == 0, first.stderr
    assert (
        (project / "dist" / "images-and-sound.d")
        .read_text()
        .startswith(
            "dist/images-and-sound.apkg: decks/media/asgi.wav decks/media/request-flow.png "
            "decks/media/layers.svg\n"
        )
    )
    assert "build" not in run_make(project, "deck").stdout

    svg = decks / "media" / "layers.svg"
    later = time.time() + 10
    os.utime(svg, (later, later))
    again = run_make(project, "deck")
    assert again.returncode == 0, again.stderr
    assert "build decks/images-and-sound.yaml" in again.stdout
    assert "build decks/crlf-line-endings.yaml" not in again.stdout

    # A file the bank still names but that is gone: the bank's error, not make's.
    (decks / "media" / "asgi.wav").unlink()
    gone = run_make(project, "deck")
    assert gone.returncode != 0
    assert "`media/asgi.wav` does not exist" in gone.stderr
    assert "No rule to make target" not in gone.stderr


@pytest.mark.parametrize("use_anki", [True, False], ids=["anki", "built-in"])
def test_the_preview_offers_each_sound_as_a_player(media_bank: Path, use_anki: bool):
    preview = render_preview(media_bank, use_anki=use_anki)
    (spoken,) = [card for card in preview.cards if card.note_id.endswith("/say-asgi")]
    # As Anki renders it: the back names the front's sound, then its own.
    assert "[anki:play:q:0]" in spoken.question
    assert spoken.question_sounds == ("mcq-668a02d1-asgi.wav",)
    assert spoken.answer_sounds == ("mcq-668a02d1-asgi.wav",)
    page = preview_page(preview, BANK_NAME)
    player = escape(
        '<audio class="preview-sound" controls preload="none" src="mcq-668a02d1-asgi.wav">'
    )
    # Front and back, light and night: the front's sound on 4 sides, the back's own on 2.
    assert page.count(player) == 6
    assert sorted(file.name for file in preview.media) == [
        "mcq-668a02d1-asgi.wav",
        "mcq-7708d8b0-request-flow.png",
        "mcq-e62e86b3-layers.svg",
    ]


def test_a_removed_question_keeps_only_the_alt_text_of_its_images():
    note = render_removed(
        DeckInfo(id="deck", name="Deck"), "gone", "Look: ![A diagram](img/diagram.png)"
    )
    assert note.fields[0] == '<p>Look: <span class="mcq-media-alt">A diagram</span></p>'
    assert note.media == ()


def test_an_image_in_a_text_media_never_saw_is_an_error_not_a_broken_card(media_bank: Path):
    media = bank_media(load(media_bank))
    with pytest.raises(ValueError, match="never checked"):
        markdown("![Elsewhere](img/other.png)", media.shown_by_one_note().image_html)


def test_paths_with_spaces_links_inside_the_folder_and_one_file_named_twice(tmp_path: Path):
    folder = tmp_path / "bank"
    (folder / "img").mkdir(parents=True)
    png = (GOOD_BANKS / "media" / "request-flow.png").read_bytes()
    (folder / "img" / "my pic.png").write_bytes(png)
    (folder / "img" / "link.png").symlink_to("my pic.png")
    bank = folder / "bank.yaml"
    bank.write_text(
        (GOOD_BANKS / "crlf-line-endings.yaml")
        .read_text()
        .replace(
            "question: What is FastAPI?",
            'question: "![A](<img/my pic.png>) ![B](img/my%20pic.png) ![C](img/link.png)"',
        ),
        encoding="utf-8",
    )
    media = bank_media(load(bank))
    assert sorted(file.name for file in media.files) == [
        "mcq-7708d8b0-link.png",
        "mcq-7708d8b0-my-pic.png",
    ]
    assert {file.source for file in media.files} == {(folder / "img" / "my pic.png").resolve()}


def test_text_to_speech_reads_a_sounds_label_not_its_tag(media_bank: Path, anki: AnkiClient):
    """The recall card reads the model answer aloud; a sound in it stays playable elsewhere."""
    text = media_bank.read_text(encoding="utf-8")
    media_bank.write_text(
        text.replace(
            "  name: Images and sound\n", "  name: Images and sound\n  recall: true\n"
        ).replace(
            "- text: As the letters A, S, G, I.",
            '- text: "As the letters: ![ASGI, spoken](media/asgi.wav)"',
        ),
        encoding="utf-8",
    )
    anki.import_package(build_bank(media_bank, media_bank.parent / "dist").package)
    (recall,) = anki.cards('"Id:*/say-asgi" card:2')
    speech = [tag for tag in recall.answer_av_tags() if hasattr(tag, "field_text")]
    assert [tag.field_text.split() for tag in speech] == [
        ["As", "the", "letters:", "ASGI,", "spoken"]
    ]
    played = [tag.filename for tag in recall.answer_av_tags() if hasattr(tag, "filename")]
    assert set(played) == {"mcq-668a02d1-asgi.wav"}  # the text and its rationale
