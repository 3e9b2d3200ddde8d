"""What Anki would refuse or rewrite in a bank, found before anything is built.

Measured with the real importer (anki 26.9.3; tests/test_anki_text.py and the
property test in tests/test_properties.py keep measuring it):

- in a field, U+001F splits the note into one field too many and the whole
  deck fails to import; every other C0 control but tab, line feed and
  carriage return, and DEL, is dropped;
- in a tag or deck name every C0 control and DEL is dropped; an empty part
  between `::` becomes `blank`; `:::` collapses to `::`;
- a deck name's parts lose the spaces at their ends (any Unicode space);
  a deck named `Default` in any case lands in, or beside, the learner's own
  `Default` deck;
- tags are matched ignoring case: a tag that differs from an earlier one only
  in case is rewritten to the earlier spelling (whole tags; a parent spelled
  two ways is refused too, as the learner's tag tree would show it once);
- in a card's HTML, sound, text-to-speech and LaTeX markup is played or
  typeset instead of shown, even across two texts (`generator.anki_markup`);
- a deck nested deeper than `MAX_DECK_LEVELS` is refused, and the whole
  package with it.

A bank is refused where any of these would happen, at the value's place,
naming the character or the rewrite, so what the learner gets is what the
author wrote. So are text that renders to nothing (the same error as an
empty text), the removal tag the build reserves, and anything a card would
load (`generator.offline`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from html import unescape
from typing import NamedTuple

from generator.anki_markup import markup_problem, might_hold_markup
from generator.bank import REMOVED_TAG, Bank, bank_texts
from generator.markdown import image_references, markdown
from generator.offline import loaded_sources, source_problem
from generator.positions import Positions
from generator.problems import Problem

FIELD_SEPARATOR = "\x1f"
MAX_DECK_LEVELS = 11
"""The deepest deck Anki imports: a name of 12 `::`-separated parts makes it refuse the
whole package ("deck nesting level too deep")."""
_NOT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(p | 0xFFFE)}{chr(p | 0xFFFF)}" for p in range(0, 0x11_0000, 65536))
    + "]"
)
_NOT_ASCII_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_IN_A_NAME = re.compile(_NOT_TEXT.pattern.replace("\x0b", "\x09-\x0d", 1))
_TAGS = re.compile(r"<[^>]*>")


def anki_problems(bank: Bank, positions: Positions) -> list[Problem]:
    """Everything in `bank` that Anki would refuse or rewrite, or that would show nothing."""
    problems = []
    for path, _where, text in bank_texts(bank):
        message = text_problem(text)
        if message is not None:
            problems.append(positions.problem(path, f"`{path[-1]}` {message}"))
    bad = _NOT_TEXT.search(bank.deck.description)
    if bad is not None:
        message = f"`description` contains {character_fate(bad.group())}; remove it"
        problems.append(positions.problem(("deck", "description"), message))
    name = unicodedata.normalize("NFC", bank.deck.name)
    message = _deck_name_problem(name)
    if message is not None:
        problems.append(positions.problem(("deck", "name"), message))
    problems += _tag_problems(bank, positions)
    return problems


def text_problem(text: str) -> str | None:
    # The short pattern is many times faster, and most text is ASCII.
    bad = (_NOT_ASCII_TEXT if text.isascii() else _NOT_TEXT).search(text)
    if bad is not None:
        return f"contains {character_fate(bad.group())}; remove it"
    # Highlighted as the build will: Pygments' spans can split or keep the markup.
    if might_hold_markup(text):
        message = markup_problem(markdown(text))
        if message is not None:
            return message
    if text[:1].isalpha() and "![" not in text:
        # Markdown reads a text that starts with a letter as a paragraph (or a table)
        # whose first character is that letter, shown; only `![` makes an image.
        return None
    html = markdown(text, highlight=False)
    for source in loaded_sources(html):
        problem = source_problem(source)
        if problem is not None:
            return f"shows an image: {problem}"
    # An image shows, whatever its alt text; `generator.media` judges its file.
    if not shows_anything(html) and not image_references(text):
        return (
            "shows nothing once rendered (only invisible characters, or Markdown "
            "without text such as a link reference definition `[a]: url`)"
        )
    return None


def shows_anything(html: str) -> bool:
    """Whether rendered HTML has a character a reader can see (an image counts)."""
    if "<img" in html:
        return True
    text = unescape(_TAGS.sub("", html))
    return any(unicodedata.category(char)[0] not in "ZC" for char in text)


def character_fate(char: str) -> str:
    """Names a character that is not text, and what Anki makes of it."""
    code = f"U+{ord(char):04X}"
    if char == FIELD_SEPARATOR:
        return f"{code}, the character Anki separates fields with (the deck would not import)"
    if ord(char) < 0x20 or char == "\x7f":
        return f"the control character {code}, which Anki would drop"
    if ord(char) < 0xA0:
        return f"the control character {code}, which shows as nothing"
    if 0xD800 <= ord(char) <= 0xDFFF:
        return f"{code}, half of a surrogate pair, which is not a character"
    return f"{code}, a Unicode noncharacter"


def _name_problems(name: str, what: str) -> Iterator[str]:
    """What Anki would rewrite in a `::`-separated name (a deck name or a tag)."""
    bad = _NOT_IN_A_NAME.search(name)
    if bad is not None:
        yield f"{what} contains {character_fate(bad.group())}; remove it"
        return
    for part in name.split("::"):
        if part.startswith(":") or part.endswith(":"):
            yield f"{what} has `:::`, which Anki would make `::`"
        elif not part.strip():
            yield f"{what} has an empty part between `::`, which Anki would name `blank`"
        elif part != part.strip():
            yield f"{what} part {part!r} has spaces at its start or end, which Anki drops"
        else:
            continue
        return


def _deck_name_problem(name: str) -> str | None:
    for message in _name_problems(name, "deck name"):
        return message
    levels = name.count("::") + 1
    if levels > MAX_DECK_LEVELS:
        return (
            f"deck name is nested {levels} levels deep; Anki refuses a deck nested deeper "
            f"than {MAX_DECK_LEVELS} (the whole package would not import)"
        )
    if name.casefold() == "default":
        return (
            f"deck name {name!r} is Anki's own `Default` deck: the cards would land in "
            "the learner's Default deck; choose another name"
        )
    return None


class _Spelt(NamedTuple):
    """A part of a tag as first spelt: its node's number, the spelling, its question."""

    number: int
    part: str
    question: str


