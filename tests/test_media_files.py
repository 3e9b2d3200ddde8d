"""Media files as files: regular files only, opened without blocking, checked again when
copied; names compared in NFC. (The refusals a committed file can show are in the corpus,
`bad_banks/media-*.yaml`; these need a FIFO or a name in one Unicode form made here.)"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from generator.build import BuildError, build_bank
from generator.loader import BankError, load
from generator.media import bank_media
from generator.media_files import FileProblem, hashed
from tests.conftest import REPO

PNG = (Path(__file__).parent / "good_banks" / "media" / "request-flow.png").read_bytes()
BANK = """deck:
  id: files
  name: Files
questions:
  - id: q
    question: "Which picture? ![Picture]({path})"
    options:
      - text: A.
        why: Right.
        correct: true
      - text: B.
        why: Wrong.
"""


def _bank(folder: Path, reference: str) -> Path:
    bank = folder / "bank.yaml"
    bank.write_text(BANK.format(path=reference), encoding="utf-8")
    return bank


def _check_in_a_child(bank: Path) -> subprocess.CompletedProcess[str]:
    """`check` in a real process with a timeout: a FIFO opened for reading would block it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", str(bank)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def test_a_fifo_named_like_a_picture_is_refused_at_once(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe.png")
    bank = _bank(tmp_path, "pipe.png")
    result = _check_in_a_child(bank)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{bank}:6:42: q: `pipe.png` is a FIFO (a named pipe), not a file"
    )
    assert "Traceback" not in result.stderr


def test_a_device_is_judged_on_the_open_file_and_never_read():
    with pytest.raises(FileProblem, match="^is a device, not a file$"):
        hashed(Path("/dev/zero"), max_bytes=1024)


def test_a_picture_swapped_for_a_fifo_during_the_build_stops_it_without_hanging(tmp_path: Path):
    (tmp_path / "pic.png").write_bytes(PNG)
    bank = _bank(tmp_path, "pic.png")
    loaded = load(bank)
    media = bank_media(loaded)
    (tmp_path / "pic.png").unlink()
    os.mkfifo(tmp_path / "pic.png")
    with pytest.raises(BuildError, match=r"`.*pic.png` is a FIFO \(a named pipe\), not a file now"):
        build_bank(bank, tmp_path / "dist", loaded=loaded, media=media)
    assert not (tmp_path / "dist" / "bank.apkg").exists()
    assert not (tmp_path / "bank.lock.json").exists()


def test_a_picture_that_grows_during_the_build_stops_it(tmp_path: Path):
    (tmp_path / "pic.png").write_bytes(PNG)
    bank = _bank(tmp_path, "pic.png")
    loaded = load(bank)
    media = bank_media(loaded)
    with (tmp_path / "pic.png").open("ab") as grown:
        grown.write(b"\0" * 10)
    with pytest.raises(BuildError, match="`.*pic.png` changed during the build; build again"):
        build_bank(bank, tmp_path / "dist", loaded=loaded, media=media)
    assert not (tmp_path / "dist" / "bank.apkg").exists()


@pytest.mark.parametrize("written_form", ["NFD", "NFC"])
def test_a_name_in_one_unicode_form_finds_the_file_saved_in_the_other(
    tmp_path: Path, written_form: str
):
    name = "café-diagram.png"
    on_disk = "NFC" if written_form == "NFD" else "NFD"
    (tmp_path / "pics").mkdir()
    saved = unicodedata.normalize(on_disk, f"pics/{name}")
    (tmp_path / saved).write_bytes(PNG)
    bank = _bank(tmp_path, unicodedata.normalize(written_form, f"pics/{name}"))

    media = bank_media(load(bank))

    (file,) = media.files
    # The file as the folder names it: what make's rules must name to find it.
    assert file.path == tmp_path / saved
    assert file.name == "mcq-" + file.sha256[:8] + "-cafe-diagram.png"


def test_two_files_whose_names_are_one_in_nfc_are_named_with_their_code_points(tmp_path: Path):
    # Dot below and acute on an `a`: in two orders on disk (one of them NFD), written in NFC.
    nfd, unordered = "a\u0323\u0301.png", "a\u0301\u0323.png"
    for name in (nfd, unordered):
        (tmp_path / name).write_bytes(PNG)
    written = unicodedata.normalize("NFC", nfd)
    assert len({nfd, unordered, written}) == 3
    bank = _bank(tmp_path, written)
    with pytest.raises(BankError) as error:
        bank_media(load(bank))
    (problem,) = error.value.problems
    assert problem.message == (
        f"`{written}` could be any of `{unordered}` (U+0061 U+0301 U+0323 U+002E U+0070 U+006E "
        f"U+0067), `{nfd}` (U+0061 U+0323 U+0301 U+002E U+0070 U+006E U+0067): the "
        "same name in different Unicode forms; keep one of them"
    )
