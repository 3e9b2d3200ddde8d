"""Item-writing checks: the cues that let a learner answer without knowing the answer.

A multiple-choice card should test knowledge, not test-taking. The best
documented flaws of multiple-choice items are cues a test-wise learner uses:
the correct option is the longest or the most complete, one option is
another's text with more added, two options say the same thing, or an option
points at the others ("all of the above"). Each check here finds one such
cue in a valid bank and says what it is and how to fix it.

They are warnings, not errors: `check` and `build` print them and go on,
`--strict` makes any of them fail. An author who means a flagged question as
it is silences one check for that question with `allow: [<check>]`.

The checks work on the bank's values and their paths (such as
`("questions", 3, "options", 1, "text")`); `generator.positions` finds the
line and column only for the warnings there are.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from generator.bank import Bank, CheckName, DataPath
from generator.code_warnings import plain_code_blocks
from generator.cue_checks import cue_flaws
from generator.cues import CueTally
from generator.flaws import Flaw, allow_hint
from generator.items import Item
from generator.loader import LoadedBank
from generator.printable import printable
from generator.problems import Problem
from generator.render import LETTERS

MUCH_LONGER_RATIO = 1.5
"""The correct option is flagged at this many times the longest wrong option's words.

Measured on real banks: the FastAPI bank as first written had its model
answers at 2.3 to 3.0 times the longest wrong option (a learner who picked the
longest option scored 5 of 5); written as a fair test, at most 1.25 times
(wrong options within 25% of the model answer). 1.5 lies between the two.
"""
LONGEST_MIN_QUESTIONS = 4
"""Below this many questions, the correct option being the longest in most is chance."""
SKEW_MIN_QUESTIONS = 4
"""Below this many questions, a letter being correct for most of them is just chance."""


@dataclass(frozen=True, order=True)
class ItemWarning:
    """A flaw at a place an author can jump to: file, line, column, question, message."""

    problem: Problem
    """Named after the flaw's question, or "deck" or "bank" for a flaw of the whole bank."""
    check: CheckName | Literal["plain-code"]
    """The check that found it; "plain-code" for a code block shown without colours
    (`generator.code_warnings`), which no `allow` silences."""

    def __str__(self) -> str:
        at = self.problem
        return printable(f"{at.file}:{at.line}:{at.column}: {at.where}: warning: {at.message}")


def bank_warnings(loaded: LoadedBank, tally: CueTally | None = None) -> list[ItemWarning]:
    """Every flaw of the loaded bank, and every code block a card will show without
    colours, placed in its file, in file order (`tally`: as for `find_flaws`)."""
    at = loaded.positions.problem
    flaws = find_flaws(loaded.bank, tally)
    warnings = [ItemWarning(at(flaw.path, flaw.message), flaw.check) for flaw in flaws]
    warnings += [ItemWarning(note, "plain-code") for note in plain_code_blocks(loaded)]
    return sorted(warnings)


def find_flaws(bank: Bank, tally: CueTally | None = None) -> list[Flaw]:
    """Every flaw of the bank that its questions do not `allow`; `tally`, if given, reads
    the questions, counting what each cue alone gets right on the way (`check` shows it)."""
    if tally is None:
        tally = CueTally(bank)
    flaws: list[Flaw] = []
    for item in tally.items():  # one at a time: a bank's cues are never all held at once
        folded = _folded(item)
        for check in QUESTION_CHECKS:
            flaws += check(item, folded)
        flaws += cue_flaws(item, tally.lists)
    flaws += longest_correct(bank, tally.longest)
    flaws += correct_letter_skew(bank, tally.letters)
    allowed = {
        (index, name) for index, question in enumerate(bank.questions) for name in question.allow
    }
    return [flaw for flaw in flaws if (_question_index(flaw.path), flaw.check) not in allowed]


# The checks of one question, given with its options folded (`fold`). Each yields
# the question's flaws of its kind.


