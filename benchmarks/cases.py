"""What `make bench` measures: the tools, the banks (cases) and one run's numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_SIZES = (5, 1_000, 10_000, 50_000)
QUICK_SIZES = (5, 1_000)
WARNED_SIZES = (10_000, 50_000)
"""The sizes also measured on a bank "with warnings" (`synthetic.warned_options`)."""
TOOLS = ("bare", "baseline", "first-build", "build", "check")
TOOL_NAMES = {
    "bare": "bare script",
    "baseline": "raw genanki",
    "first-build": "`build`, first",
    "build": "`build`, rebuild",
    "check": "`check`",
}
BUILDS = ("first-build", "build")
HELP_RUNS_PER_ROUND = 10
BANK_FORMAT_VERSION = 3
"""Bumped when `synthetic.py` changes what it writes, so stale cached banks are not reused."""


@dataclass(frozen=True)
class Case:
    """One bank measured: its size, and whether it is the variant with warnings."""

    size: int
    warned: bool = False

    @property
    def variant(self) -> str:
        return " (4% warned)" if self.warned else ""

    @property
    def label(self) -> str:
        return f"{self.size:,}{self.variant}"

    @property
    def name(self) -> str:
        """The case's name in file names: its bank's cached copy and its work folder."""
        return f"{self.size}-warned" if self.warned else str(self.size)

    @property
    def bank(self) -> Path:
        return RESULTS / "banks" / f"bench-v{BANK_FORMAT_VERSION}-{self.name}.yaml"

    @property
    def work(self) -> Path:
        return RESULTS / "work" / self.name


def cases(sizes: Sequence[int]) -> list[Case]:
    """Each size's lint-clean bank, followed by its bank with warnings where there is one."""
    return [
        Case(size, warned)
        for size in sizes
        for warned in ((False, True) if size in WARNED_SIZES else (False,))
    ]


@dataclass(frozen=True)
class Run:
    tool: str
    size: int
    round: int
    seconds: float
    cpu_seconds: float
    peak_mb: float
    warned: bool = False

    @property
    def case(self) -> Case:
        return Case(self.size, self.warned)
