"""What a bank holds, told to its author: questions, tags, and where the right answers fall.

The correct letter is the one the learner sees after the build's shuffle
(`render.display_order`), so a bank whose answers keep landing on the same
letter, and which a learner could game, is caught before anyone studies it
(`generator.itemwriting` judges these numbers; this module only counts). The
letters and the longest options are those the checks' `CueTally` kept as it
read each question (`generator.items`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from generator.bank import Bank
from generator.cues import CueTally
from generator.media import MediaFile
from generator.printable import counted
from generator.render import LETTERS


@dataclass(frozen=True)
class BankStats:
    questions: int
    tags: tuple[tuple[str, int], ...]
    """Each tag with the number of questions that carry it, most used first."""
    correct_letters: tuple[tuple[str, int], ...]
    """How many questions each letter answers, from A to the last letter any question has."""
    reshuffled_at_review: bool
    """True for `shuffle: review`: the learner sees a new order, and new letters, each time."""
    correct_longest: int
    """Questions whose correct option has more words than each wrong one."""
    with_note: tuple[str, ...]
    """Ids of the questions with a since-then `note`."""
    allowed: tuple[tuple[str, int], ...]
    """Each check some question silences, with how many questions silence it."""


def bank_stats(bank: Bank, tally: CueTally | None = None) -> BankStats:
    """The bank's numbers; `tally`, if given, has read the whole bank (as `check` has)."""
    if tally is None:
        tally = CueTally(bank).read()
    tags = Counter(tag for question in bank.questions for tag in question.tags)
    letters = Counter(tally.letters)
    most_options = max(len(question.options) for question in bank.questions)
    allowed = Counter(check for question in bank.questions for check in question.allow)
    return BankStats(
        questions=len(bank.questions),
        tags=_most_first(tags),
        correct_letters=tuple((letter, letters[letter]) for letter in LETTERS[:most_options]),
        reshuffled_at_review=bank.deck.shuffle == "review",
        correct_longest=sum(tally.longest),
        with_note=tuple(question.id for question in bank.questions if question.note),
        allowed=_most_first(allowed),
    )


def _most_first(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def media_summary(files: Sequence[MediaFile]) -> str:
    """How many images and sounds a bank's package carries, and their total size."""
    if not files:
        return "none"
    kinds = Counter(file.type.kind for file in files)
    parts = [
        counted(kinds[kind], kind)
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
