"""`make lexer-survey`: every lexer Pygments ships, against inputs that trouble regex engines.

Some of Pygments' lexers backtrack catastrophically: a few bytes of one shape
(an unterminated string of backslashes, a comment that never closes) take
seconds, then minutes, each byte more doubling the time; others are merely
slow, quadratic in a block's size. A card's code block is the bank author's
text, so highlighting one must never hang a build. The card renderer
(`generator.highlight`) highlights a block only with a lexer this survey
measured, and only up to the size it measured that lexer fast at (its cap):
the findings, written to `generator/lexers.json`, are data the build reads, so
its output never depends on the machine it runs on.

Each input runs alone under a CPU-time alarm (Python's regular expressions
stop at a signal), lexer by lexer in worker processes:

- **backtracking**: every opener a language may have (quotes, comment and
  string starts, brackets) followed by 64 characters of one troublesome
  character or pair, within `PROBE_TIMEOUT`: a backtracking regex takes ages
  on 64 characters, a sound one microseconds. A lexer that fails one is
  never used (its cap is 0);
- **the ladder**: at each of `SIZES` characters, the shapes that can be slow
  without backtracking (one character or pair repeated, nested brackets, a
  long run after an opener, a line of code repeated), each within `BUDGET`
  seconds of CPU time. A lexer's cap is the last size it finished every
  shape of.

A lexer that raises on any input is never used. The survey takes about half
an hour on two cores.

    python -m benchmarks.lexer_survey [--jobs 2] [--only NAME,...] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from generator.highlight import SURVEY

PROGRESS = Path(__file__).parent / "results" / "lexer_survey.progress.jsonl"
PROBE_LENGTH = 64
PROBE_TIMEOUT = 1.0
"""CPU seconds a backtracking probe may take (a sound lexer takes well under a millisecond)."""
SIZES = (1024, 2048, 4096, 8192)
"""The ladder of block sizes, in characters; the largest is the largest cap any lexer gets."""
BUDGET = 0.25
"""CPU seconds a lexer may take on any shape at a size of the ladder (most take 1-20 ms)."""

OPENERS = (
    "", '"', "'", "`", '"""', "'''", "//", "/*", "#", "--", ";", "%", "(*", "{-", "<!--",
    "{", "[", "(", "<", "$", "@", "\\", "s/", 'r"', "q{", "%q(", "#|", "=", "a", "0x",
    "/", "<<", "#{", '@"', "${", ":", "!", "&", "'\\", '"\\', "\"'", "[[", "{{", "<%",
)
PIECES = (
    "\\", "a", " ", "\t", "\n", "a ", "\\\\", '\\"', "\\'", "(", ")", "[", "]", "{", "}",
    "<", ">", '"', "'", "/", "*", "-", "0", ".", ":", "a.", "a:", "\\\n", " \n", "a\n",
    "#", "$", "&", "=", "!", ",", "\\a", "a\\", "0.", "a-", "A", "_", "`", "@", "%", ";",
)


