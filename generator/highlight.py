"""Which code blocks get Pygments' colours: only those it is measured to finish fast.

Some of Pygments' lexers backtrack catastrophically on a few bytes of the
wrong shape, others slow down with the square of a block's size, and a
card's code is the bank author's text. `benchmarks/lexer_survey.py` measures
every lexer against inputs that trouble regular expressions and writes, for
each, the largest block (its cap, in characters, 0 for never) it lexed every
shape of within a fixed CPU budget: `lexers.json`, beside this module. A block
is highlighted only by a lexer the survey measured, and only up to its cap;
any other is shown as plain text, and `check` and `build` say so (see
`generator.code_warnings`). The rule reads the committed survey, never a
clock, so the same bank gives the same bytes on any machine, and every
block's highlighting costs at most the budget: a build stays linear in its
input. A Pygments release the survey did not measure fails a test until the
survey is run again (`make lexer-survey`).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pygments.lexer import Lexer

SURVEY = Path(__file__).with_name("lexers.json")


# Looking a lexer up by name costs more than highlighting a short block, so each
# is made once (a lexer keeps no state between blocks).
@cache
def lexer_for(language: str) -> Lexer | None:
    """Pygments' lexer for a fence's language, or None for a language it does not know."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(language)
    except ClassNotFound:
        return None


def plain_because(language: str, code: str) -> str | None:
    """Why a block in `language` is shown without colours, or None when it gets them
    (or when no lexer knows the language: such a block was never coloured)."""
    lexer = lexer_for(language)
    if lexer is None:
        return None
    cap = caps().get(type(lexer).__name__)
    if cap is None:
        return (
            f"`{language}` code is shown without colours: this Pygments' lexer for it was "
            "never measured (run `make lexer-survey`)"
        )
    if cap == 0:
        return (
            f"`{language}` code is shown without colours: Pygments' lexer for it can take "
            "minutes on a few lines of the wrong shape (measured by benchmarks/lexer_survey.py)"
        )
    if len(code) > cap:
        return (
            f"`{language}` code block of {len(code):,} characters is shown without colours: "
            f"its highlighting is measured fast up to {cap:,}; split the block to colour it"
        )
    return None


@cache
def caps() -> dict[str, int]:
    """Each surveyed lexer's cap, by its class name."""
    survey = json.loads(SURVEY.read_text(encoding="utf-8"))
    return {name: verdict["cap"] for name, verdict in survey["lexers"].items()}


def surveyed_version() -> str:
    """The Pygments release the survey measured."""
    return json.loads(SURVEY.read_text(encoding="utf-8"))["pygments"]
