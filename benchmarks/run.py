"""`make bench`: the tool against two baselines, as ratios measured in one run.

The baselines: `bare` (benchmarks/bare.py), the barest script that turns a
bank into a package, the floor under any tool; and `baseline`
(benchmarks/baseline.py), raw genanki writing the tool's very notes. `build`
is timed twice over: as a first build (no lock file yet) and as a rebuild.
At 10,000 and 50,000 questions a second bank, whose options are drawn from
15 to 60 words (about 4% of its questions draw an item-writing warning, as
real banks do), is measured beside the lint-clean one, against the same targets.

Every measurement is a whole process (start-up, imports and all), started
by a small fresh wrapper (`benchmarks.measure`) that reaps it with
`os.wait4`, which gives that child's wall time, CPU time and own peak RSS.
The tools take turns within each round, and the order rotates from round
to round, so a slow spell on the machine lands on all of them rather than
on one. Ratios are taken between runs of the same round, then summarised
as min/median/max over the rounds.

    python -m benchmarks.run [--sizes 5,1000,10000,50000] [--rounds 3] [--quick]

`BENCH_SIZES` and `BENCH_ROUNDS` in the environment set the defaults. Banks,
packages and results go to benchmarks/results/ (ignored by git).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from benchmarks import media_case
from benchmarks.cases import (
    DEFAULT_SIZES,
    HELP_RUNS_PER_ROUND,
    QUICK_SIZES,
    RESULTS,
    ROOT,
    TOOLS,
    Case,
    Run,
    cases,
)
from benchmarks.synthetic import write_bank
from benchmarks.verdict import Target, fmt_spread, machine, table, targets


def measure(command: Sequence[str], log: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one process; raises if it fails."""
    wrapper = [sys.executable, "-m", "benchmarks.measure", str(log), "--", *command]
    reported = subprocess.run(wrapper, cwd=ROOT, capture_output=True, text=True, check=True)
    report = json.loads(reported.stdout)
    if report["exit_code"] != 0:
        raise SystemExit(
            f"benchmark command failed ({report['exit_code']}): {' '.join(command)}\n"
            f"{log.read_text(errors='replace')[-2000:]}"
        )
    return report["seconds"], report["cpu_seconds"], report["peak_mb"]


def commands(bank: Path, work: Path) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "bare": [python, "-m", "benchmarks.bare", str(bank), str(work / "bare")],
        "baseline": [python, "-m", "benchmarks.baseline", str(bank), str(work / "baseline")],
        "first-build": [
            python, "-m", "generator", "build", str(first_build_bank(bank, work)),
            "--out", str(work / "first-build"),
        ],
        "build": [python, "-m", "generator", "build", str(bank), "--out", str(work / "build")],
        "check": [python, "-m", "generator", "check", str(bank)],
    }


def first_build_bank(bank: Path, work: Path) -> Path:
    """The bank seen from a folder of its own, whose lock file each first build starts without."""
    return work / "first" / bank.name


def forget_lock(bank: Path, work: Path) -> None:
    """Make the next build of `first_build_bank` a first build: a link to the bank, no lock."""
    linked = first_build_bank(bank, work)
    linked.parent.mkdir(parents=True, exist_ok=True)
    if not linked.is_symlink():
        linked.symlink_to(bank.resolve())
    linked.with_name(f"{linked.stem}.lock.json").unlink(missing_ok=True)


def prepare(case: Case) -> None:
    """The case's bank, written and built once by the tool, untimed.

    That build writes the bank's lock file and warms the page cache, so the
    timed builds are rebuilds, as after an author's edit: the lock is read,
    compared and kept, and the package is written again.
    """
    write_bank(case.size, case.bank, warned=case.warned)
    case.work.mkdir(parents=True, exist_ok=True)
    print(f"preparing {case.label}: {case.bank.relative_to(ROOT)}", file=sys.stderr, flush=True)
    measure(commands(case.bank, case.work)["build"], case.work / "prepare.log")


def run_rounds(sizes: Sequence[int], rounds: int) -> list[Run]:
    measured = cases(sizes)
    for case in measured:
        prepare(case)
    runs: list[Run] = []
    for round_number in range(rounds):
        for index, case in enumerate(measured):
            tool_commands = commands(case.bank, case.work)
            shift = (round_number + index) % len(TOOLS)
            for tool in TOOLS[shift:] + TOOLS[:shift]:
                if tool == "first-build":
                    forget_lock(case.bank, case.work)
                seconds, cpu, peak = measure(tool_commands[tool], case.work / f"{tool}.log")
                runs.append(Run(tool, case.size, round_number, seconds, cpu, peak, case.warned))
                print(
                    f"round {round_number + 1}/{rounds}  {case.label:>18}  {tool:<11} "
                    f"{seconds:8.2f} s {cpu:8.2f} s CPU {peak:8.0f} MB",
                    file=sys.stderr,
                    flush=True,
                )
    return runs


