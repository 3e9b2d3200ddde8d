"""HTML (a Moodle text) as bank Markdown: paragraphs, emphasis, code, lists, links, images.

What has a Markdown form is written in it; what has none (underline, colours,
superscript, a script) is never pasted as raw HTML, which a bank shows as text:
its text is kept, the markup left out, and each such loss is returned, to be
reported. Images and sounds are the caller's to find (`Files`): an `<img>` or a
link to an embedded sound becomes `![alt](path)` when the caller has the file,
and is left out, reported, when it has not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

from generator.convert.escape import HARD_BREAK, escape_inline, escape_line_starts
from generator.convert.html_tree import Node, TreeBuilder, find, text_of

Files = Callable[[str], "str | None"]
"""Given an `src` or `href`, the path of the embedded file the bank will carry, or None."""

_CONTAINERS = {"div", "section", "article", "main", "header", "footer", "center", "body",
               "html", "figure", "figcaption", "aside", "nav", "details", "summary",
               "address", "dl", "dd", "dt", "tbody", "thead", "tfoot", "span", "font"}
_BLOCKS = {"p", "ul", "ol", "pre", "blockquote", "hr", "table", "h1", "h2", "h3", "h4",
           "h5", "h6", "div", "section", "article", "main", "header", "footer", "center",
           "figure", "figcaption", "aside", "nav", "details", "summary", "address", "dl",
           "dd", "dt", "li"}
_DROPPED = {"script", "style", "head", "title", "template", "noscript", "iframe",
            "object", "video", "canvas", "svg", "math", "form", "button", "select",
            "textarea", "input"}
_EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**", "s": "~~", "del": "~~",
             "strike": "~~"}
_CODE = {"code", "tt", "kbd", "samp", "var"}
_SPACES = re.compile(r"[ \t\n\r\f]+")
_SOUND = re.compile(r"\.(?:mp3|ogg|oga|opus|m4a|wav)$", re.IGNORECASE)


class _Renderer:
    def __init__(self, files: Files):
        self.files = files
        self.lost: list[str] = []

    def blocks(self, nodes: list[Node | str]) -> list[str]:
        """The Markdown blocks of `nodes`: runs of inline content become paragraphs."""
        out: list[str] = []
        run: list[Node | str] = []
        for node in nodes:
            if isinstance(node, Node) and node.tag in _BLOCKS:
                out += self._paragraph(run)
                run = []
                out += self.block(node)
            else:
                run.append(node)
        return out + self._paragraph(run)

    def _paragraph(self, nodes: list[Node | str]) -> list[str]:
        text = self.inline(nodes)
        lines = [line.strip() for line in text.split(HARD_BREAK)]
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        if not lines:
            return []
        return [HARD_BREAK.join(escape_line_starts(line) for line in lines)]

    def block(self, node: Node) -> list[str]:
        tag = node.tag
        if tag == "p":
            return self._paragraph(node.children)
        if tag in ("ul", "ol"):
            return [self._list(node)]
        if tag == "pre":
            return [self._code_block(node)]
        if tag == "blockquote":
            inner = "\n\n".join(self.blocks(node.children))
            return ["\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))]
        if tag == "hr":
            return ["---"]
        if re.fullmatch(r"h[1-6]", tag):
            text = self.inline(node.children).replace(HARD_BREAK, " ").strip()
            return [f"{'#' * int(tag[1])} {text}"] if text else []
        if tag == "table":
            return self._table(node)
        if tag == "li":  # an item outside a list
            self._lose("<li> outside a list: kept as a paragraph")
        return self.blocks(node.children)

    def _list(self, node: Node) -> str:
        items = [child for child in node.children if isinstance(child, Node)]
        loose = any(
            isinstance(grand, Node) and grand.tag == "p"
            for item in items
            for grand in item.children
        )
        start = int(node.attrs.get("start", "1") or 1) if node.tag == "ol" else 0
        written = []
        for number, item in enumerate(items, start):
            marker = f"{number}. " if node.tag == "ol" else "- "
            body = ("\n\n" if loose else "\n").join(self.blocks(item.children))
            pad = " " * len(marker)
            lines = body.split("\n") if body else [""]
            written.append(
                "\n".join(
                    [marker + lines[0]] + [pad + line if line else "" for line in lines[1:]]
                ).rstrip()
            )
        return ("\n\n" if loose else "\n").join(written)

    def _code_block(self, node: Node) -> str:
        code = text_of(node)
        if code.endswith("\n"):
            code = code[:-1]
        language = ""
        for inner in [node, *[c for c in node.children if isinstance(c, Node)]]:
            for name in inner.attrs.get("class", "").split():
                if name.startswith("language-"):
                    language = name.removeprefix("language-")
        fence = "`" * max(3, _longest_run(code, "`") + 1)
        return f"{fence}{language}\n{code}\n{fence}"

    def _table(self, node: Node) -> list[str]:
        rows = find(node, "tr")
        cells = [[self.inline(cell.children).replace(HARD_BREAK, " ").strip().replace("|", "\\|")
                  for cell in row.children if isinstance(cell, Node) and cell.tag in ("td", "th")]
                 for row in rows]
        cells = [row for row in cells if row]
        if not cells:
            return []
        width = max(len(row) for row in cells)
        lines = ["| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in cells]
        lines.insert(1, "|" + " --- |" * width)
        return ["\n".join(lines)]

    def inline(self, nodes: list[Node | str]) -> str:
        return "".join(self._inline(node) for node in _codes_joined(nodes))

    def _inline(self, node: Node | str) -> str:
        if isinstance(node, str):
            return escape_inline(_SPACES.sub(" ", node))
        tag = node.tag
        if tag == "br":
            return HARD_BREAK
        if tag in _EMPHASIS:
            return _wrap(self.inline(node.children), _EMPHASIS[tag])
        if tag in _CODE:
            return _code_span(_SPACES.sub(" ", text_of(node)))
        if tag == "a":
            return self._link(node)
        if tag == "img":
            return self._media(node.attrs.get("src", ""), node.attrs.get("alt", ""), "<img>")
        if tag in ("audio", "video"):
            sources = [node] + find(node, "source")
            src = next((s.attrs["src"] for s in sources if s.attrs.get("src")), "")
            return self._media(src, "", f"<{tag}>")
        if tag in _DROPPED:
            self._lose(f"<{tag}> has no Markdown form: left out")
            return ""
        if tag in _BLOCKS:  # a block inside inline content (a list in a link...)
            return " ".join(self.blocks([node])).replace("\n", " ")
        if tag not in _CONTAINERS or (tag in ("span", "font") and node.attrs):
            self._lose(f"<{tag}> has no Markdown form: its text kept, the markup left out")
        return self.inline(node.children)

    def _link(self, node: Node) -> str:
        href = node.attrs.get("href", "")
        text = self.inline(node.children).strip()
        if _SOUND.search(href.split("?")[0]):
            return self._media(href, text_of(node).strip(), "link to a sound")
        if not href:
            return text
        if re.match(r"(?i)\s*(?:javascript|vbscript|data):", href):
            self._lose(f"a link to `{href[:40]}` left out (a card never follows it); its text kept")
            return text
        balanced = href.count("(") == href.count(")")
        target = f"<{href}>" if re.search(r"[\s<>]", href) or not balanced else href
        return f"[{text}]({target})" if text else f"<{href}>"

    def _media(self, src: str, alt: str, what: str) -> str:
        path = self.files(src) if src else None
        if path is None:
            self._lose(f"{what} `{src[:60]}` left out: the file is not in the source")
            return ""
        alt = _SPACES.sub(" ", alt).strip().replace("[", "\\[").replace("]", "\\]")
        return f"![{alt}]({'<' + path + '>' if ' ' in path else path})"

    def _lose(self, message: str) -> None:
        if message not in self.lost:
            self.lost.append(message)


# One paragraph of text and inline code, the most common text by far: converted without
# building a tree (three times faster; the tests compare both ways).
_SIMPLE_PARAGRAPH = re.compile(r"<p>([^<]*(?:<code>[^<]*</code>[^<]*)*)</p>")
_CODE_SPAN = re.compile(r"<code>([^<]*)</code>")


def html_to_markdown(html: str, files: Files = lambda _src: None) -> tuple[str, list[str]]:
    """`html` as bank Markdown, and what of it has no Markdown form (each said once)."""
    simple = _SIMPLE_PARAGRAPH.fullmatch(html.strip())
    if simple is not None:
        return _simple_paragraph(simple.group(1)), []
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    renderer = _Renderer(files)
    return "\n\n".join(renderer.blocks(builder.root.children)), renderer.lost


def _codes_joined(nodes: list[Node | str]) -> list[Node | str]:
    """Code elements side by side as one: Markdown cannot write two code spans with nothing
    between them (their backticks would run together), and they show as one."""
    joined: list[Node | str] = []
    for node in nodes:
        previous = joined[-1] if joined else None
        if (isinstance(node, Node) and node.tag in _CODE and isinstance(previous, Node)
                and previous.tag in _CODE):
            joined[-1] = Node("code", children=[text_of(previous) + text_of(node)])
        else:
            joined.append(node)
    return joined


def _simple_paragraph(inner: str) -> str:
    parts = _CODE_SPAN.split(inner.replace("</code><code>", ""))
    written = "".join(
        _code_span(_collapsed(part)) if index % 2 else escape_inline(_collapsed(part))
        for index, part in enumerate(parts)
    )
    return escape_line_starts(written.strip())


def _collapsed(html_text: str) -> str:
    """Text between tags as a browser shows it: entities read, white space runs as one."""
    text = unescape(html_text) if "&" in html_text else html_text
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text:
        return _SPACES.sub(" ", text)
    return text


def _wrap(inner: str, mark: str) -> str:
    """`inner` between emphasis marks, spaces kept outside them (Markdown needs that)."""
    stripped = inner.strip(" ")
    if not stripped:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip(" "))]
    trail = inner[len(inner.rstrip(" ")) :]
    return f"{lead}{mark}{stripped}{mark}{trail}"


def _code_span(code: str) -> str:
    if not code:
        return ""
    fence = "`" * (_longest_run(code, "`") + 1)
    pad = " " if code[0] in "` " and code[-1] in "` " or code[0] == "`" or code[-1] == "`" else ""
    return f"{fence}{pad}{code}{pad}{fence}"


def _longest_run(text: str, char: str) -> int:
    runs = re.findall(f"{re.escape(char)}+", text)
    return max((len(run) for run in runs), default=0)