def probes() -> Iterator[tuple[str, str]]:
    """(name, text) of each backtracking probe."""
    for opener in OPENERS:
        for piece in PIECES:
            body = piece * (PROBE_LENGTH // len(piece))
            yield f"{opener!r}+{piece!r}*{len(body) // len(piece)}", opener + body


def at_size(size: int) -> Iterator[tuple[str, str]]:
    """(name, text) of each shape measured at `size` characters."""
    for piece in PIECES:
        count = size // len(piece)
        yield f"{piece!r}*{count}", piece * count
    for opener, piece in [
        ('"', "a"), ('"', "\\"), ("'", "a"), ("/*", "a"), ("//", "a"), ("#", "a"),
        ("<!--", "a"), ("(*", "a"), ("`", "a"), ('"""', "a"), ("A", "-"), ("a", "0"),
    ]:
        count = (size - len(opener)) // len(piece)
        yield f"{opener!r}+{piece!r}*{count}", opener + piece * count
    for left, right in ["()", "[]", "{}", "<>"]:
        half = size // 2
        yield f"{left!r}*{half}+{right!r}*{half}", left * half + right * half
    line = "x = f(a, 'b', \"c\") # d\n"
    yield f"code line*{size // len(line)}", line * (size // len(line))


class _OutOfTime(Exception):
    pass


def _alarm(_signal: int, _frame: object) -> None:
    raise _OutOfTime


def timed(lexer: object, text: str, timeout: float) -> float | None:
    """CPU seconds to lex `text` whole, None past `timeout`; raises what the lexer raises."""
    signal.setitimer(signal.ITIMER_PROF, timeout)
    start = time.process_time()
    try:
        for _token in lexer.get_tokens(text):  # type: ignore[attr-defined]
            pass
    except _OutOfTime:
        return None
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    return time.process_time() - start


def survey_one(class_name: str) -> dict:
    """One lexer's cap (0: never used) and its slowest input within it, or what stopped it."""
    from pygments.lexers import get_lexer_by_name

    signal.signal(signal.SIGPROF, _alarm)
    aliases = _aliases()[class_name]
    lexer = get_lexer_by_name(aliases[0])
    cap, slowest = 0, (0.0, "")
    ladder = [(0, probes(), PROBE_TIMEOUT)] + [(size, at_size(size), BUDGET) for size in SIZES]
    for size, inputs, budget in ladder:
        for name, text in inputs:
            try:
                seconds = timed(lexer, text, budget)
            except Exception as error:  # any lexer's own error: it is not used
                return _verdict(aliases, 0, f"{name}: raises {type(error).__name__}")
            if seconds is None:
                return _verdict(aliases, cap, f"{name}: over {budget:g} s")
            slowest = max(slowest, (seconds, name))
        cap = size
    return _verdict(aliases, cap, f"{slowest[1]}: {slowest[0]:.3f} s")


def _verdict(aliases: list[str], cap: int, slowest: str) -> dict:
    return {"aliases": aliases, "cap": cap, "slowest": slowest}


def _aliases() -> dict[str, list[str]]:
    """Each lexer class Pygments can find by name, with its names."""
    from pygments.lexers import LEXERS

    return {name: list(entry[2]) for name, entry in LEXERS.items() if entry[2]}


def main(argv: list[str] | None = None) -> int:
    import pygments

    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", help="comma-separated lexer class names (prints, writes nothing)")
    parser.add_argument("--out", type=Path, default=SURVEY)
    args = parser.parse_args(argv)
    names = sorted(args.only.split(",") if args.only else _aliases())
    # Each verdict is kept as it comes, so a survey stopped part way goes on where it was.
    found = {} if args.only else _progress(pygments.__version__)
    todo = [name for name in names if name not in found]
    with ProcessPoolExecutor(args.jobs) as pool:
        verdicts = zip(todo, pool.map(survey_one, todo), strict=True)
        for index, (name, verdict) in enumerate(verdicts, len(names) - len(todo) + 1):
            found[name] = verdict
            if not args.only:
                with PROGRESS.open("a", encoding="utf-8") as progress:
                    progress.write(json.dumps({"pygments": pygments.__version__, name: verdict}))
                    progress.write("\n")
            cap, slowest = verdict["cap"], verdict["slowest"]
            print(f"{index}/{len(names)} {cap:5} {name}: {slowest}", flush=True)
    if args.only:
        return 0
    survey = {
        "pygments": pygments.__version__,
        "sizes": SIZES,
        "budget_seconds": BUDGET,
        "probe_timeout_seconds": PROBE_TIMEOUT,
    }
    lines = [f"  {json.dumps(name)}: {json.dumps(found[name])}" for name in names]
    head = json.dumps(survey)
    args.out.write_text(head[:-1] + ', "lexers": {\n' + ",\n".join(lines) + "\n}}\n")
    PROGRESS.unlink()
    unusable = sum(not found[name]["cap"] for name in names)
    print(f"{unusable} of {len(names)} lexers never used; written to {args.out}")
    return 0


def _progress(version: str) -> dict[str, dict]:
    """The verdicts a survey of this Pygments release stopped part way had found."""
    if not PROGRESS.exists():
        return {}
    found = {}
    for line in PROGRESS.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry.pop("pygments") == version:
            found.update(entry)
    return found


if __name__ == "__main__":
    sys.exit(main())
