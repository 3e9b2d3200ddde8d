"""What each cue a test-wise learner reads in the options scores, counted as the checks read.

A learner who does not know the answer still picks well by the words or by
the letter (`generator.items` finds the cues in each option). `CueTally`
reads a bank's questions one at a time for the checks, and counts on the way
how many of them each cue alone answers (`cue_scores`, shown by `check`); it
keeps each question's correct letter and whether its correct option is the
longest, which the checks of the whole bank (`generator.itemwriting`) and
the statistics (`generator.stats`) count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from generator.bank import Bank
from generator.items import Item, OptionCues, read_item
from generator.word_lists import word_lists

# The cues read in the words, each as the option a learner using it alone
# would pick (None: no pick). The longest option is `Item.correct_longest`.


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
    """Reads each question of a bank once (`items`), and counts what each cue alone gets right.

    A cue picks an option only when it singles one out (the one longest, the
    one with the fewest absolute words...); where several tie, it picks none.
    """

    def __init__(self, bank: Bank):
        self.bank = bank
        self.lists = word_lists(bank.deck.language)
        self._cues = (*WORD_CUES, CODE_CUE) if self.lists is not None else (CODE_CUE,)
        self._right = dict.fromkeys((name for name, _ in self._cues), 0)
        self.letters: list[str] = []
        """Each question's correct letter on the card as built, in the bank's order."""
        self.longest: list[bool] = []
        """For each question, whether its correct option is the longest."""

    def items(self) -> Iterator[Item]:
        """Each question of the bank as the checks read it, counted as it is read (a
        second reading counts from the start again)."""
        self._right = dict.fromkeys(self._right, 0)
        self.letters, self.longest = [], []
        deck, lists = self.bank.deck, self.lists
        for index, question in enumerate(self.bank.questions):
            item = read_item(deck, index, question, lists)
            for name, pick in self._cues:
                if pick(item.cues) == item.correct:
                    self._right[name] += 1
            self.letters.append(item.letter)
            self.longest.append(item.correct_longest)
            yield item

    def read(self) -> CueTally:
        """The tally of the whole bank, read without checking anything."""
        for _ in self.items():
            pass
        return self

    def scores(self) -> CueScores:
        """What each cue got right in the questions read so far (`items` to its end)."""
        return (("longest", sum(self.longest)), *self._right.items())


def cue_scores(bank: Bank) -> CueScores:
    """Per cue, the questions a learner picking by that cue alone gets right."""
    return CueTally(bank).read().scores()


def cue_summary(scores: CueScores, questions: int) -> str:
    """`check`'s line of the cue table: how a test-wise learner who knows nothing scores."""
    return f"right by one cue alone: {', '.join(f'{n} {r}' for n, r in scores)} (of {questions})"
