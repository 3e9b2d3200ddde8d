"""The rule files `build --make-deps` writes, judged by GNU make itself: a name holding any
byte a file name can hold is either read by make as that very file, or refused."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.make_deps import make_rules, why_unreadable
from generator.media import MediaFile
from generator.media_types import PNG

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")

PNG_BYTES = (Path(__file__).parent / "good_banks" / "media" / "request-flow.png").read_bytes()
EVERY_BYTE = [bytes([code]) for code in range(1, 256) if code != ord("/")]
"""Every byte a file name can hold (not NUL, not `/`), each alone in a name below."""
HOSTILE = [
    b"a\nall:\n\ttouch pwned\nb.png",
    b"x:y=z;touch pwned #.png",
    b"tab\there.png",
    b"ends in backslash\\",
    b"q 1:2=3%4#5$6\\7|8*9;0 'quote' \"dq\" `tick` (p) {b} ~t &a <l> !e,.png",
    "non-ASCII é 日本 \u202e.png".encode(),
    b"\xff\xfe not UTF-8.png",
    b"~home.png",
    b".PHONY",
    b"lib(member.o)",
    b"$(shell touch pwned).png",
]


def _media(path: Path) -> MediaFile:
    return MediaFile(path, path, "unused", PNG, len(PNG_BYTES), "0" * 64)


def _make(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["make", "--no-builtin-rules", "-f", "rules.mk", *args, "out"],
        cwd=folder,
        capture_output=True,
        timeout=60,
    )


def _judge(folder: Path, names: list[bytes]) -> None:
    """Write the rule for `out` on the files `names` make can read (each present, older than
    `out`), and have make show that it reads each as that file and nothing else."""
    readable = [name for name in names if why_unreadable(Path(os.fsdecode(name))) is None]
    paths = [Path(os.fsdecode(name)) for name in readable]
    for name in readable:
        (folder / os.fsdecode(name)).write_bytes(PNG_BYTES)
        os.utime(folder / os.fsdecode(name), (1e9, 1e9))
    recipe = b"\ttouch out\n"
    rules = make_rules(Path("out"), [_media(path) for path in paths])
    first, _, rest = rules.partition(b"\n")
    (folder / "rules.mk").write_bytes(first + b"\n" + recipe + rest)

    debug = _make(folder, "-d")
    assert debug.returncode == 0, debug.stderr
    considered = {
        line.split(b"'", 1)[1].rsplit(b"'", 1)[0]
        for line in debug.stdout.splitlines()
        if line.strip().startswith(b"Considering target file '")
    }
    # make also considers remaking its makefile.
    assert considered == {b"rules.mk", b"out", *(_as_make_names(name) for name in readable)}
    assert _make(folder, "-q").returncode == 0
    assert not (folder / "pwned").exists()
    for name in readable:  # each file, touched alone, makes `out` out of date
        os.utime(folder / "out", (1.5e9, 1.5e9))
        os.utime(folder / os.fsdecode(name), None)
        assert _make(folder, "-q").returncode == 1, name
        os.utime(folder / os.fsdecode(name), (1e9, 1e9))
    for name in readable:  # and a file the bank no longer has does not stop make
        (folder / os.fsdecode(name)).unlink()
    assert _make(folder).returncode == 0


def _as_make_names(name: bytes) -> bytes:
    # make takes `./x` for `x`.
    return name


@pytest.mark.parametrize("where", ["in a name", "as a folder"])
def test_every_byte_in_a_name_is_read_by_make_as_that_file_or_refused(tmp_path: Path, where):
    if where == "in a name":
        names = [b"a" + byte + b"b.png" for byte in EVERY_BYTE]
    else:
        for byte in EVERY_BYTE:
            if why_unreadable(Path(os.fsdecode(b"d" + byte))) is None:
                (tmp_path / os.fsdecode(b"d" + byte)).mkdir()
        names = [b"d" + byte + b"/x.png" for byte in EVERY_BYTE]
    _judge(tmp_path, names)
    refused = {byte for byte in EVERY_BYTE if why_unreadable(Path(os.fsdecode(b"a" + byte)))}
    assert refused == {bytes([code]) for code in [*range(1, 32), 127]} | {
        b";",
        b"=",
        b"%",
        b"\\",
    }


def test_names_holding_make_syntax_are_read_as_names_or_refused(tmp_path: Path):
    _judge(tmp_path, HOSTILE)
    readable = [name for name in HOSTILE if why_unreadable(Path(os.fsdecode(name))) is None]
    assert len(readable) == 5


def test_a_bank_whose_picture_make_cannot_name_is_refused_at_the_reference(tmp_path: Path):
    (tmp_path / "a;b.png").write_bytes(PNG_BYTES)
    (tmp_path / "fine.png").write_bytes(PNG_BYTES)
    bank = tmp_path / "bank.yaml"
    bank.write_text(
        "deck:\n  id: odd\n  name: Odd\nquestions:\n  - id: q\n"
        '    question: "Which? ![Fine](fine.png) ![Odd](a;b.png)"\n'
        "    options:\n      - text: A.\n        why: Right.\n        correct: true\n"
        "      - text: B.\n        why: Wrong.\n",
        encoding="utf-8",
    )
    out = tmp_path / "dist"

    refused = CliRunner().invoke(cli, ["build", str(bank), "--out", str(out), "--make-deps"])

    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        f"{bank}:6:48: q: the path `{tmp_path}/a;b.png` holds `;`, which make would read as "
        "part of its own syntax: `--make-deps` cannot name it in the rule file make reads; "
        "rename it, or build without --make-deps",
        "1 problem found",
    ]
    assert not out.exists() and not (tmp_path / "bank.lock.json").exists()
    built = CliRunner().invoke(cli, ["build", str(bank), "--out", str(out)])
    assert built.exit_code == 0, built.stderr
