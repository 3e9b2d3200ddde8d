"""Item-writing checks on an item's words: the cues `generator.items` finds, as warnings.

Each check names what gives the answer away (the words that do) and how to
fix it, as the checks of `generator.itemwriting` do, which runs these beside
its own: `absolute-words`, `hedged-correct`, `stem-echo`, `none-of-the-above`,
`negative-stem`, `grammatical-cue` (these need the language's word lists) and
`near-duplicate-options`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from generator.flaws import Flaw, allow_hint
from generator.items import Item
from generator.word_lists import WordLists, prose, without_fences

NEAR_DUPLICATE = 0.8
"""Two options are flagged when this share of their words (each counted once, by stem) is
the same, and the shorter has at least this share of the longer's words.

Options that differ in one clear point ("I'd use a thread pool" against
"I'd use a process pool") share 4 of 6 such words; two options of the
shipped bank, none of them alike, share at most 28% of theirs.
"""
NEAR_DUPLICATE_MIN_WORDS = 3
"""Fewer words than this in two options together say too little to compare."""
_NEAR_AS_WRITTEN = 0.5
"""Below this share of the same words as written, no pair's stems are `NEAR_DUPLICATE`."""


def cue_flaws(item: Item, lists: WordLists | None) -> list[Flaw]:
    """Every flaw these checks find in the question (`allow` is for the caller to apply)."""
    flaws = list(near_duplicate_options(item, lists))
    if lists is not None:
        for check in WORD_CHECKS:
            flaws += check(item, lists)
    return flaws


def absolute_words(item: Item, lists: WordLists) -> Iterator[Flaw]:
    mine = item.cues[item.correct].absolutes
    others = [(at, cue.absolutes) for at, cue in item.wrong]
    if not mine and all(words for _, words in others):
        listed = "; ".join(f"option {at + 1}: {_quoted(words)}" for at, words in others)
        yield Flaw(
            "absolute-words",
            item.option_path(item.correct),
            f"every wrong option claims without exception ({listed}) and the correct option "
            "does not: a learner who distrusts absolute words picks it without knowing. Make "
            "a wrong option wrong without one, or state the correct option's rule as firmly"
            + allow_hint("absolute-words"),
        )
    elif mine and not any(words for _, words in others):
        yield Flaw(
            "absolute-words",
            item.option_path(item.correct),
            f"only the correct option claims without exception ({_quoted(mine)}): it stands "
            "out from the others by its words. Word a wrong option as firmly, or say the "
            "correct one without them" + allow_hint("absolute-words"),
        )


def hedged_correct(item: Item, lists: WordLists) -> Iterator[Flaw]:
    mine = item.cues[item.correct].hedges
    if mine and not any(cue.hedges for _, cue in item.wrong):
        yield Flaw(
            "hedged-correct",
            item.option_path(item.correct),
            f"only the correct option hedges ({_quoted(mine)}): a learner who picks the "
            "careful-sounding option gets it without knowing. Let a wrong option qualify its "
            "claim too, or state the correct one plainly" + allow_hint("hedged-correct"),
        )


def stem_echo(item: Item, lists: WordLists) -> Iterator[Flaw]:
    echoes = item.cues[item.correct].echoes
    if echoes:
        yield Flaw(
            "stem-echo",
            item.option_path(item.correct),
            f"only the correct option repeats the question's {_quoted(echoes)}: a learner who "
            "picks the option that echoes the question gets it without knowing. Use the same "
            "words in a wrong option too, or say them differently in the correct one"
            + allow_hint("stem-echo"),
        )


def none_of_the_above(item: Item, lists: WordLists) -> Iterator[Flaw]:
    for position, cue in enumerate(item.cues):
        found = lists.none_of_the_above(cue.spaced)
        if found:
            yield Flaw(
                "none-of-the-above",
                item.option_path(position),
                f'option {position + 1} says "{found}": when it is wrong, a learner who sees '
                "one right option rules it out; when it is right, the card asks only what is "
                "wrong, never what is right. Write out a real answer instead"
                + allow_hint("none-of-the-above"),
            )


_BOLD = re.compile(r"\*\*(?=\S)(?:.+?)(?<=\S)\*\*|__(?=\S)(?:.+?)(?<=\S)__", re.S)
_SPELLED = re.compile(r"\w+(?:['\u2019]\w+)*")


def negative_stem(item: Item, lists: WordLists) -> Iterator[Flaw]:
    asked = item.question.question.casefold().replace("\u2019", "'")
    if not any(word in asked for word in lists.negative) and not any(
        ending in asked for ending in lists.negative_endings
    ):
        return  # most questions: no negative word anywhere, not even inside another word
    text = prose(item.question.question)
    bold = [match.span() for match in _BOLD.finditer(text)]
    loose = []
    for match in _SPELLED.finditer(text):
        word = match.group(0).replace("\u2019", "'")
        lower = word.casefold()
        if lower not in lists.negative and not lower.endswith(lists.negative_endings):
            continue
        set_off = (word.isupper() and len(word) > 1) or any(
            start <= match.start() and match.end() <= end for start, end in bold
        )
        if not set_off:
            loose.append(word)
    if loose:
        yield Flaw(
            "negative-stem",
            item.question_path,
            f"the question turns on {_quoted(loose)}, not set off: a learner reading fast "
            "answers the opposite question. Write it in capitals or bold (**not**), or ask "
            "the question the positive way" + allow_hint("negative-stem"),
        )


