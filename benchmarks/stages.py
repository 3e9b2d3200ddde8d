"""Where a build's time and memory go: each stage of the pipeline timed in one process.

    python -m benchmarks.stages BANK.yaml [OUT_DIR]

Runs the stages `build` runs, one after the other, through the library (no
CLI), and prints for each its CPU seconds and the process's resident memory
after it and at its peak so far. A first build: the bank's lock is not read
(nor written); the package goes to OUT_DIR (a temporary folder by default).
The stage profile in benchmarks/README.md comes from this and from cProfile.
"""

from __future__ import annotations

import gc
import resource
import sys
import tempfile
import time
from pathlib import Path

STARTED = time.process_time()


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(bank_path: Path, out_dir: Path) -> None:
    from generator.anki_text import anki_problems
    from generator.build import stamp_lock
    from generator.itemwriting import ItemWarning, find_flaws
    from generator.lock import Lock
    from generator.notetype import note_type_for
    from generator.package import write_package
    from generator.reading import read_bank_text
    from generator.render import render_bank
    from generator.validation import validated_bank
    from generator.yaml_walk import parse_yaml

    rows: list[tuple[str, float]] = [("imports", time.process_time() - STARTED)]
    print(f"{'stage':<22}{'CPU s':>8}{'RSS after':>12}{'peak so far':>13}")
    print(f"{'imports':<22}{rows[0][1]:8.2f}{resident_mb():10.0f} MB{peak_mb():10.0f} MB")

    def stage(name: str, started: float) -> None:
        print(f"{name:<22}{time.process_time() - started:8.2f}"
              f"{resident_mb():10.0f} MB{peak_mb():10.0f} MB", flush=True)

    gc.disable()  # as the command line does for its whole run
    started = time.process_time()
    text = read_bank_text(bank_path)
    stage("read", started)
    started = time.process_time()
    parsed = parse_yaml(text, str(bank_path))
    del text
    stage("parse (one walk)", started)
    started = time.process_time()
    bank = validated_bank(parsed.positions, parsed.data)
    stage("validate (pydantic)", started)
    started = time.process_time()
    problems = anki_problems(bank, parsed.positions)
    stage("Anki text checks", started)
    started = time.process_time()
    flaws = find_flaws(bank)
    stage(f"item-writing ({len(flaws)})", started)
    started = time.process_time()
    placed = sorted(
        ItemWarning(parsed.positions.problem(flaw.path, flaw.message), flaw.check)
        for flaw in flaws
    )
    stage(f"place warnings ({len(placed)})", started)
    if problems:
        sys.exit(f"{bank_path}: {len(problems)} problems; this measures valid banks")
    started = time.process_time()
    notes = render_bank(bank)
    stage("render", started)
    started = time.process_time()
    note_type = note_type_for(bank.deck.id, bank.deck.language)
    lock = stamp_lock(Lock(), note_type, notes, 1_790_000_000)
    stage("stamp lock (hashes)", started)
    started = time.process_time()
    out_dir.mkdir(parents=True, exist_ok=True)
    write_package(out_dir / f"{bank_path.stem}.apkg", bank.deck, note_type, notes, lock)
    stage("write package", started)
    gc.enable()
    print(f"{'total':<22}{time.process_time() - STARTED:8.2f}")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: python -m benchmarks.stages BANK.yaml [OUT_DIR]")
    if len(sys.argv) == 3:
        main(Path(sys.argv[1]), Path(sys.argv[2]))
    else:
        with tempfile.TemporaryDirectory(prefix="stages-") as scratch:
            main(Path(sys.argv[1]), Path(scratch))
