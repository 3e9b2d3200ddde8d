"""`make bench`'s verdict: the targets, as ratios between runs of one round, and the table."""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.cases import BUILDS, TOOL_NAMES, TOOLS, Case, Run, cases


@dataclass(frozen=True)
class Target:
    name: str
    value: float
    limit: float
    detail: str

    @property
    def passed(self) -> bool:
        return self.value <= self.limit


def spread(values: Sequence[float]) -> tuple[float, float, float]:
    return min(values), statistics.median(values), max(values)


def paired(
    runs: list[Run], case: Case, tool: str, versus: str, value: Callable[[Run], float]
) -> list[float]:
    """Per-round ratios of `tool` to `versus` on the case's bank."""
    by_round = {(r.tool, r.round): value(r) for r in runs if r.case == case}
    rounds = sorted({r.round for r in runs})
    return [by_round[(tool, n)] / by_round[(versus, n)] for n in rounds]


def scaling(
    runs: list[Run], tool: str, value: Callable[[Run], float], warned: bool
) -> list[float]:
    by_round = {(r.size, r.round): value(r) for r in runs if r.tool == tool and r.warned == warned}
    rounds = sorted({r.round for r in runs})
    return [by_round[(50_000, n)] / by_round[(10_000, n)] for n in rounds]


def seconds_of(run: Run) -> float:
    return run.seconds


def cpu_of(run: Run) -> float:
    return run.cpu_seconds


def memory_of(run: Run) -> float:
    return run.peak_mb


def fmt_spread(values: Sequence[float], unit: str = "x", digits: int = 2) -> str:
    low, mid, high = spread(values)
    return f"{mid:.{digits}f}{unit} ({low:.{digits}f}–{high:.{digits}f})"


def targets(
    runs: list[Run], sizes: Sequence[int], help_pairs: list[tuple[float, float]],
    make_no_work: bool | None,
) -> list[Target]:
    found: list[Target] = []

    def versus(case: Case, tool: str, other: str, label: str, value: Callable[[Run], float],
               limit: float) -> None:
        ratios = paired(runs, case, tool, other, value)
        found.append(
            Target(
                f"{TOOL_NAMES[tool]} {label} at {case.label}, vs {TOOL_NAMES[other]}",
                statistics.median(ratios), limit, fmt_spread(ratios),
            )
        )

    measured = cases(sizes)
    if Case(5) in measured:
        for tool in BUILDS:
            versus(Case(5), tool, "bare", "wall time", seconds_of, 1.5)
    for case in measured:
        if case.size not in (10_000, 50_000):
            continue
        for tool in BUILDS:
            for label, value in (("wall time", seconds_of), ("peak memory", memory_of)):
                versus(case, tool, "bare", label, value, 1.0)
        for label, value in (("wall time", seconds_of), ("peak memory", memory_of)):
            versus(case, "build", "baseline", label, value, 1.5)
        if case.size == 10_000:
            versus(case, "check", "bare", "wall time", seconds_of, 0.5)
        else:
            versus(case, "check", "baseline", "wall time", seconds_of, 0.5)
    if {10_000, 50_000} <= set(sizes):
        for warned in (False, True):
            for tool in BUILDS:
                for label, value in (("wall time", seconds_of), ("peak memory", memory_of)):
                    ratios = scaling(runs, tool, value, warned)
                    found.append(
                        Target(
                            f"{TOOL_NAMES[tool]} {label}, 50,000 vs 10,000"
                            f"{Case(10_000, warned).variant}",
                            statistics.median(ratios), 5.2, fmt_spread(ratios),
                        )
                    )
    if help_pairs:
        ratios = [help_seconds / click_seconds for help_seconds, click_seconds in help_pairs]
        found.append(
            Target(
                "`--help` time, vs `import click`",
                statistics.median(ratios), 1.3, fmt_spread(ratios),
            )
        )
    if make_no_work is not None:
        found.append(
            Target(
                "second `make deck` runs no build",
                0.0 if make_no_work else 1.0, 0.0,
                "no build ran" if make_no_work else "a build ran",
            )
        )
    return found


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def table(runs: list[Run], sizes: Sequence[int], rounds: int) -> str:
    """The README's Markdown table: medians, and ratios to both baselines of the same round."""
    lines = [
        f"Medians of {rounds} round{'s' if rounds != 1 else ''}. Ratios are to a baseline "
        "in the same round, median (min–max): *bare* is the bare script, *genanki* raw "
        "genanki writing the tool's notes.",
        "",
        "| Questions | Tool | Wall time | CPU time | Peak RSS "
        "| Wall vs bare | CPU vs bare | Memory vs bare "
        "| Wall vs genanki | CPU vs genanki | Memory vs genanki |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for case in cases(sizes):
        for tool in TOOLS:
            mine = [r for r in runs if r.case == case and r.tool == tool]
            cells = [
                f"{statistics.median(r.seconds for r in mine):.2f} s",
                f"{statistics.median(r.cpu_seconds for r in mine):.2f} s",
                f"{statistics.median(r.peak_mb for r in mine):.0f} MB",
            ]
            for other in ("bare", "baseline"):
                for value in (seconds_of, cpu_of, memory_of):
                    cells.append(
                        "1" if tool == other
                        else fmt_spread(paired(runs, case, tool, other, value))
                    )
            lines.append(f"| {case.label} | {TOOL_NAMES[tool]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
