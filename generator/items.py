"""Each question read once, into what the item-writing checks, the cue table and the
statistics all use.

A learner who does not know the answer still picks well by the words: the
one option without "always" or "never" (absolute words), the one that hedges
("usually", "by default"), the one that repeats the question's key word, the
one with the most code, the longest; or by the letter that is right most
often. `read_item` finds those cues in each option (with the language's
`generator.word_lists`), with the question's correct option and the letter
the card shows it under. The checks (`generator.itemwriting`,
`generator.cue_checks`), the cue table (`generator.cues`) and `check`'s
statistics (`generator.stats`) read the item rather than work any of it out
again: each is costly on a large bank (the letter alone seeds a random
generator per question).

A language without word lists gets only the length and code cues.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from generator.bank import DataPath, DeckInfo, Question
from generator.render import LETTERS, display_order
from generator.word_lists import WordLists, code_count, prose, spaced, without_fences, words_of


class OptionCues(NamedTuple):
    """What a test-wise learner notices in one option."""

    length: int
    """Its words as a reader counts them (`word_count`)."""
    code: int
    spaced: str
    """Its words (code included, fenced blocks not) as `word_lists.spaced` finds them, in
    lower case, one space between each two and one before and after."""
    words: list[str]
    absolutes: tuple[str, ...]
    hedges: tuple[str, ...]
    echoes: tuple[str, ...]
    """The question's words that this option repeats and no other option does."""


class Item(NamedTuple):
    """A question as the checks, the cue table and the statistics read it."""

    index: int
    """Its place among the bank's questions."""
    question: Question
    correct: int
    """The place of its correct option among its options."""
    cues: list[OptionCues]
    """Each option's cues, in the bank's order of options."""
    letter: str
    """The correct option's letter on the card as built."""

    @property
    def wrong(self) -> list[tuple[int, OptionCues]]:
        return [(at, cue) for at, cue in enumerate(self.cues) if at != self.correct]

    @property
    def correct_longest(self) -> bool:
        return _longest_is_correct([cue.length for cue in self.cues], self.correct)

    def option_path(self, position: int) -> DataPath:
        return ("questions", self.index, "options", position, "text")

    @property
    def question_path(self) -> DataPath:
        return ("questions", self.index, "question")


def read_item(deck: DeckInfo, index: int, question: Question, lists: WordLists | None) -> Item:
    """The question at `index` of a bank with this `deck`, read for every check."""
    correct = question.correct_index  # a search of the options: once a question
    letter = _letter_shown(deck, question, correct)
    return Item(index, question, correct, option_cues(question, lists), letter)


def correct_letter(deck: DeckInfo, question: Question) -> str:
    """The letter of the correct option on the card as built."""
    return _letter_shown(deck, question, question.correct_index)


def _letter_shown(deck: DeckInfo, question: Question, option: int) -> str:
    return LETTERS[display_order(deck, question).index(option)]


def correct_is_longest(question: Question) -> bool:
    """True when the correct option has more words than every wrong one."""
    lengths = [word_count(option.text) for option in question.options]
    return _longest_is_correct(lengths, question.correct_index)


def _longest_is_correct(lengths: Sequence[int], correct: int) -> bool:
    """True when the option at `correct` has more words than every other one: the one
    longest (no other as long)."""
    longest = max(lengths)
    return lengths[correct] == longest and lengths.count(longest) == 1


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of characters between spaces."""
    return len(text.split())


def option_cues(question: Question, lists: WordLists | None) -> list[OptionCues]:
    """Each option's cues, in the bank's order of options."""
    texts = [option.text for option in question.options]
    said = [spaced(without_fences(text)).split() for text in texts]
    # One space between words (`spaced` leaves a run where punctuation was), so that a
    # phrase or a whole option is found in another's line whatever the punctuation.
    lines = [f" {' '.join(words)} " for words in said]
    echoes = _echoes(question, lines, lists) if lists is not None else None
    found = []
    for position, text in enumerate(texts):
        words = said[position]
        absolutes: tuple[str, ...] = ()
        hedges: tuple[str, ...] = ()
        if lists is not None and not lists.claim_words.isdisjoint(words):
            # An absolute word or a hedge in code is code (`None`), not a claim.
            claimed = words_of(prose(text)) if "`" in text else words
            absolutes = tuple(lists.absolute.found_in(claimed))
            hedges = tuple(lists.hedge.found_in(claimed))
        found.append(
            OptionCues(
                word_count(text),
                code_count(text),
                lines[position],
                words,
                absolutes,
                hedges,
                echoes[position] if echoes else (),
            )
        )
    return found


def _echoes(
    question: Question, lines: list[str], lists: WordLists
) -> list[tuple[str, ...]] | None:
    """The question's words that each option (given as `spaced` gives it, with a space
    before and after) repeats and no other does; None when no option repeats any."""
    asked = lists.content_words(words_of(without_fences(question.question)))
    # All options at once first: most of a question's words are in none of them.
    anywhere = lists.repeated(asked, "".join(lines))
    if not anywhere:
        return None
    repeated = [lists.repeated(anywhere, line) for line in lines]
    echoes = []
    for position, stems in enumerate(repeated):
        others = {stem for at, found in enumerate(repeated) if at != position for stem in found}
        echoes.append(tuple(asked[stem] for stem in stems if stem not in others))
    return echoes
