"""Save to card: how long after a save of the FastAPI bank `watch` shows the change.

Two times per save, measured from just before the bank is written:
- to the preview: until the preview page holds the edited text;
- to Anki: until the import of the rebuilt package has finished in Anki. Anki is
  the AnkiConnect stand-in of the tests (tests/ankiconnect_standin.py: the
  add-on's protocol over a real collection, importing with the add-on's call),
  in this process, so the moment its import ends is read off the same clock.

The baseline is what an author ran before `watch`, in the same run: `build`
and then `preview`, each a whole process, as `make deck preview` starts them.
The ratio `watch / baseline` is per save against the baseline's median.

    python -m benchmarks.watch_latency [--saves 10]

Needs the test extras (the `anki` package). Writes nothing outside a
scratch folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BANK = ROOT / "decks" / "fastapi-developer-interview.yaml"
EDITED = "when should you use it?"
START_TIMEOUT_S = 120.0
SAVE_TIMEOUT_S = 30.0
PAUSE_S = 1.0
"""Between saves: each save its own burst."""


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> float:
    """The monotonic time at which `check()` first held."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.002)
    return time.monotonic()


def baseline(work: Path, env: dict[str, str]) -> float:
    """`build` then `preview`, as separate processes: the loop before `watch`."""
    bank = work / "decks" / BANK.name
    started = time.monotonic()
    for command in (
        ["build", str(bank), "--out", str(work / "dist")],
        ["preview", str(bank), "--out", str(work / "preview")],
    ):
        subprocess.run(
            [sys.executable, "-m", "generator", *command],
            env=env,
            check=True,
            capture_output=True,
        )
    return time.monotonic() - started


def measure(saves: int) -> dict[str, list[float]]:
    from anki.collection import Collection

    from tests.ankiconnect_standin import running_standin

    times: dict[str, list[float]] = {"preview": [], "anki": [], "baseline": []}
    with tempfile.TemporaryDirectory(prefix="mcq-watch-bench-") as scratch:
        work = Path(scratch)
        bank = work / "decks" / BANK.name
        bank.parent.mkdir()
        shutil.copy(BANK, bank)
        page = work / "preview" / f"{BANK.stem}.html"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        (work / "anki").mkdir()
        collection = Collection(str(work / "anki" / "collection.anki2"))
        try:
            with running_standin(collection) as standin:
                log = (work / "watch.out").open("w")
                watch = subprocess.Popen(
                    [sys.executable, "-m", "generator", "watch", str(bank), "--out",
                     str(work / "dist"), "--preview-out", str(work / "preview"), "--push",
                     "--url", standin.url],
                    env=env, stdout=log, stderr=subprocess.STDOUT,
                )
                try:
                    wait_for(lambda: len(standin.imports) == 1, START_TIMEOUT_S, "watch")
                    text = bank.read_text(encoding="utf-8")
                    for number in range(saves):
                        time.sleep(PAUSE_S)
                        word = f"edit{number}"
                        imported = len(standin.imports)
                        saved = time.monotonic()
                        bank.write_text(text.replace(EDITED, f"when is {word} due?", 1))
                        shown = wait_for(
                            lambda w=word: w in page.read_text(encoding="utf-8"),
                            SAVE_TIMEOUT_S, "the preview",
                        )
                        wait_for(lambda n=imported: len(standin.imports) > n,
                                 SAVE_TIMEOUT_S, "the import")
                        times["preview"].append(shown - saved)
                        times["anki"].append(standin.imports[-1][1] - saved)
                finally:
                    watch.terminate()
                    watch.wait(30)
            for _ in range(saves):
                times["baseline"].append(baseline(work, env))
        finally:
            collection.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=10)
    arguments = parser.parse_args()
    times = measure(arguments.saves)
    base = statistics.median(times["baseline"])
    for name, label in (
        ("preview", "save to preview"),
        ("anki", "save to Anki (push)"),
        ("baseline", "build + preview (baseline)"),
    ):
        values = sorted(times[name])
        print(
            f"{label:28} median {statistics.median(values) * 1000:6.0f} ms, "
            f"max {values[-1] * 1000:6.0f} ms, "
            f"median / baseline {statistics.median(values) / base:.2f}"
        )


if __name__ == "__main__":
    main()
