"""`itemwriting.fold`'s ASCII shortcut folds exactly as its general rule does."""

from __future__ import annotations

import string
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator import itemwriting


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
