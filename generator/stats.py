"""What a bank holds, told to its author: questions, tags, and where the right answers fall.

The correct letter is the one the learner sees after the build's shuffle
(`render.display_order`), so a bank whose answers keep landing on the same
letter, and which a learner could game, is caught before anyone studies it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from generator.bank import Bank, DeckInfo, Question
from generator.media import MediaFile
from generator.render import LETTERS, display_order

SKEW_MIN_QUESTIONS = 4
"""Below this many questions, a letter being correct for most of them is just chance."""


@dataclass(frozen=True)
class BankStats:
    questions: int
    tags: tuple[tuple[str, int], ...]
    """Each tag with the number of questions that carry it, most used first."""
    correct_letters: tuple[tuple[str, int], ...]
    """How many questions each letter answers, from A to the last letter any question has."""
    reshuffled_at_review: bool
    """True for `shuffle: review`: the learner sees a new order, and new letters, each time."""

    def letter_warning(self) -> str | None:
        """A warning when one letter is correct for more than half the questions, else None."""
        if self.reshuffled_at_review or self.questions < SKEW_MIN_QUESTIONS:
            return None
        letter, count = max(self.correct_letters, key=lambda item: item[1])
        if count * 2 <= self.questions:
            return None
        return (
            f"{letter} is the correct letter for {count} of the {self.questions} questions; "
            "a learner could guess it. Change `deck.shuffle_seed` (or the options' order, "
            "with `shuffle: false`) and check again"
        )


def bank_stats(bank: Bank) -> BankStats:
    tags = Counter(tag for question in bank.questions for tag in question.tags)
    letters = Counter(correct_letter(bank.deck, question) for question in bank.questions)
    most_options = max(len(question.options) for question in bank.questions)
    return BankStats(
        questions=len(bank.questions),
        tags=tuple(sorted(tags.items(), key=lambda item: (-item[1], item[0]))),
        correct_letters=tuple((letter, letters[letter]) for letter in LETTERS[:most_options]),
        reshuffled_at_review=bank.deck.shuffle == "review",
    )


def correct_letter(deck: DeckInfo, question: Question) -> str:
    """The letter of the correct option on the card as built."""
    return LETTERS[display_order(deck, question).index(question.correct_index)]


def media_summary(files: Sequence[MediaFile]) -> str:
    """How many images and sounds a bank's package carries, and their total size."""
    if not files:
        return "none"
    kinds = Counter(file.type.kind for file in files)
    parts = [
        f"{kinds[kind]} {kind}{'s' if kinds[kind] != 1 else ''}"
        for kind in ("image", "sound")
        if kinds[kind]
    ]
    return f"{', '.join(parts)}, {_size(sum(file.size for file in files))}"


def _size(size: int) -> str:
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"
