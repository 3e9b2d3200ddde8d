"""A language's words for the item-writing checks, and a text's words as they compare them.

The words come from `wordlists/<language>.json`, the part of `deck.language`
before its first `_` (`en` for `en_US`). A file holds, all in lower case:

- `absolute`: words and phrases that claim without exception ("always");
- `hedge`: words and phrases that qualify a claim ("usually", "by default");
- `negative`, `negative_endings`: words (and endings, such as `n't`) that
  turn a question around;
- `stopwords`: words too common to carry a question's meaning;
- `suffixes`, `keep_endings`, `min_stem`: endings dropped from a question's
  words (`tokens` is `token`), except after `keep_endings` (`class`), and
  only where `min_stem` letters remain; an option repeats a question's word
  of `min_prefix` letters or more when one of its words starts with it
  (`tokens`, or `OAuth2PasswordBearer` for `OAuth2`; see `WordLists.repeated`);
- `none_of_the_above`: phrases found `anywhere` in an option, or only `at_end`;
- `article`: the two articles, and the starts of words whose sound is not
  what their first letter says (`an hour`, `a user`);
- `number`: words that mark a stem or an option as `singular` or `plural`.

A language without a file has no word lists (`word_lists` gives None).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

WORDLISTS = Path(__file__).parent / "wordlists"

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[ \t]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_WORD = re.compile(r"\w+(?:'\w+)*")
# For ASCII text, one pass over its bytes: capitals to lower case, and every
# character but a letter, digit, `_` or `'` to a space (several times faster
# than the regular expression, which other text goes through).
_ASCII_SPACED = bytes(
    (c + 32 if 65 <= c <= 90 else c) if chr(c).isalnum() or chr(c) in "_'" else 32
    for c in range(128)
) + bytes(range(128, 256))


def without_fences(text: str) -> str:
    """The text without its fenced code blocks."""
    return _FENCE.sub(" ", text) if "```" in text or "~~~" in text else text


def prose(text: str) -> str:
    """The text without its code: an absolute word or a hedge in code is code, not a claim."""
    text = without_fences(text)
    return _CODE_SPAN.sub(" ", text) if "`" in text else text


def words_of(text: str) -> list[str]:
    """The words of a text, in lower case, with their apostrophes (`don't`)."""
    return spaced(text).split()


def spaced(text: str) -> str:
    """The text in lower case with every character but those of words made a space."""
    if not text.isascii():
        return " ".join(_WORD.findall(text.replace("\u2019", "'").casefold()))
    spaced = text.encode("ascii").translate(_ASCII_SPACED).decode("ascii")
    if "'" not in text:
        return spaced
    return " ".join(word for word in (word.strip("'") for word in spaced.split()) if word)


def code_count(text: str) -> int:
    """How many pieces of code (spans and fenced blocks) a text shows."""
    if "`" not in text and "~~~" not in text:
        return 0
    if "``" not in text and "~~~" not in text:
        return text.count("`") // 2  # single backticks only: each pair is one span
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

    @cached_property
    def last_words(self) -> frozenset[str]:
        """The words the phrases end with: a text without any has none of the phrases (and
        they are rarer than the first: `default`, not `by`)."""
        return frozenset(parts[-1] for found in self.by_first_word.values() for parts in found)


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
    none_anywhere: tuple[str, ...]
    none_at_end: tuple[str, ...]
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
        """The words that carry meaning, by stem, each with its first spelling (in order)."""
        found: dict[str, str] = {}
        stems = self._stems
        for word in words:
            if word in self.stopwords or word.isdigit():
                continue
            stem = stems.get(word)
            if stem is None:
                stem = stems[word] = self.stem(word)
            found.setdefault(stem, word)
        return found

    @cached_property
    def _stems(self) -> dict[str, str]:
        """Each word's stem, once worked out: a bank asks about the same words again and again."""
        return {}

    def repeated(self, stems: Iterable[str], spaced: str) -> list[str]:
        """Those of a question's words (given by their stems) that a text repeats, itself
        given as `spaced` gives it with a space before and after.

        A word of `min_prefix` letters or more is repeated by any word it starts
        (`token` by `tokens`, `oauth2` by `oauth2passwordbearer`), a shorter one
        only as itself or with one of the `suffixes` (`api` by `apis`, not by `apiary`).
        """
        return [
            stem
            for stem in stems
            if (
                f" {stem}" in spaced
                if len(stem) >= self.min_prefix
                else f" {stem} " in spaced
                or any(f" {stem}{suffix} " in spaced for suffix in self.suffixes)
            )
        ]

    @cached_property
    def claim_words(self) -> frozenset[str]:
        """Words every absolute claim or hedge has one of: most texts have none."""
        return self.absolute.last_words | self.hedge.last_words

    def none_of_the_above(self, spaced: str) -> str | None:
        """The "none of the above" phrase in a text (as `spaced` gives it, with a space
        before and after), if any."""
        if not any(probe in spaced for probe in self._none_probes):
            return None  # most texts: decided at once
        match = self._none_pattern.search(spaced.strip())
        return match.group(1) if match else None

    @cached_property
    def _none_probes(self) -> tuple[str, ...]:
        """The words the phrases start with, each with a space before and after."""
        firsts = {phrase.split()[0] for phrase in self.none_anywhere + self.none_at_end}
        return tuple(f" {word} " for word in sorted(firsts))

    @cached_property
    def _none_pattern(self) -> re.Pattern[str]:
        anywhere = "|".join(map(re.escape, self.none_anywhere))
        at_end = "|".join(map(re.escape, self.none_at_end))
        return re.compile(rf"(?:^| )({anywhere}(?= |$)|(?:{at_end})$)")


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
        none_anywhere=tuple(data["none_of_the_above"]["anywhere"]),
        none_at_end=tuple(data["none_of_the_above"]["at_end"]),
        articles=(article["before_consonant_sound"], article["before_vowel_sound"]),
        vowel_letters=article["vowel_letters"],
        consonant_sound_prefixes=tuple(article["consonant_sound_prefixes"]),
        vowel_sound_prefixes=tuple(article["vowel_sound_prefixes"]),
        singular=frozenset(data["number"]["singular"]),
        plural=frozenset(data["number"]["plural"]),
    )
