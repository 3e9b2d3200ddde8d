"""The plain-text fast path of `render.markdown` gives exactly markdown-it's HTML."""

from __future__ import annotations

import string
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator import markdown as render


def markdown_it(text: str) -> str:
    """What `render.markdown` gives without its fast path."""
    return render._markdown_renderer().render(unicodedata.normalize("NFC", text)).strip()


# Characters Markdown gives a meaning to somewhere, whitespace of every kind,
# and text: so that many generated texts take the fast path and many just miss it.
TRICKY = string.punctuation + string.digits + " \t\n\r\x00\x0b\x0c\x1c\x85\xa0\u2028\u3000"
words = st.text(alphabet=string.ascii_letters + "éßЖ中", min_size=1, max_size=8)
symbols = st.text(alphabet=TRICKY, min_size=1, max_size=3)
prose_like = st.lists(st.one_of(words, words, symbols), min_size=1, max_size=12).map("".join)
joined_with_spaces = st.lists(st.one_of(words, symbols), min_size=1, max_size=12).map(" ".join)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(prose_like, joined_with_spaces, st.text()))
@example('It\'s "quoted" > 3 (really)!')
@example("1986. A list, not a year")
@example("Title\n=====")
@example("a  ")
@example("C# and F# #tags")
@example("a | b")
@example("a ~~struck~~ word")
@example("very *important* words")
@example("snake_case and _emphasis_")
@example("see [the docs](https://example.com)")
@example("Line one\nline two")
@example("Use `Depends(get_db)` for `async def` routes")
@example('`yield` first, then `a<b & "c">` and `\\`')
@example("`a``b` and ``c``")
@example("one `tick")
@example("` spaced ` and `\ttab\t` and `  `")
@example("`x`* and *`y`")
@example("<`x`> [`y`](z)")
@example("café ~~struck~~ &amp; <b>")
def test_markdown_matches_markdown_it_for_any_text(text: str) -> None:
    assert render.markdown(text) == markdown_it(text)


def test_ordinary_prose_takes_the_fast_path() -> None:
    """Else the test above would only compare markdown-it with itself."""
    prose = "It's a \"small\" change (I think): 3 > 2, isn't it? Yes! #1 - done."
    assert render.plain_paragraph(prose) == (
        "<p>It's a &quot;small&quot; change (I think): 3 &gt; 2, isn't it? Yes! #1 - done.</p>"
    )
    assert render.plain_paragraph('`Depends` and `a < "b"`.') == (
        "<p><code>Depends</code> and <code>a &lt; &quot;b&quot;</code>.</p>"
    )
    for markup in ("**bold**", "a\nb", "- item", "1. item", " lead", "&amp;", "``a``", "`a"):
        assert render.plain_paragraph(markup) is None
