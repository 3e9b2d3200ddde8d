"""An item-writing flaw: which check found it, where in the bank's data, and what to do.

Its own module so that every module of checks (`generator.itemwriting`,
`generator.cue_checks`) makes the same flaws without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.bank import CheckName
from generator.positions import DataPath


@dataclass(frozen=True)
class Flaw:
    """One item-writing flaw, where in the bank's data it is."""

    check: CheckName
    path: DataPath
    message: str


def allow_hint(check: CheckName) -> str:
    """How a flaw's message ends: the way to keep a question the author means as it is."""
    return f" (or, if you mean it, add `allow: [{check}]` to the question)"
