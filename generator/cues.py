"""The cues a test-wise learner reads in an option's words, and what each cue scores.

A learner who does not know the answer still picks well by the words: the
one option without "always" or "never" (absolute words), the one that hedges
("usually", "by default"), the one that repeats the question's key word, the
one with the most code, the longest. This module finds those cues in each
option (`option_cues`, with the language's `generator.word_lists`) and
counts how many of a bank's questions each cue alone answers (`cue_scores`,
shown by `check`); `generator.cue_checks` turns them into warnings.

A language without word lists gets only the length and code cues.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from generator.bank import Bank, Question
from generator.stats import correct_is_longest
from generator.word_lists import (
    WordLists,
    code_count,
    prose,
    spaced,
    without_fences,
    word_lists,
    words_of,
)


class OptionCues(NamedTuple):
    """What a test-wise learner notices in one option."""

    code: int
    spaced: str
    """Its text (code included, fenced blocks not) as `word_lists.spaced` gives it, with a
    space before and after: its words in lower case, with spaces between them."""
    words: list[str]
    absolutes: tuple[str, ...]
    hedges: tuple[str, ...]
    echoes: tuple[str, ...]
    """The question's words that this option repeats and no other option does."""


def option_cues(question: Question, lists: WordLists | None) -> list[OptionCues]:
    """Each option's cues, in the bank's order of options."""
    texts = [option.text for option in question.options]
    lines = [f" {spaced(without_fences(text))} " for text in texts]
    said = [line.split() for line in lines]
    if lists is None:
        return [
            OptionCues(code_count(text), line, words, (), (), ())
            for text, line, words in zip(texts, lines, said, strict=True)
        ]
    asked = lists.content_words(words_of(without_fences(question.question)))
    # All options at once first: most of a question's words are in none of them.
    anywhere = lists.repeated(asked, "".join(lines))
    repeated = [lists.repeated(anywhere, line) for line in lines]
    found = []
    for position, text in enumerate(texts):
        absolutes: list[str] = []
        hedges: list[str] = []
        if not lists.claim_words.isdisjoint(said[position]):
            # An absolute word or a hedge in code is code (`None`), not a claim.
            words = words_of(prose(text)) if "`" in text else said[position]
            absolutes, hedges = lists.absolute.found_in(words), lists.hedge.found_in(words)
        echoes = repeated[position]
        if echoes:
            others = {stem for at, stems in enumerate(repeated) if at != position for stem in stems}
            echoes = [asked[stem] for stem in echoes if stem not in others]
        found.append(
            OptionCues(
                code_count(text),
                lines[position],
                said[position],
                tuple(absolutes),
                tuple(hedges),
                tuple(echoes),
            )
        )
    return found


# The cues read in the words, each as the option a learner using it alone
# would pick (None: no pick). The longest option is `stats`' to count.


def _only(values: Sequence[int], best: Callable[[Sequence[int]], int]) -> int | None:
    """The one position holding the best value, or None if it is shared."""
    top = best(values)
    return values.index(top) if values.count(top) == 1 else None


def _fewest_absolutes(cues: Sequence[OptionCues]) -> int | None:
    return _only([len(cue.absolutes) for cue in cues], min)


def _only_hedge(cues: Sequence[OptionCues]) -> int | None:
    hedged = [position for position, cue in enumerate(cues) if cue.hedges]
    return hedged[0] if len(hedged) == 1 else None


def _stem_echo(cues: Sequence[OptionCues]) -> int | None:
    counts = [len(cue.echoes) for cue in cues]
    return _only(counts, max) if max(counts) else None


def _most_code(cues: Sequence[OptionCues]) -> int | None:
    counts = [cue.code for cue in cues]
    return _only(counts, max) if max(counts) else None


WORD_CUES: tuple[tuple[str, Callable[[Sequence[OptionCues]], int | None]], ...] = (
    ("fewest absolute words", _fewest_absolutes),
    ("only hedge", _only_hedge),
    ("stem echo", _stem_echo),
)
"""The cues that need the language's word lists, by name."""
CODE_CUE = ("most code", _most_code)

CueScores = tuple[tuple[str, int], ...]
"""Per cue, by name, the questions a learner picking by that cue alone gets right."""


class CueTally:
    """Reads each question's cues, and counts what each cue alone gets right.

    A cue picks an option only when it singles one out (the one longest, the
    one with the fewest absolute words...); where several tie, it picks none.
    """

    def __init__(self, bank: Bank):
        self.bank = bank
        self.lists = word_lists(bank.deck.language)
        self._cues = (*WORD_CUES, CODE_CUE) if self.lists is not None else (CODE_CUE,)
        self._right = dict.fromkeys((name for name, _ in self._cues), 0)

    def questions(self) -> Iterator[tuple[int, Question, list[OptionCues]]]:
        """Each question of the bank with its options' cues, counted as it is read."""
        for index, question in enumerate(self.bank.questions):
            found = option_cues(question, self.lists)
            correct = question.correct_index  # a search of the options: once a question
            for name, pick in self._cues:
                if pick(found) == correct:
                    self._right[name] += 1
            yield index, question, found

    def scores(self) -> CueScores:
        """What each cue got right in the questions read so far (`questions` to its end)."""
        longest = sum(correct_is_longest(question) for question in self.bank.questions)
        return (("longest", longest), *self._right.items())


def cue_scores(bank: Bank) -> CueScores:
    """Per cue, the questions a learner picking by that cue alone gets right."""
    tally = CueTally(bank)
    for _ in tally.questions():
        pass
    return tally.scores()


def cue_summary(scores: CueScores, questions: int) -> str:
    """`check`'s line of the cue table: how a test-wise learner who knows nothing scores."""
    return f"right by one cue alone: {', '.join(f'{n} {r}' for n, r in scores)} (of {questions})"
