"""Prove a speed change changed no output: the packages' sha256, recorded, then compared.

    python -m benchmarks.same_output record [--sizes 5,1000,10000,50000]
    python -m benchmarks.same_output compare [--sizes ...]

Builds, with the code of this checkout, the packages of the benchmark banks
and of the shipped deck (`decks/fastapi-developer-interview.yaml`), each
twice: a first build (no lock file yet, the clock pinned, so the lock's times
are the same every time) and a rebuild over the lock that first build wrote.
The shipped deck is also built over its committed lock file. `record` writes
the hashes to benchmarks/results/hashes.json; `compare` builds again and
exits 1 if any package differs from the recorded one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.cases import BANK_FORMAT_VERSION, RESULTS
from benchmarks.synthetic import write_bank
from generator.build import build_bank

ROOT = Path(__file__).resolve().parent.parent
RECORD = RESULTS / "hashes.json"
SHIPPED = ROOT / "decks" / "fastapi-developer-interview.yaml"
PINNED_CLOCK = 1_790_000_000.0
GOOD_BANKS = ROOT / "tests" / "good_banks"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def package_hashes(bank: Path, scratch: Path, *, with_lock: Path | None = None) -> dict[str, str]:
    """sha256 of the first build and of the rebuild of `bank`, built in `scratch`."""
    work = scratch / bank.stem
    work.mkdir(parents=True)
    copy = work / bank.name
    shutil.copyfile(bank, copy)
    found = {}
    if with_lock is not None:
        shutil.copyfile(with_lock, work / with_lock.name)
        found["committed lock"] = sha256(build_bank(copy, work / "out").package)
        return found
    first = build_bank(copy, work / "first", clock=lambda: PINNED_CLOCK).package
    found["first build"] = sha256(first)
    # The rebuild runs later by the clock: unchanged content must keep the lock's times.
    rebuilt = build_bank(copy, work / "rebuild", clock=lambda: PINNED_CLOCK + 3600).package
    found["rebuild"] = sha256(rebuilt)
    return found


def bench_bank_path(size: int) -> Path:
    return RESULTS / "banks" / f"bench-v{BANK_FORMAT_VERSION}-{size}.yaml"


def all_hashes(sizes: list[int]) -> dict[str, str]:
    found: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="same-output-") as scratch:
        for name, bank, lock in [
            ("shipped", SHIPPED, None),
            ("shipped", SHIPPED, SHIPPED.with_name(f"{SHIPPED.stem}.lock.json")),
            *[
                (
                    f"bench-{size}",
                    write_bank(size, bench_bank_path(size)),
                    None,
                )
                for size in sizes
            ],
        ]:
            here = Path(scratch) / f"{name}-{'lock' if lock else 'new'}"
            for kind, digest in package_hashes(bank, here, with_lock=lock).items():
                found[f"{name} {kind}"] = digest
                print(f"{digest}  {name} {kind}", file=sys.stderr, flush=True)
        # The good banks use Markdown, code, images and sound: copied with their media.
        good = Path(scratch) / "good_banks"
        shutil.copytree(GOOD_BANKS, good)
        for bank in sorted(good.glob("*.yaml")):
            built = build_bank(bank, good / "out", clock=lambda: PINNED_CLOCK).package
            found[f"good {bank.stem}"] = sha256(built)
            print(f"{found[f'good {bank.stem}']}  good {bank.stem}", file=sys.stderr, flush=True)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("record", "compare"))
    parser.add_argument("--sizes", default="5,1000,10000,50000")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    found = all_hashes(sizes)
    if args.action == "record":
        recorded = json.loads(RECORD.read_text()) if RECORD.exists() else {}
        RECORD.parent.mkdir(parents=True, exist_ok=True)
        RECORD.write_text(json.dumps({**recorded, **found}, indent=2) + "\n")
        print(f"recorded {len(found)} hashes in {RECORD.relative_to(ROOT)}")
        return 0
    recorded = json.loads(RECORD.read_text())
    differ = [name for name, digest in found.items() if recorded.get(name) != digest]
    for name in found:
        print(f"{'DIFFERS' if name in differ else 'same   '}  {name}  {found[name][:16]}")
    print(f"{len(found) - len(differ)} of {len(found)} packages identical to the record")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