def run_help(rounds: int) -> list[tuple[float, float]]:
    """Pairs of (generator --help, import click) wall times, alternating."""
    python = sys.executable
    log = RESULTS / "work" / "help.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    pairs = []
    for _ in range(rounds * HELP_RUNS_PER_ROUND):
        help_seconds, _, _ = measure([python, "-m", "generator", "--help"], log)
        click_seconds, _, _ = measure([python, "-c", "import click"], log)
        pairs.append((help_seconds, click_seconds))
    return pairs


def make_deck_twice() -> tuple[bool, float, str]:
    """`make deck`, then again: the second must run no build. (no work, its seconds, its output)"""
    make = shutil.which("make")
    if make is None:
        return False, 0.0, "make is not installed"
    log = RESULTS / "work" / "make-deck.log"
    measure([make, "deck"], log)
    seconds, _, _ = measure([make, "deck"], log)
    output = log.read_text(errors="replace")
    return "generator build" not in output, seconds, output.strip()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default=os.environ.get("BENCH_SIZES", ",".join(map(str, DEFAULT_SIZES))),
        help="comma-separated bank sizes (default: %(default)s; env BENCH_SIZES)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=int(os.environ.get("BENCH_ROUNDS", "3")),
        help="rounds of every measurement (default: %(default)s; env BENCH_ROUNDS)",
    )
    parser.add_argument(
        "--quick", action="store_true",
        help=f"sizes {','.join(map(str, QUICK_SIZES))} and one round: checks the plumbing",
    )
    parser.add_argument("--no-make", action="store_true", help="skip the `make deck` twice check")
    parser.add_argument(
        "--no-media", action="store_true", help="skip the media case (benchmarks/media_case.py)"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = sorted({int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()})
    rounds = 1 if args.quick else args.rounds
    if args.quick:
        sizes = list(QUICK_SIZES)
    if rounds < 1 or not sizes or min(sizes) < 1:
        raise SystemExit("need at least one round and one positive size")

    print(f"machine: {machine()}", file=sys.stderr)
    runs = run_rounds(sizes, rounds)
    help_pairs = run_help(rounds)
    make_no_work, make_seconds, make_output = (None, 0.0, "") if args.no_make else make_deck_twice()
    media_runs, media_total = (
        ([], 0) if args.no_media else media_case.run(rounds, RESULTS, measure, sys.executable)
    )

    markdown = table(runs, sizes, rounds)
    found = targets(runs, sizes, help_pairs, make_no_work)
    if media_runs:
        shares = media_case.growth_shares(media_runs, media_total)
        found.append(
            Target(
                "build peak memory growth with 1,000 images, share of their bytes",
                statistics.median(shares), media_case.GROWTH_LIMIT, fmt_spread(shares, "", 3),
            )
        )
    help_ratios = [h / c for h, c in help_pairs]
    help_line = (
        f"`python -m generator --help`: {statistics.median(h for h, _ in help_pairs):.3f} s, "
        f"`python -c \"import click\"`: {statistics.median(c for _, c in help_pairs):.3f} s "
        f"(median of {len(help_pairs)}); ratio {fmt_spread(help_ratios)}"
    )
    print()
    print(f"Machine: {machine()}")
    print()
    print(markdown)
    print()
    print(help_line)
    if make_no_work is not None:
        print(f"Second `make deck`: {make_seconds:.3f} s, output: {make_output!r}")
    if media_runs:
        print(f"\nMedia case:\n\n{media_case.summary(media_runs, media_total)}")
    print()
    print("Targets (median ratio, min–max over rounds):")
    for target in found:
        verdict = "PASS" if target.passed else "FAIL"
        print(f"  {verdict}  {target.name}: {target.detail} (limit {target.limit:g})")

    stamp = time.strftime("%Y%m%d-%H%M%S")
    result = {
        "machine": machine(),
        "sizes": sizes,
        "rounds": rounds,
        "runs": [asdict(run) for run in runs],
        "help_pairs": help_pairs,
        "make_deck_second_no_work": make_no_work,
        "targets": [{**asdict(t), "passed": t.passed} for t in found],
        "media_runs": [asdict(run) for run in media_runs],
        "media_bytes": media_total,
        "table": markdown,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    for name in (f"bench-{stamp}.json", "latest.json"):
        (RESULTS / name).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "latest.md").write_text(
        f"Machine: {machine()}\n\n{markdown}\n\n{help_line}\n", encoding="utf-8"
    )
    print(f"\nResults: {RESULTS.relative_to(ROOT)}/latest.json, latest.md", file=sys.stderr)
    return 0 if all(target.passed for target in found) else 1


if __name__ == "__main__":
    sys.exit(main())