def much_longer_correct(item: Item, folded: _Folded) -> Iterator[Flaw]:
    correct = item.correct
    correct_words = item.cues[correct].length
    longest_wrong = max(cue.length for _, cue in item.wrong)
    if correct_words >= MUCH_LONGER_RATIO * max(longest_wrong, 1):
        yield Flaw(
            "much-longer-correct",
            item.option_path(correct),
            f"the correct option has {correct_words} words, {correct_words / longest_wrong:.1f} "
            f"times the longest wrong option ({longest_wrong}): a learner can pick it by its "
            "length alone. Give the wrong options as much substance (each its own plausible "
            f"point), or shorten this one, to within {MUCH_LONGER_RATIO}x"
            + allow_hint("much-longer-correct"),
        )


def same_options(item: Item, folded: _Folded) -> Iterator[Flaw]:
    first_with: dict[str, int] = {}
    for position, text in enumerate(folded.texts):
        if text in first_with:
            yield Flaw(
                "same-options",
                item.option_path(position),
                f"option {position + 1} reads the same as option {first_with[text] + 1} "
                "(ignoring case, spacing and punctuation): a learner can rule both out, or in, "
                "together. Reword one or remove it" + allow_hint("same-options"),
            )
        else:
            first_with[text] = position


_POINTS_AT_OTHERS = re.compile(
    r"\b(?:all|none|both|neither|either) of (?:the|these|those) "
    r"(?:above|below|previous|preceding|others|other (?:answers|options|choices)|answers|"
    r"options|choices)\b"
    r"|\b(?:all|none) of (?:these|those|them)$"
    r"|\b(?:all|none) the above\b"
    r"|\b(?:answers?|options?|choices?) [a-h] (?:and|or|nor) [a-h]\b"
    r"|^(?:both |either |neither )?[a-h](?: [a-h])* (?:and|or|nor) [a-h]$"
)


# Every phrase the pattern finds has one of these words, or is a short text of its
# own ("both a and c", "a, b or d"): looking for them among the words first is many
# times faster than the pattern.
_POINTING_WORDS = frozenset(
    ("above", "below", "previous", "preceding", "other", "others", "these", "those", "them")
    + ("answer", "answers", "option", "options", "choice", "choices")
)
_SHORT_TEXT = 24


def all_of_the_above(item: Item, folded: _Folded) -> Iterator[Flaw]:
    for position, text in enumerate(folded.texts):
        if len(text) > _SHORT_TEXT and _POINTING_WORDS.isdisjoint(folded.words[position]):
            continue
        match = _POINTS_AT_OTHERS.search(text)
        # "None of the above" is a flaw of its own (`generator.cue_checks`).
        if match and not match.group(0).startswith("none"):
            yield Flaw(
                "all-of-the-above",
                item.option_path(position),
                f'option {position + 1} points at the other options ("{match.group(0)}"): '
                "the shuffle moves them, and a learner who sees two right options knows the "
                "answer without knowing the third. Write out what it stands for"
                + allow_hint("all-of-the-above"),
            )


def contained_in_correct(item: Item, folded: _Folded) -> Iterator[Flaw]:
    correct = item.correct
    whole = folded.texts[correct]
    for position, text in enumerate(folded.texts):
        if position == correct or not text or text == whole:
            continue  # an option equal to the correct one is `same-options`' to report
        if f" {text} " in f" {whole} ":
            yield Flaw(
                "contained-in-correct",
                item.option_path(position),
                f"wrong option {position + 1} is all contained in the correct option: a learner "
                "can pick the option that includes the others. Give it a point of its own that "
                "the correct option lacks, or reword it" + allow_hint("contained-in-correct"),
            )


QUESTION_CHECKS: tuple[Callable[[Item, _Folded], Iterator[Flaw]], ...] = (
    much_longer_correct,
    same_options,
    all_of_the_above,
    contained_in_correct,
)


