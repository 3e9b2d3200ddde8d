"""The corpus of bad banks: each is refused with its exact messages, and nothing is written.

Every `bad_banks/<case>.yaml` has a `<case>.expected` beside it: the problems the
command prints (without the file name that starts each line), then the count.
A case's first line may be `# args: ...`, options for the command. The cases'
images and sounds are in `bad_banks/media/`, copied beside each case.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import REPO

CORPUS = Path(__file__).parent / "bad_banks"
CASES = sorted(CORPUS.glob("*.yaml"))


def test_the_corpus_covers_at_least_thirty_cases():
    assert len(CASES) >= 30
    assert all(case.with_suffix(".expected").exists() for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_bad_bank_is_refused_with_its_exact_messages(case: Path, tmp_path: Path):
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    bank = tmp_path / case.name
    bank.write_bytes(case.read_bytes())
    shutil.copytree(CORPUS / "media", tmp_path / "media", symlinks=True)
    first_line = case.read_text(encoding="utf-8", errors="replace").partition("\n")[0]
    options = first_line.removeprefix("# args:")
    args = shlex.split(options) if options != first_line else []
    out = tmp_path / "dist"
    out.mkdir()
    previous = out / f"{case.stem}.apkg"
    previous.write_bytes(b"the learner's previous package")

    result = CliRunner().invoke(cli, ["build", str(bank), "--out", str(out), *args])

    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    problems = [line.removeprefix(f"{bank}:") for line in result.stderr.splitlines()]
    assert problems == expected
    assert previous.read_bytes() == b"the learner's previous package"
    assert sorted(p.name for p in out.iterdir()) == [previous.name]
    assert not bank.with_name(f"{case.stem}.lock.json").exists()


def test_the_whole_corpus_in_a_real_process_prints_no_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", *map(str, CASES)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    for case in CASES:
        assert f"{case}:" in result.stderr


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path):
    bank = tmp_path / "huge.yaml"
    # Not even YAML: refusing it must not depend on parsing it.
    bank.write_bytes(b"[" * (1024 * 1024 + 1))
    result = CliRunner().invoke(cli, ["check", "--max-mb", "1", str(bank)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{bank}:1:1: bank: file is 1,048,577 bytes, over the limit of 1,048,576 "
        "(raise it with --max-mb)"
    )


def test_a_deeply_nested_document_is_refused_quickly_in_bounded_memory():
    """Run in a child process with a memory cap: expanding aliases or recursing would blow it."""
    code = (
        "import resource, sys;"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30));"
        "from generator.cli import main; sys.argv = ['generator', 'check', *sys.argv[1:]]; main()"
    )
    cases = [CORPUS / "billion-laughs.yaml", CORPUS / "nesting-10000-levels.yaml"]
    result = subprocess.run(
        [sys.executable, "-c", code, *map(str, cases)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 1, result.stderr
    assert "anchors and aliases" in result.stderr
    assert "nesting is too deep" in result.stderr
