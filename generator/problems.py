"""What is wrong with a bank, said at a place an author can jump to.

Every stage that finds a problem in a bank's content reports it as a
`Problem` (file, line, column, question, message) and raises them all at
once in a `BankError`, so an author sees every problem in one run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import yaml

from generator.printable import printable


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a bank, at a place an author can jump to."""

    file: str
    line: int
    column: int
    where: str
    message: str

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.where}: {self.message}"
        return printable(text)


class BankError(Exception):
    """A bank that cannot be built; `problems` lists everything wrong with it."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class Mark(NamedTuple):
    """A place in the file, 1-based. A tuple: one may be kept for every value
    and key of a bank, and a tuple is half the memory of a dataclass instance."""

    line: int
    column: int

    @classmethod
    def of(cls, yaml_mark: yaml.Mark | None) -> Mark:
        if yaml_mark is None:
            return cls(1, 1)
        return cls(yaml_mark.line + 1, yaml_mark.column + 1)


START = Mark(1, 1)
"""The top of the file: where a problem with no better place is reported."""
