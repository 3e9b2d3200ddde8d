"""Highlighting is bounded: a block is coloured only by a lexer the survey measured fast,
up to its cap, and `check` names every block a card will show without colours.

The survey itself is `make lexer-survey` (benchmarks/lexer_survey.py), not a test;
here: that its findings cover the Pygments installed, and that the build obeys them.
"""

from __future__ import annotations

from pathlib import Path

import pygments
from click.testing import CliRunner
from pygments.lexers import LEXERS

from benchmarks.lexer_survey import probes
from generator.cli import cli
from generator.highlight import caps, lexer_for, plain_because, surveyed_version
from generator.markdown import HIGHLIGHT_CLASS, markdown


def test_the_survey_measured_the_installed_pygments_and_every_lexer_it_finds_by_name():
    assert surveyed_version() == pygments.__version__, "run `make lexer-survey` and commit it"
    named = {name for name, entry in LEXERS.items() if entry[2]}
    assert set(caps()) == named


def test_the_survey_found_lexers_to_avoid_and_keeps_the_common_ones():
    never = [name for name, cap in caps().items() if cap == 0]
    assert "ScalaLexer" in never  # an unterminated string of backslashes: exponential
    for language in ["python", "yaml", "bash", "json", "javascript", "html", "sql"]:
        assert caps()[type(lexer_for(language)).__name__] >= 1024, language


def _fence(language: str, code: str) -> str:
    return f"```{language}\n{code}\n```"


def test_a_block_is_coloured_up_to_its_lexers_cap_and_plain_beyond():
    cap = caps()["PythonLexer"]
    fits = "x = 1\n" * ((cap - 1) // 6)
    assert plain_because("python", fits + "\n") is None
    assert f'<pre class="{HIGHLIGHT_CLASS}">' in markdown(_fence("python", fits))
    over = "x = 1\n" * (cap // 6 + 1)
    assert "split the block" in (plain_because("python", over + "\n") or "")
    html = markdown(_fence("python", over))
    assert HIGHLIGHT_CLASS not in html and html.startswith('<pre><code class="language-python">')


def test_a_block_in_a_language_whose_lexer_backtracks_is_plain_whatever_it_holds():
    for name, text in probes():
        if name.startswith("'\"'"):
            html = markdown(_fence("scala", text))
            assert HIGHLIGHT_CLASS not in html, name


def _block(text: str, indent: str) -> str:
    """`text` as a YAML block scalar's lines, indented."""
    return "".join(f"{indent}{line}\n" if line else "\n" for line in text.splitlines())


def test_check_and_build_name_every_plain_block_at_its_fences_line(tmp_path: Path):
    scala = _fence("scala", '"' + "\\" * 64)
    long_python = _fence("python", "x = 1\n" * (caps()["PythonLexer"] // 6 + 1))
    question = f"Which?\n\n{scala}\n\n{_fence('python', 'y = 2')}\n\n{scala}\n"
    bank = tmp_path / "code.yaml"
    bank.write_text(
        "deck:\n  id: code\n  name: Code\nquestions:\n  - id: a\n    question: |\n"
        + _block(question, "      ")
        + "    options:\n      - text: One.\n        why: |\n"
        + _block(f"Because:\n\n{long_python}\n", "          ")
        + "        correct: true\n      - text: Two.\n        why: Weaker.\n",
        encoding="utf-8",
    )
    source = bank.read_text(encoding="utf-8").splitlines()
    fences = [number for number, line in enumerate(source, 1) if "```scala" in line]
    python = [number for number, line in enumerate(source, 1) if "```python" in line][-1]

    checked = CliRunner().invoke(cli, ["check", str(bank)])
    built = CliRunner().invoke(cli, ["build", str(bank), "--out", str(tmp_path / "dist")])

    for result in (checked, built):
        assert result.exit_code == 0
        warnings = [line for line in result.stderr.splitlines() if "without colours" in line]
        lines = [int(line.removeprefix(f"{bank}:").split(":")[0]) for line in warnings]
        assert lines == [*fences, python]
    assert (tmp_path / "dist" / "code.apkg").exists()
