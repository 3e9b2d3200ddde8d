"""Run one command; print its wall time, CPU time and peak RSS as JSON.

    python -m benchmarks.measure LOG -- COMMAND...

Run it as a fresh process, as `benchmarks.run` does: Linux counts in a
child's peak RSS the memory of the process it was forked from (the child
starts as a copy of it), so a parent that has grown large, such as the
runner after writing a 50,000-question bank, would inflate every reading.
This small process is the parent instead. The command's output goes to LOG.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print("usage: python -m benchmarks.measure LOG -- COMMAND...", file=sys.stderr)
        return 2
    log, command = argv[0], argv[2:]
    with open(log, "wb") as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    # ru_maxrss is in kilobytes on Linux.
    report = {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        "exit_code": os.waitstatus_to_exitcode(status),
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