# The checks of the whole bank. A question that allows one is not counted.


def longest_correct(bank: Bank, correct_longest: Sequence[bool]) -> list[Flaw]:
    """The correct option the longest in more than half the questions (`correct_longest`:
    whether it is in each question, in the bank's order)."""
    total = len(bank.questions)
    longest = [
        question.id
        for question, is_longest in zip(bank.questions, correct_longest, strict=True)
        if is_longest and "longest-correct" not in question.allow
    ]
    if total < LONGEST_MIN_QUESTIONS or len(longest) * 2 <= total:
        return []
    return [
        Flaw(
            "longest-correct",
            ("questions",),
            f"the correct option is the longest in {len(longest)} of the {total} questions "
            f"({', '.join(longest)}): a learner who always picks the longest option scores "
            f"{len(longest)} of {total} without reading. Make a wrong option the longest in "
            "some of them, or add `allow: [longest-correct]` to a question where you mean it",
        )
    ]


def correct_letter_skew(bank: Bank, correct_letters: Sequence[str]) -> list[Flaw]:
    """One letter correct for more than half the questions, as the cards show them
    (`correct_letters`: each question's, in the bank's order)."""
    total = len(bank.questions)
    if bank.deck.shuffle == "review" or total < SKEW_MIN_QUESTIONS:
        return []
    letters = Counter(
        letter
        for question, letter in zip(bank.questions, correct_letters, strict=True)
        if "correct-letter" not in question.allow
    )
    if not letters:
        return []
    letter, count = min(letters.items(), key=lambda item: (-item[1], LETTERS.index(item[0])))
    if count * 2 <= total:
        return []
    place = "shuffle_seed" if bank.deck.shuffle is not False else "shuffle"
    return [
        Flaw(
            "correct-letter",
            ("deck", place),
            f"{letter} is the correct letter for {count} of the {total} questions; a learner "
            "could guess it. Change `deck.shuffle_seed` (or the options' order, with "
            "`shuffle: false`) and check again, or add `allow: [correct-letter]` to a question "
            "whose letter you mean",
        )
    ]


def fold(text: str) -> str:
    """The text with case, spacing, punctuation and Markdown marks folded away."""
    return " ".join(_folded_words(text))


class _Folded(NamedTuple):
    """A question's options folded (`fold`), each as a text and as its words."""

    texts: tuple[str, ...]
    words: tuple[list[str], ...]


def _folded(item: Item) -> _Folded:
    words = tuple(
        cue.words if _spaced_as_folded(option.text) else _folded_words(option.text)
        for option, cue in zip(item.question.options, item.cues, strict=True)
    )
    return _Folded(tuple(" ".join(option) for option in words), words)


def _spaced_as_folded(text: str) -> bool:
    """Whether `word_lists.spaced` splits the text into its folded words: it does, but in
    text other than ASCII, or with what it alone keeps in a word (`_`, `'`) or leaves out
    (a fenced block). The words the option's cues hold then save folding it again (0.09 s
    of CPU on 10,000 questions, measured)."""
    return text.isascii() and not ("_" in text or "'" in text or "```" in text or "~~~" in text)


_NOT_WORD = re.compile(r"[\W_]+")
# For ASCII text, which NFKC leaves as it is and `casefold` merely lowers: capitals to
# lower case and every character but a letter or digit to a space, in one pass over
# its bytes, several times faster than the pattern (tests/test_itemwriting_fold.py).
_ASCII_FOLD = bytes(
    ord(chr(c).lower()) if chr(c).isalnum() else 32 for c in range(128)
) + bytes(128)  # ASCII text has no byte above 127, but `translate` takes a table of 256


def _folded_words(text: str) -> list[str]:
    """The words `fold` keeps: runs of letters and digits, in lower case."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_FOLD).decode("ascii").split()
    return _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split()


def _question_index(path: DataPath) -> int | None:
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        return path[1]
    return None
