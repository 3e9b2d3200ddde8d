"""The cues a test-wise learner reads in an option's words, and what each cue scores.

A learner who does not know the answer still picks well by the words: the
one option without "always" or "never" (absolute words), the one that hedges
("usually", "by default"), the one that repeats the question's key word, the
one with the most code. This module finds those words, per language, and
counts how many of a bank's questions each cue alone answers (`cue_scores`,
shown by `check`); `generator.cue_checks` turns them into warnings.

The words come from `wordlists/<language>.json`, the part of `deck.language`
before its first `_` (`en` for `en_US`). A file holds, all in lower case:

- `absolute`: words and phrases that claim without exception;
- `hedge`: words and phrases that qualify a claim;
- `negative`, `negative_endings`: words (and endings, such as `n't`) that
  turn a question around;
- `stopwords`: words too common to carry a question's meaning;
- `suffixes`, `keep_endings`, `min_stem`: endings dropped before words are
  compared (`tokens` and `token` match), except after `keep_endings`
  (`class`), and only where `min_stem` letters remain; a question's word of
  `min_prefix` letters or more is also repeated by a word it starts
  (`OAuth2PasswordBearer` repeats `OAuth2`);
- `none_of_the_above`: phrases found `anywhere` in an option, or only `at_end`;
- `article`: the two articles, and the starts of words whose sound is not
  what their first letter says (`an hour`, `a user`);
- `number`: words that mark a stem or an option as `singular` or `plural`.

A language without a file gets no word-based checks: only the length and
code cues are counted, and `near-duplicate-options` compares every word.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.bank import Bank, Question
from generator.stats import word_count

WORDLISTS = Path(__file__).parent / "wordlists"

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[ \t]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_WORD = re.compile(r"\w+(?:'\w+)*")


def without_fences(text: str) -> str:
    """The text without its fenced code blocks."""
    return _FENCE.sub(" ", text)


def prose(text: str) -> str:
    """The text without its code: absolute words and hedges in code are code, not claims."""
    return _CODE_SPAN.sub(" ", without_fences(text))


def words_of(text: str) -> list[str]:
    """The words of a text, in lower case, with their apostrophes (`don't`)."""
    return _WORD.findall(text.replace("\u2019", "'").casefold())


def code_count(text: str) -> int:
    """How many pieces of code (spans and fenced blocks) a text shows."""
    return len(_FENCE.findall(text)) + len(_CODE_SPAN.findall(without_fences(text)))


@dataclass(frozen=True)
class Phrases:
    """Words and phrases of a list, found in a text's words."""

    by_first_word: dict[str, tuple[tuple[str, ...], ...]]

    @classmethod
    def of(cls, phrases: Iterable[str]) -> Phrases:
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            parts = tuple(phrase.split())
            by_first.setdefault(parts[0], []).append(parts)
        return cls({first: tuple(found) for first, found in by_first.items()})

    def found_in(self, words: Sequence[str]) -> list[str]:
        """Every phrase of the list in `words`, once for each time it is there."""
        found = []
        for at, word in enumerate(words):
            for parts in self.by_first_word.get(word, ()):
                if tuple(words[at : at + len(parts)]) == parts:
                    found.append(" ".join(parts))
        return found


@dataclass(frozen=True)
class WordLists:
    """One language's words for the checks (see the module's docstring)."""

    absolute: Phrases
    hedge: Phrases
    negative: frozenset[str]
    negative_endings: tuple[str, ...]
    stopwords: frozenset[str]
    suffixes: tuple[str, ...]
    keep_endings: tuple[str, ...]
    min_stem: int
    min_prefix: int
    none_anywhere: Phrases
    none_at_end: tuple[tuple[str, ...], ...]
    articles: tuple[str, str]
    """The article before a consonant sound, then the one before a vowel sound."""
    vowel_letters: str
    consonant_sound_prefixes: tuple[str, ...]
    vowel_sound_prefixes: tuple[str, ...]
    singular: frozenset[str]
    plural: frozenset[str]

    def stem(self, word: str) -> str:
        """The word without an ending listed in `suffixes`, so `tokens` matches `token`."""
        for suffix in self.suffixes:
            if (
                word.endswith(suffix)
                and len(word) - len(suffix) >= self.min_stem
                and not word.endswith(self.keep_endings)
            ):
                return word[: -len(suffix)]
        return word

    def content_words(self, words: Iterable[str]) -> dict[str, str]:
        """The words that carry meaning, by stem, each with its first spelling."""
        found: dict[str, str] = {}
        for word in words:
            if word not in self.stopwords and not word.isdigit():
                found.setdefault(self.stem(word), word)
        return found

    def repeats(self, stem: str, content: frozenset[str], joined: str) -> bool:
        """Whether a text (its content stems, its words joined) repeats a word, by stem or
        as the start of a longer word, such as `oauth2` in `OAuth2PasswordBearer`."""
        return stem in content or (len(stem) >= self.min_prefix and f" {stem}" in joined)


