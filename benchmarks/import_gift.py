"""Importing 10,000 GIFT questions takes at most the time of building them.

    python -m benchmarks.import_gift [SIZE] [ROUNDS]

The synthetic bank of SIZE questions (`synthetic.py`, shaped like the shipped
bank) is exported to GIFT (every text `[html]`, so the import converts all of
it from HTML back to Markdown: the slow path), then, as whole processes taking
turns for ROUNDS rounds, imported (`import --from gift`) and built (`build`,
a first build: no lock file). Prints each round's wall times and their ratio,
and exits 1 if the median ratio is over 1 (the target).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from benchmarks.cases import RESULTS
from benchmarks.synthetic import bank_yaml

TARGET = 1.0


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main(size: int = 10_000, rounds: int = 3) -> int:
    from generator.convert.gift_out import bank_gift
    from generator.loader import load_bank

    work = RESULTS / "work" / f"import-gift-{size}"
    (work / "decks").mkdir(parents=True, exist_ok=True)
    bank = work / "decks" / "bench.yaml"
    bank.write_text(bank_yaml(size), encoding="utf-8")
    gift = work / "bench.gift.txt"
    gift.write_bytes(bank_gift(load_bank(bank), {}).content)
    python = [sys.executable, "-m", "generator"]
    imported = work / "imported" / "bench.yaml"
    lock = bank.with_suffix(".lock.json")
    ratios = []
    for round_number in range(1, rounds + 1):
        lock.unlink(missing_ok=True)
        build = _timed([*python, "build", str(bank), "--out", str(work / "dist")])
        convert = _timed([*python, "import", str(gift), "--from", "gift", "--out",
                          str(imported), "--force"])
        ratios.append(convert / build)
        print(f"round {round_number}: import {convert:.2f} s, build {build:.2f} s, "
              f"ratio {convert / build:.2f}")
    median = statistics.median(ratios)
    verdict = "met" if median <= TARGET else "MISSED"
    print(f"{size:,} GIFT questions: import / build = {median:.2f} "
          f"(target at most {TARGET}): {verdict}")
    return 0 if median <= TARGET else 1


if __name__ == "__main__":
    arguments = [int(value) for value in sys.argv[1:3]]
    sys.exit(main(*arguments))
