"""Hostile text grows the work linearly: `check` then `build` of one bank per shape and size.

Each shape is a text an attacker or a careless author could write (runs of
Markdown's openers, unclosed markup, nested lists, a tag of many parts...),
repeated to 10 KB, 100 KB and 1 MB in one field of an otherwise small bank.
Every run is the whole pipeline (`generator.pipeline.build_banks`: load, media,
warnings, render, lock, package) in a fresh child process, timed by its own
CPU clock and stopped at `--timeout`. A shape passes when ten times the input
costs at most `MAX_RATIO` times the time, size after size (linear growth, with
room for noise); a quadratic pattern costs a hundred times.

    python -m benchmarks.text_growth [--sizes 10000,100000,1000000] [--only NAME,...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

MAX_RATIO = 25.0
"""Ten times the input may cost this many times the time (linear is 10; quadratic 100)."""

SHAPES: dict[str, tuple[str, str]] = {
    # name: (field, the piece repeated)
    "images-opened": ("question", "!["),
    "brackets-opened": ("question", "["),
    "brackets-nested": ("question", "[]"),
    "sound-opened": ("question", "[sound:"),
    "speech-opened": ("question", "[anki:tts lang=en_US]"),
    "latex-opened": ("question", "[$"),
    "entities": ("question", "&#9"),
    "backslashes": ("why", "\\"),
    "emphasis": ("why", "*a_"),
    "links-opened": ("why", "[a]("),
    "image-scheme": ("tip", "![a](javascript:"),
    "angle-brackets": ("tip", "<a"),
    "backticks": ("note", "`a``"),
    "quotes-nested": ("note", ">"),
    "list-items-nested": ("note", "- "),
    "ordered-items": ("note", "1. "),
    "fences": ("text", "```\n"),
    "tag-parts": ("tag", "a::"),
    "fenced-scala": ("question", "x\n"),
    "list-lines-nested": ("why", "  "),
}


def bank_with(field: str, piece: str, size: int) -> dict:
    text = piece * (size // len(piece))
    question: dict = {
        "id": "a",
        "question": "Q?",
        "options": [{"text": "A.", "why": "W.", "correct": True}, {"text": "B.", "why": "W."}],
    }
    if field == "tag":
        question["tags"] = [text + "a"]
    elif field == "text":
        question["options"][1]["text"] = "B " + text
    elif piece == "  ":  # a list item per line, each nested one deeper than the last
        lines, depth = [], 0
        while sum(map(len, lines)) < size:
            lines.append("  " * depth + "- a\n")
            depth += 1
        question["options"][0]["why"] = "".join(lines)
    elif field == "why":
        question["options"][0]["why"] = "W " + text
    elif piece == "x\n":
        question["question"] = "```scala\n" + text + "```\n"
    else:
        question[field] = "Q " + text
    return {"deck": {"id": "growth", "name": "Growth"}, "questions": [question]}


def run_one(bank: Path, timeout: float) -> float | None:
    """CPU seconds of a check and build of `bank` in a child process, None past `timeout`."""
    code = (
        "import sys, time; from pathlib import Path;"
        "from generator.pipeline import build_banks;"
        "start = time.process_time();"
        "done = build_banks([Path(sys.argv[1])], Path(sys.argv[1]).parent / 'out');"
        "print(time.process_time() - start, done.failed)"
    )
    try:
        result = subprocess.run(
            [sys.executable, "-c", code, str(bank)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    return float(result.stdout.split()[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--only", help="comma-separated shape names")
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    names = args.only.split(",") if args.only else list(SHAPES)
    failed = []
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name in names:
            seconds: list[float | None] = []
            for size in sizes:
                bank = Path(scratch) / f"{name}-{size}" / "bank.yaml"
                bank.parent.mkdir()
                bank.write_text(yaml.safe_dump(bank_with(*SHAPES[name], size)), encoding="utf-8")
                seconds.append(run_one(bank, args.timeout))
                if seconds[-1] is None:
                    break
            ratios = [
                later / max(earlier, 0.01)
                for earlier, later in zip(seconds, seconds[1:], strict=False)
                if earlier is not None and later is not None
            ]
            ok = None not in seconds and all(ratio <= MAX_RATIO for ratio in ratios)
            results[name] = {"seconds": seconds, "ratios": ratios, "linear": ok}
            shown = ", ".join("timeout" if s is None else f"{s:.2f} s" for s in seconds)
            growth = ", ".join(f"x{ratio:.1f}" for ratio in ratios)
            print(f"{'ok ' if ok else 'NOT'} {name}: {shown} (growth {growth})", flush=True)
            if not ok:
                failed.append(name)
    out = Path(__file__).parent / "results" / "text_growth.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"sizes": sizes, "shapes": results}, indent=1), encoding="utf-8")
    print(f"{len(names) - len(failed)} of {len(names)} shapes grow linearly; written to {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
