"""`itemwriting.fold`'s ASCII shortcut folds exactly as its general rule does."""

from __future__ import annotations

import string
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator import itemwriting
from generator.word_lists import without_fences, words_of


def general_fold(text: str) -> str:
    return itemwriting._NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
@example("All of the ABOVE!")
@example("  snake_case, `code` and\ttabs\x1c\x0b  ")
@example("")
def test_ascii_fold_is_the_general_fold(text: str) -> None:
    assert itemwriting.fold(text) == general_fold(text)


def test_every_ascii_character_folds_as_the_general_rule_says() -> None:
    everything = "".join(map(chr, range(128)))
    assert itemwriting.fold(everything) == general_fold(everything)
    assert itemwriting.fold(f"a{string.punctuation}b") == "a b"


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
@example("Use `async def`, ALWAYS!\n\n- a list\t(of things)")
def test_an_option_that_spaced_splits_as_fold_folds_to_its_words(text: str) -> None:
    """The checks take such an option's words (its cues') as its folded words."""
    if itemwriting._spaced_as_folded(text):
        assert " ".join(words_of(without_fences(text))) == itemwriting.fold(text)