@cache
def word_lists(language: str) -> WordLists | None:
    """The word lists for a `deck.language` such as `en_US`, or None for a language without."""
    path = WORDLISTS / f"{language.split('_')[0].lower()}.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    article = data["article"]
    return WordLists(
        absolute=Phrases.of(data["absolute"]),
        hedge=Phrases.of(data["hedge"]),
        negative=frozenset(data["negative"]),
        negative_endings=tuple(data["negative_endings"]),
        stopwords=frozenset(data["stopwords"]),
        suffixes=tuple(data["suffixes"]),
        keep_endings=tuple(data["keep_endings"]),
        min_stem=data["min_stem"],
        min_prefix=data["min_prefix"],
        none_anywhere=Phrases.of(data["none_of_the_above"]["anywhere"]),
        none_at_end=tuple(tuple(p.split()) for p in data["none_of_the_above"]["at_end"]),
        articles=(article["before_consonant_sound"], article["before_vowel_sound"]),
        vowel_letters=article["vowel_letters"],
        consonant_sound_prefixes=tuple(article["consonant_sound_prefixes"]),
        vowel_sound_prefixes=tuple(article["vowel_sound_prefixes"]),
        singular=frozenset(data["number"]["singular"]),
        plural=frozenset(data["number"]["plural"]),
    )


@dataclass(frozen=True)
class OptionCues:
    """What a test-wise learner notices in one option."""

    words: int
    code: int
    content: frozenset[str]
    """The stems of its words that carry meaning (every word, for a language without lists)."""
    absolutes: tuple[str, ...]
    hedges: tuple[str, ...]
    echoes: tuple[str, ...]
    """The question's words that this option repeats and no other option does."""


def option_cues(question: Question, lists: WordLists | None) -> list[OptionCues]:
    """Each option's cues, in the bank's order of options."""
    texts = [option.text for option in question.options]
    if lists is None:
        content = [frozenset(words_of(without_fences(text))) for text in texts]
        return [
            OptionCues(word_count(text), code_count(text), words, (), (), ())
            for text, words in zip(texts, content, strict=True)
        ]
    said = [words_of(without_fences(text)) for text in texts]
    content = [frozenset(lists.content_words(words)) for words in said]
    joined = [" " + " ".join(words) for words in said]
    asked = lists.content_words(words_of(without_fences(question.question)))
    found = []
    for position, text in enumerate(texts):
        plain = words_of(prose(text))
        others = [at for at in range(len(texts)) if at != position]
        echoes = tuple(
            spelling
            for stem, spelling in asked.items()
            if lists.repeats(stem, content[position], joined[position])
            and not any(lists.repeats(stem, content[at], joined[at]) for at in others)
        )
        found.append(
            OptionCues(
                word_count(text),
                code_count(text),
                content[position],
                tuple(lists.absolute.found_in(plain)),
                tuple(lists.hedge.found_in(plain)),
                echoes,
            )
        )
    return found


# The cues, each as the option a learner using it alone would pick (None: no pick).


def _only(values: Sequence[int], best: Callable[[Sequence[int]], int]) -> int | None:
    """The one position holding the best value, or None if it is shared."""
    top = best(values)
    return values.index(top) if values.count(top) == 1 else None


def _longest(cues: Sequence[OptionCues]) -> int | None:
    return _only([cue.words for cue in cues], max)


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


CUES: tuple[tuple[str, Callable[[Sequence[OptionCues]], int | None], bool], ...] = (
    ("longest", _longest, False),
    ("fewest absolute words", _fewest_absolutes, True),
    ("only hedge", _only_hedge, True),
    ("stem echo", _stem_echo, True),
    ("most code", _most_code, False),
)
"""Each cue: its name, the option it picks, and whether it needs the language's words."""


def cue_scores(bank: Bank) -> tuple[tuple[str, int], ...]:
    """Per cue, the questions a learner picking by that cue alone gets right.

    A cue picks an option only when it singles one out (the one longest, the
    one with the fewest absolute words...); where several tie, it picks none.
    """
    lists = word_lists(bank.deck.language)
    cues = [(question, option_cues(question, lists)) for question in bank.questions]
    return tuple(
        (name, sum(pick(found) == question.correct_index for question, found in cues))
        for name, pick, needs_words in CUES
        if lists is not None or not needs_words
    )


def cue_summary(bank: Bank) -> str:
    """`check`'s line of the cue table: how a test-wise learner who knows nothing scores."""
    scores = ", ".join(f"{name} {right}" for name, right in cue_scores(bank))
    return f"right by one cue alone: {scores} (of {len(bank.questions)})"
