"""Markdown and highlighted code in cards, judged on the HTML the real Anki renders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.markdown import markdown
from generator.notetype import (
    CODE_CSS,
    HIGHLIGHT_CLASS,
    NIGHT_MODE_CLASSES,
    TEMPLATES,
    card_css,
    code_css,
)
from tests.anki_client import import_package
from tests.authoring_support import (
    bank_text,
    build,
    cards_by_template,
    fresh_collection,
    question,
    write_bank,
)

CODE_QUESTION = """How would you override a dependency in a test?

```python
async def get_db():
    yield Session()  # one per request
```
"""
CODE_TIP = """Show the override:

```python
app.dependency_overrides[get_db] = lambda: fake_db
```
"""
FORMATTED_TEXT = """I'd use *dependency injection*, **not** globals:

- `Depends(get_db)` in the route
- an [override](https://fastapi.tiangolo.com/advanced/testing-dependencies/) in tests
"""
UNHIGHLIGHTED = "```\n<b>not bold</b>\n```\n\n```nosuchlanguage\nx < y\n```"
PAYLOADS = {
    "script tag": '<script>alert("pwned")</script>',
    "event handler": '<img src=x onerror=alert("pwned")>',
    "javascript link": '[click](javascript:alert("pwned"))',
    "mixed-case javascript link": '[click](JaVaScRiPt:alert("pwned"))',
    "vbscript link": '[click](vbscript:msgbox("pwned"))',
    "data link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "raw anchor": "<a href=\"javascript:alert('pwned')\">click</a>",
    "autolink": '<javascript:alert("pwned")>',
    "html block": "<div onclick=\"alert('pwned')\">\n\nclick\n\n</div>",
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    """Each card's question and answer HTML as Anki renders them, by question id."""
    directory = tmp_path_factory.mktemp("markdown")
    questions = [
        question("code", question=CODE_QUESTION, tip=CODE_TIP),
        question("formatted", question="Which pattern?", tip=FORMATTED_TEXT),
        question("plain", question="Is 1 < 2 & 3 > 2?"),
        question("unhighlighted", question=UNHIGHLIGHTED),
        *(
            question(f"payload-{index}", question=f"Inject {name}: {payload}", tip=payload)
            for index, (name, payload) in enumerate(PAYLOADS.items())
        ),
    ]
    text = bank_text({"id": "md", "name": "Markdown"}, questions)
    bank = write_bank(directory, "markdown", text)
    package = build(bank, directory / "dist").package
    with fresh_collection(directory / "learner") as collection:
        import_package(collection, package)
        return {
            card.note()["Id"].split("/")[1]: (card.question(), card.answer())
            for card in cards_by_template(collection, "Multiple choice")
        }


def test_a_fenced_python_block_renders_highlighted_in_anki(rendered):
    front, back = rendered["code"]
    assert '<pre class="highlight"><code class="language-python">' in front
    assert '<span class="k">async</span> <span class="k">def</span>' in front
    assert '<span class="c1"># one per request</span>' in front
    assert '<span class="n">dependency_overrides</span>' in back
    assert re.search(r"<pre\b(?:(?!</pre>).)*<pre\b", front + back, re.DOTALL) is None, (
        "a <pre> nested in another <pre>"
    )


def test_the_committed_code_colours_are_what_pygments_makes():
    committed = (TEMPLATES / CODE_CSS).read_text(encoding="utf-8")
    assert committed == code_css(), "run `make code-css` and commit generator/templates/code.css"


def test_the_card_css_colours_the_highlighted_tokens(rendered):
    front, _ = rendered["code"]
    for token_class in ("k", "c1", "nf"):
        assert f".{HIGHLIGHT_CLASS} .{token_class} {{" in front
        for night in NIGHT_MODE_CLASSES:
            assert f"{night} .{HIGHLIGHT_CLASS} .{token_class}" in front


def test_emphasis_lists_links_and_inline_code_render(rendered):
    _, back = rendered["formatted"]
    assert "<em>dependency injection</em>" in back
    assert "<strong>not</strong>" in back
    assert "<li><code>Depends(get_db)</code> in the route</li>" in back
    link = "https://fastapi.tiangolo.com/advanced/testing-dependencies/"
    assert f'<a href="{link}">override</a>' in back


def test_plain_text_is_one_escaped_paragraph(rendered):
    front, _ = rendered["plain"]
    assert "<p>Is 1 &lt; 2 &amp; 3 &gt; 2?</p>" in front
    assert markdown("Why does async/await matter?") == "<p>Why does async/await matter?</p>"


def test_code_without_a_known_language_is_escaped_not_highlighted(rendered):
    front, _ = rendered["unhighlighted"]
    assert "<pre><code>&lt;b&gt;not bold&lt;/b&gt;\n</code></pre>" in front
    assert '<pre><code class="language-nosuchlanguage">x &lt; y\n</code></pre>' in front
    assert "<b>not bold</b>" not in front


@pytest.mark.parametrize("index, name", list(enumerate(PAYLOADS)))
def test_raw_html_and_script_links_never_become_markup(rendered, index, name):
    front, back = rendered[f"payload-{index}"]
    for html in (front, back):
        assert not re.search(r"<script[^>]*>[^<]*pwned", html, re.IGNORECASE)
        assert not re.search(r"<[a-z]+\b[^>]*\bon[a-z]+\s*=", html, re.IGNORECASE)
        assert not re.search(r"href\s*=\s*[\"']?\s*(javascript|vbscript|data):", html, re.I)
    assert "pwned" in front or "PHNjcmlwdD5" in front, "the payload shows as text"


def _colours(css: str, selector: str) -> dict[str, tuple[str, str | None]]:
    """Token class -> (colour, own background or None), for rules starting with `selector`."""
    found = {}
    pattern = rf"^{re.escape(selector)} \.([\w-]+)(?:,[^{{]*)? \{{([^}}]*)\}}"
    for match in re.finditer(pattern, css, re.MULTILINE):
        declarations = match.group(2)
        colour = re.search(r"(?:^|;)\s*color:\s*(#[0-9a-fA-F]{3,6})", declarations)
        background = re.search(r"background-color:\s*(#[0-9a-fA-F]{3,6})", declarations)
        if colour:
            found[match.group(1)] = (colour.group(1), background and background.group(1))
    return found


def _code_surface(css: str, rule_start: str) -> str:
    rule = css[css.index(rule_start) :]
    return re.search(r"--code-surface:\s*(#[0-9a-fA-F]{6})", rule).group(1)


def _contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""

    def luminance(colour: str) -> float:
        digits = colour.lstrip("#")
        if len(digits) == 3:
            digits = "".join(digit * 2 for digit in digits)
        channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_code_colours_are_readable_on_the_code_background_in_light_and_night_mode():
    css = card_css()
    block = f".{HIGHLIGHT_CLASS}"
    light_surface = _code_surface(css, ".card {")
    night_surface = _code_surface(css, f"{NIGHT_MODE_CLASSES[0]}.card")
    light = _colours(css, block)
    night = _colours(css, f"{NIGHT_MODE_CLASSES[0]} {block}")
    assert len(light) > 20 and len(night) > 20
    # A light colour with no night rule of its own stays on in night mode.
    effective_night = {**light, **night}
    unreadable = [
        (mode, token, colour, round(_contrast(colour, own or surface), 2))
        for mode, colours, surface in (
            ("light", light, light_surface),
            ("night", effective_night, night_surface),
        )
        for token, (colour, own) in colours.items()
        # Whitespace tokens hold only spaces: their colour is never seen.
        if token != "w" and _contrast(colour, own or surface) < 4.5
    ]
    assert unreadable == [], "below WCAG AA contrast (4.5:1)"


def test_pygments_css_applies_only_inside_highlighted_blocks():
    css = card_css()
    code_rules = css[css.index("/* Code, light") :]
    block = f".{HIGHLIGHT_CLASS} "
    scopes = (block, *(f"{night} {block}" for night in NIGHT_MODE_CLASSES))
    for line in code_rules.splitlines():
        if line and not line.startswith("/*"):
            assert line.startswith(scopes), line


def test_an_author_can_write_a_python_block_in_every_text_field(tmp_path: Path):
    code = "```python\nawait client.get('/items')\n```"
    option = {"text": code, "why": code}
    options = [{**option, "correct": True}, option]
    bank = bank_text(
        {"id": "fields", "name": "Fields"},
        [{"id": "q", "question": code, "tip": code, "options": options}],
    )
    package = build(write_bank(tmp_path, "fields", bank), tmp_path / "dist").package
    with fresh_collection(tmp_path / "learner") as collection:
        import_package(collection, package)
        (card,) = cards_by_template(collection, "Multiple choice")
        html = card.answer()
    # question, 2 options, the answer's text and why, one rationale, the tip
    assert html.count('<span class="k">await</span>') == 7