def _tag_problems(bank: Bank, positions: Positions) -> list[Problem]:
    problems = []
    spelling: dict[tuple[int, str], _Spelt] = {}
    for index, question in enumerate(bank.questions):
        seen: set[str] = set()
        for number, raw in enumerate(question.tags):
            path = ("questions", index, "tags", number)
            tag = unicodedata.normalize("NFC", raw)
            message = next(_name_problems(tag, f"tag `{tag}`"), None)
            if message is None and tag.casefold() == REMOVED_TAG:
                message = (
                    f"tag `{tag}` is reserved: the build tags questions removed from the bank "
                    f"with `{REMOVED_TAG}`, and learners delete every note that has it"
                )
            if message is None and tag.casefold().startswith(f"{REMOVED_TAG}::"):
                message = (
                    f"tag `{tag}` is under the reserved tag `{REMOVED_TAG}`: learners delete "
                    f"every note that `tag:{REMOVED_TAG}` finds, which includes its children"
                )
            if message is None and tag in seen:
                message = f"tag `{tag}` is listed twice"
            if message is None:
                message = _case_clash(tag, question.id, spelling)
            seen.add(tag)
            if message is not None:
                problems.append(positions.problem(path, message))
    return problems


def _case_clash(tag: str, question_id: str, spelling: dict[tuple[int, str], _Spelt]) -> str | None:
    """Anki keeps one spelling per tag, ignoring case: a second spelling is rewritten.

    `spelling` is a tree of the tags seen so far, one part a node, keyed by the
    parent's node number and the part ignoring case, so a tag of many parts
    costs its length (not its length times its parts)."""
    parent = -1
    parts = tag.split("::")
    for end, part in enumerate(parts, 1):
        first_met = _Spelt(len(spelling), part, question_id)
        node = spelling.setdefault((parent, part.casefold()), first_met)
        if node.part != part:
            first = "::".join(parts[: end - 1] + [node.part])
            return (
                f"tag `{tag}`: `{'::'.join(parts[:end])}` differs only in case from `{first}` "
                f"(question {node.question}); Anki would change it to `{first}`"
            )
        parent = node.number
    return None
