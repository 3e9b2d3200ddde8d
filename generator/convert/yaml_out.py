"""A bank draft as readable YAML: keys in the documented order, long texts as block scalars.

Written by hand rather than by PyYAML's dumper, which neither keeps the
documented layout nor writes folded scalars: a short text stays on its key's
line (quoted only where YAML would read it otherwise), a long one is a folded
block (`>-`) wrapped at word boundaries, and one with line breaks (paragraphs,
lists, code) a literal block (`|-`). Every choice is one YAML reads back as the
very same text (tests/test_convert_yaml_out.py checks it against PyYAML).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from generator.convert.draft import Draft, DraftOption, DraftQuestion

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/bank.schema.json"
WIDTH = 92
"""Where a folded text wraps (the shipped bank's width)."""

# Where a plain scalar cannot start or what it cannot hold: indicators, `: `, ` #`.
_PLAIN_START = re.compile(r"[A-Za-z0-9($/.+][^\n]*|[^\x00-\x7f][^\n]*")
_PLAIN_NEVER = re.compile(r": |:$| #|^[\"']|[\t\r\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]|\s$")
_UNPRINTABLE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
)
_RESOLVERS = yaml.SafeLoader.yaml_implicit_resolvers
"""PyYAML's own rules for reading a plain scalar as a boolean, null, number or date."""
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")


def bank_yaml(draft: Draft) -> str:
    """The whole bank file, ending in a line break."""
    return "\n".join(_bank_lines(draft)) + "\n"


def _bank_lines(draft: Draft) -> Iterator[str]:
    yield SCHEMA_LINE
    deck = draft.deck
    yield "deck:"
    yield from _entry("  ", "id", deck.id)
    yield from _entry("  ", "name", deck.name)
    if deck.description:
        yield from _entry("  ", "description", deck.description)
    if deck.prompt is not None:
        yield from _entry("  ", "prompt", deck.prompt)
    yield "questions:"
    for question in draft.questions:
        yield from _question(question)


def _question(question: DraftQuestion) -> Iterator[str]:
    yield from _entry("  - ", "id", question.id)
    indent = "    "
    if question.question is not None:
        yield from _entry(indent, "question", question.question)
    if question.tags:
        yield f"{indent}tags: [{', '.join(_flow(tag) for tag in question.tags)}]"
    yield f"{indent}options:"
    for option in question.options:
        yield from _option(option)
    if question.tip is not None:
        yield from _entry(indent, "tip", question.tip)


def _option(option: DraftOption) -> Iterator[str]:
    keys: list[tuple[str, str | None]] = [("text", option.text)]
    if option.correct:
        keys.append(("correct", None))
    keys.append(("why", option.why))
    first, rest = "      - ", "        "
    written = 0
    for key, value in keys:
        prefix = first if written == 0 else rest
        if key == "correct":
            yield f"{prefix}correct: true"
        elif value is not None:
            yield from _entry(prefix, key, value)
        else:
            continue
        written += 1
    if written == 0:
        yield f"{first[:-2]}- {{}}"


def _entry(prefix: str, key: str, text: str) -> Iterator[str]:
    """`key: text` after `prefix`, the text as a scalar that reads back as itself."""
    indent = " " * len(prefix) + "  "
    head = f"{prefix}{key}:"
    if "\n" in text and _literal_fits(text):
        yield f"{head} |-"
        for line in text.split("\n"):
            yield f"{indent}{line}" if line else ""
    elif len(head) + 1 + len(text) <= WIDTH + 8 and plain_ok(text):
        yield f"{head} {text}"
    elif "\n" not in text and _folded_fits(text):
        yield f"{head} >-"
        yield from (indent + line for line in _wrapped(text, WIDTH - len(indent)))
    else:
        yield f"{head} {quoted(text)}"


def plain_ok(text: str) -> bool:
    """True when `text`, written plain after `key: `, reads back as the same text."""
    return (
        _PLAIN_START.fullmatch(text) is not None
        and _PLAIN_NEVER.search(text) is None
        and not any(
            pattern.match(text) for _, pattern in _RESOLVERS.get(text[0], ())
        )
    )


def _literal_fits(text: str) -> bool:
    # A first line starting with a space would need an indentation indicator; a line of
    # only spaces, or trailing line breaks, would not come back as written.
    lines = text.split("\n")
    return (
        not text[0].isspace()
        and not text.endswith("\n")
        and not any(line and line.isspace() for line in lines)
        and _UNPRINTABLE.search(text) is None
    )


def _folded_fits(text: str) -> bool:
    return (
        bool(text)
        and not text[0].isspace()
        and not text[-1].isspace()
        and _UNPRINTABLE.search(text) is None
        and "\t" not in text
    )


def _wrapped(text: str, width: int) -> Iterator[str]:
    """Lines of at most `width` (but a longer word), broken only at a single space between
    two words: a folded scalar reads each such break back as that space."""
    start = 0
    while len(text) - start > width:
        cut = text.rfind(" ", start + 1, start + width + 1)
        while cut != -1 and not _breakable(text, cut):
            cut = text.rfind(" ", start + 1, cut)
        if cut == -1:  # a word longer than the width: break after it
            cut = text.find(" ", start + width)
            while cut != -1 and not _breakable(text, cut):
                cut = text.find(" ", cut + 1)
            if cut == -1:
                break
        yield text[start:cut]
        start = cut + 1
    yield text[start:]


def _breakable(text: str, at: int) -> bool:
    """A space between two characters that are not white space."""
    return 0 < at < len(text) - 1 and not text[at - 1].isspace() and not text[at + 1].isspace()


def quoted(text: str) -> str:
    """`text` in double quotes, escaped as YAML reads it back."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = _UNPRINTABLE.sub(_escape, escaped).replace("\t", "\\t").replace("\n", "\\n")
    return f'"{escaped}"'


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _flow(tag: str) -> str:
    return tag if plain_ok(tag) and _FLOW_UNSAFE.search(tag) is None else quoted(tag)
