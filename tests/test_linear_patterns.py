"""The linear scans find what the patterns they replaced found (those took quadratic time
on runs of openings; benchmarks/text_growth.py measures the growth)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.markdown import _images_with_scheme

_QUADRATIC_IMAGE_WITH_SCHEME = re.compile(
    r"!\[[^\]]*\]\(\s*<?([A-Za-z][A-Za-z0-9+.-]*:[^\s()>]*(?:\([^\s()]*\)[^\s()>]*)*)"
)
PIECES = ["![", "]", "(", ")", "a:", "b", " ", "<", ">", "!", "[", "javascript:x", "\n"]


@given(st.lists(st.sampled_from(PIECES), max_size=20).map("".join))
def test_images_with_a_scheme_are_found_as_the_old_pattern_found_them(text: str):
    assert _images_with_scheme(text) == _QUADRATIC_IMAGE_WITH_SCHEME.findall(text)
