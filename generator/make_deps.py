"""Rules for make: a package depends on the images and sounds its bank uses.

`build --make-deps` writes them beside each package (`dist/<bank>.d`), and the
Makefile includes them, so that `make deck` rebuilds a deck when one of its
media files changes.

A rule file is make syntax, and a path in it is a bank's text: a name make
would read as syntax (a new line, `;`, `=`...) would let a shared bank folder
run commands, or stop every later `make deck`. So each path is escaped for
what GNU make reads in a rule's targets and prerequisites, or, where make has
no escape that holds (tried with GNU make itself: tests/test_make_deps.py),
the bank is refused at the reference before anything is written.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from generator.atomic import replaced
from generator.bank import bank_texts
from generator.loader import LoadedBank
from generator.markdown import image_references
from generator.media import BankMedia, MediaFile, written_at
from generator.printable import printable
from generator.problems import Problem

_ESCAPED = {"$": "$$", " ": "\\ ", "#": "\\#", ":": "\\:", "|": "\\|"}
_ESCAPED |= {glob: f"\\{glob}" for glob in "*?["}
_ESCAPE = re.compile("[" + re.escape("".join(_ESCAPED)) + "]")
# `|` starts a rule's order-only prerequisites, but make takes `\|` as is in a target.
_ESCAPE_TARGET = re.compile("[" + re.escape("".join(sorted(set(_ESCAPED) - {"|"}))) + "]")
_UNREADABLE = re.compile("[\x00-\x1f\x7f;=%\\\\]")
"""What make reads as syntax in a file's name with no escape that holds: a control
character (a new line ends the rule, a tab starts a recipe), `;` (a recipe follows),
`=` (a variable is set), `%` (a pattern), `\\` (escapes what follows, or joins lines)."""


def rule_path(package: Path) -> Path:
    """Where the rule file of `package` goes: beside it, as `<package stem>.d`."""
    return package.with_suffix(".d")


def write_make_rules(package: Path, files: Sequence[MediaFile]) -> None:
    """Write the make rules for `package` beside it (`rule_path`), whole or not at all."""
    with replaced(rule_path(package)) as handle:
        handle.write(make_rules(package, files))


def make_rules(target: Path, files: Sequence[MediaFile]) -> bytes:
    """A makefile rule: `target` depends on the media `files` (as `gcc -MD -MP` writes one).

    Each file also gets an empty rule of its own, so that make does not stop
    when a bank no longer uses a file that was deleted. Paths are written as the
    file system names them, byte for byte.
    """
    names = [make_name(file.path) for file in files]
    rules = [f"{make_name(target, target=True)}: {' '.join(names)}".rstrip()]
    rules += [f"{make_name(file.path, target=True)}:" for file in files]
    return ("\n".join(rules) + "\n").encode("utf-8", "surrogateescape")


def make_name(path: Path, *, target: bool = False) -> str:
    """`path` as a word of a make rule, a prerequisite or a `target`: make's special
    characters escaped."""
    unreadable = why_unreadable(path)
    if unreadable is not None:
        raise ValueError(f"{printable(str(path))}: {unreadable}")
    name = os.fspath(path)
    if not name.startswith(("/", "./")) and (name.startswith("~") or "/" not in name):
        # Not a home folder (`~user`), nor a special target (`.PHONY`).
        name = "./" + name
    pattern = _ESCAPE_TARGET if target else _ESCAPE
    return pattern.sub(lambda match: _ESCAPED[match.group()], name)


def why_unreadable(path: Path) -> str | None:
    """Why make could not read `path` in a rule, if it could not."""
    name = os.fspath(path)
    bad = _UNREADABLE.search(name)
    if bad is not None:
        char = bad.group()
        shown = f"`{char}`" if char.isprintable() else f"U+{ord(char):04X}"
        return f"holds {shown}, which make would read as part of its own syntax"
    if name.endswith(")") and "(" in name:
        return "ends in `(...)`, which make would read as a member of an archive"
    return None


def make_rule_problems(loaded: LoadedBank, media: BankMedia, package: Path) -> list[Problem]:
    """Why the rule file of the bank's `package` could not be written, at each reference
    (or at the bank's top, for the package itself) whose path make could not read."""
    problems = []
    why = why_unreadable(package)
    if why is not None:
        message = _message(f"the package `{package}`", why)
        problems.append(Problem(loaded.positions.file, 1, 1, "bank", message))
    unreadable = {
        src: reason
        for src, file in media.by_reference.items()
        if (reason := why_unreadable(file.path)) is not None
    }
    if not unreadable:  # most banks: their texts need not be walked again
        return problems
    for place, where, text in bank_texts(loaded.bank):
        for src in image_references(text):
            if src in unreadable:
                message = _message(f"the path `{media.by_reference[src].path}`", unreadable[src])
                line, column = written_at(loaded.positions, place, text, src)
                problems.append(Problem(loaded.positions.file, line, column, where, message))
    return problems


def _message(what: str, why: str) -> str:
    return (
        f"{what} {why}: `--make-deps` cannot name it in the rule file make reads; "
        "rename it, or build without --make-deps"
    )