_LAST_WORD = re.compile(r"\w+$")
_BLANKS = " \t\n_\u2026.:-\u2013\u2014"
"""What may follow a stem's last word: blanks to fill (`___`, `…`, `...`), a colon, dashes."""


def grammatical_cue(item: Item, lists: WordLists) -> Iterator[Flaw]:
    if item.question.question.rstrip().endswith("?"):
        return  # a question, not a stem to complete: most are
    stem = prose(item.question.question).rstrip(_BLANKS)
    end = _LAST_WORD.search(stem[-40:])  # the tail: a search from the start is quadratic
    if not end:
        return
    word = end.group(0)
    last = word.casefold()
    if last not in lists.articles and last not in lists.singular and last not in lists.plural:
        return
    firsts = [_first_word(option.text) for option in item.question.options]
    misfits = [
        (position, first)
        for position, first in enumerate(firsts)
        if first and not _fits(lists, last, first)
    ]
    if misfits and len(misfits) < len(firsts):
        numbers = ", ".join(str(position + 1) for position, _ in misfits)
        which = f"options {numbers} do" if len(misfits) > 1 else f"option {numbers} does"
        yield Flaw(
            "grammatical-cue",
            item.question_path,
            f'the question ends with "{word}", which {which} not fit '
            f"({_quoted(first for _, first in misfits)}): a learner rules out an option by "
            f'grammar alone. End the question before "{word}", or make every option '
            "fit it" + allow_hint("grammatical-cue"),
        )


def _first_word(text: str) -> str | None:
    match = _SPELLED.search(without_fences(text).replace("`", " "))
    return match.group(0) if match else None


def _fits(lists: WordLists, last: str, first: str) -> bool:
    """Whether an option starting with `first` reads on from a stem ending with `last`."""
    word = first.casefold()
    if last in lists.articles:
        if word in lists.plural:
            return False
        if (first.isupper() and len(first) > 1) or not word[0].isalpha():
            return True  # an abbreviation or a number: its sound is not in its letters
        vowel = not word.startswith(lists.consonant_sound_prefixes) and (
            word.startswith(lists.vowel_sound_prefixes) or word[0] in lists.vowel_letters
        )
        return lists.articles[vowel] == last
    if last in lists.singular:
        return word not in lists.plural
    if last in lists.plural:
        return word not in lists.singular
    return True


def near_duplicate_options(item: Item, lists: WordLists | None) -> Iterator[Flaw]:
    cues = item.cues
    correct_at = item.correct
    correct = cues[correct_at].spaced
    sizes = [len(cue.words) for cue in cues]
    distinct: dict[int, frozenset[str]] = {}  # made only for options of a like size
    for later, later_size in enumerate(sizes):
        for earlier in range(later):
            earlier_size = sizes[earlier]
            if (
                earlier_size < NEAR_DUPLICATE * later_size
                or later_size < NEAR_DUPLICATE * earlier_size
            ):
                continue  # one says much more than the other
            first = distinct.get(earlier)
            if first is None:
                first = distinct[earlier] = frozenset(cues[earlier].words)
            second = distinct.get(later)
            if second is None:
                second = distinct[later] = frozenset(cues[later].words)
            # Words as written first, which is quick and rules out nearly every pair: stems
            # only merge a word's forms (`pool`, `pools`), too few to lift a pair from
            # under half the same words to `NEAR_DUPLICATE`.
            shared_count = len(first & second)
            if shared_count < _NEAR_AS_WRITTEN * (len(first) + len(second) - shared_count):
                continue
            if lists is not None:
                first = frozenset(map(lists.stem, first))
                second = frozenset(map(lists.stem, second))
            union = first | second
            shared = first & second
            if len(union) < NEAR_DUPLICATE_MIN_WORDS or len(shared) < NEAR_DUPLICATE * len(union):
                continue  # not near enough, or too few words to tell
            other = earlier if later == correct_at else later
            inside = correct_at in (earlier, later) and cues[other].spaced in correct
            if cues[earlier].words == cues[later].words or inside:
                # The same words are `same-options`' to judge, a wrong option inside the
                # correct one `contained-in-correct`'s.
                continue
            differ = sorted(union - shared)
            how = f"they differ only in {_quoted(differ)}" if differ else "in another order"
            yield Flaw(
                "near-duplicate-options",
                item.option_path(later),
                f"options {earlier + 1} and {later + 1} say nearly the same: {len(shared)} of "
                f"their {len(union)} words are the same ({how}), so a learner can rule both "
                "out, or in, together. Make each wrong in its own way, or remove one"
                + allow_hint("near-duplicate-options"),
            )
            break


WORD_CHECKS: tuple[Callable[[Item, WordLists], Iterator[Flaw]], ...] = (
    absolute_words,
    hedged_correct,
    stem_echo,
    none_of_the_above,
    negative_stem,
    grammatical_cue,
)


def _quoted(words: Iterable[str]) -> str:
    return ", ".join(f'"{word}"' for word in dict.fromkeys(words))
