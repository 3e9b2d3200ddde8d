"""HTML to Markdown: what a card then shows is what the HTML showed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.convert.html_markdown import html_to_markdown
from generator.markdown import markdown

PROSE = st.text(st.sampled_from(list("ab *_`[]()<>&;#-+=.1\\~!:")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(PROSE, st.booleans()), min_size=1, max_size=4))
def test_a_paragraph_of_text_and_code_shows_the_same_after_conversion(parts):
    html = "<p>" + "".join(
        f"<code>{escape_html(text)}</code>" if code else escape_html(text) for text, code in parts
    ) + "</p>"
    converted, lost = html_to_markdown(html)
    assert lost == []
    # The fast path (one paragraph) and the tree (inside a <div>) agree...
    assert html_to_markdown(f"<div>{html}</div>")[0] == converted
    # ...and the card shows what the HTML showed: the same text in the same code spans
    # (two side by side as one: they look the same).
    assert normalised(markdown(converted, highlight=False)) == normalised(html)


def escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def normalised(html: str) -> str:
    """HTML as text and code, whitespace collapsed as a browser collapses it."""
    import re
    from html import unescape

    # Spans side by side first: a span of spaces between two shows as a space in code.
    html = re.sub(r"<code>\s*</code>", "", html.replace("</code><code>", ""))
    html = html.replace("&quot;", '"')
    spaced = re.sub(r"\s+", " ", unescape(re.sub(r"<(?!/?code>)[^>]+>", "", html)))
    return re.sub(r" ?(</?code>) ?", r"\1", spaced).strip()


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>a <em>b</em> <strong>c</strong> <s>d</s></p>", "a *b* **c** ~~d~~"),
        ("<ol start='3'><li>x</li><li>y</li></ol>", "3. x\n4. y"),
        ("<p>one<br>two</p>", "one\\\ntwo"),
        ("<h2>Title</h2><blockquote><p>q</p></blockquote>", "## Title\n\n> q"),
        ('<p><a href="https://a.b/c d">link</a></p>', "[link](<https://a.b/c d>)"),
        ("<pre><code>x = 1\n</code></pre>", "```\nx = 1\n```"),
    ],
)
def test_each_markdown_form(html: str, expected: str):
    assert html_to_markdown(html) == (expected, [])
