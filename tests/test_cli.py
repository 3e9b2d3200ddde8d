"""The command line, through click's runner: exit codes, messages, help."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator import __version__
from generator.cli import cli

BROKEN = """deck:
  id: broken
  name: Broken
questions:
  - id: first
    question: What?
    optoins:
      - text: a
        why: b
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_build_writes_one_package_per_bank_and_says_so(fastapi_bank: Path, tmp_path: Path):
    result = run("build", str(fastapi_bank), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    package = tmp_path / "out" / "fastapi-developer-interview.apkg"
    assert package.is_file()
    assert result.output == (
        f"{package}: 5 notes in deck 'FastAPI Developer Interview' "
        "(5 changed since the last build)\n"
    )


def test_check_reports_every_problem_with_file_line_and_question(write_bank, tmp_path: Path):
    bank = write_bank(BROKEN)
    result = run("check", str(bank))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{bank}:5:5: first: missing required key `options`",
        f"{bank}:7:5: first: unknown key `optoins` (did you mean `options`?)",
        "2 problems found",
    ]
    assert "Traceback" not in result.output


def test_build_of_an_invalid_bank_writes_nothing_and_keeps_the_old_package(
    fastapi_bank: Path, tmp_path: Path
):
    out = tmp_path / "out"
    assert run("build", str(fastapi_bank), "--out", str(out)).exit_code == 0
    package = out / "fastapi-developer-interview.apkg"
    lock = fastapi_bank.with_name("fastapi-developer-interview.lock.json")
    before = package.read_bytes(), lock.read_bytes()

    fastapi_bank.write_text(fastapi_bank.read_text().replace("options:", "optoins:", 1))
    result = run("build", str(fastapi_bank), "--out", str(out))

    assert result.exit_code == 1
    assert "did you mean `options`?" in result.stderr
    assert (package.read_bytes(), lock.read_bytes()) == before
    assert sorted(p.name for p in out.iterdir()) == [package.name]


def test_check_accepts_a_valid_bank(fastapi_bank: Path):
    result = run("check", str(fastapi_bank))
    assert result.exit_code == 0
    assert result.output.startswith(f"{fastapi_bank}: ok, 5 questions")


def test_usage_errors_exit_with_2(tmp_path: Path):
    assert run("build").exit_code == 2
    assert run("check", str(tmp_path / "missing.yaml")).exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_every_command_explains_itself():
    for args in ([], ["build"], ["check"]):
        result = run(*args, "--help")
        assert result.exit_code == 0
        assert "Usage:" in result.output
    assert run("--version").output.strip().endswith(__version__)
