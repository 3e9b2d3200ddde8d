"""The media case of `make bench`: 1,000 questions, each with its own 50 kB image.

The bank is the synthetic 1,000-question bank (`synthetic.py`) with one
image reference added to every question, and 1,000 distinct PNG files of
random pixels (valid PNGs, about 50 kB each, 50 MB in all) in its folder.
Its build is measured against the build of the same bank without images,
in the same round: a build streams each file into the package, so its peak
memory must grow by far less than the 50 MB of media it carries.

    python -m benchmarks.media_case OUT_DIR      # writes the bank and its images
"""

from __future__ import annotations

import random
import re
import statistics
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.synthetic import bank_yaml

QUESTIONS = 1_000
IMAGE_WIDTH, IMAGE_HEIGHT = 128, 130  # 3 bytes a pixel: about 50 kB of random pixels
GROWTH_LIMIT = 0.2
"""Peak memory may grow by at most this share of the media total."""
CASE_VERSION = 1
"""Bumped when what this module writes changes, so stale cached banks are not reused."""

_QUESTION = re.compile(r"(  - id: (q-\d+)\n    question: (?:\|-\n      )?)([^\n]*)")


@dataclass(frozen=True)
class MediaRun:
    with_media: bool
    round: int
    seconds: float
    peak_mb: float


def png(rng: random.Random) -> bytes:
    """A valid PNG of random pixels, stored uncompressed (random bytes do not compress)."""
    row = 1 + 3 * IMAGE_WIDTH
    raw = b"".join(b"\0" + rng.randbytes(row - 1) for _ in range(IMAGE_HEIGHT))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", IMAGE_WIDTH, IMAGE_HEIGHT, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 0))
        + chunk(b"IEND", b"")
    )


def write_media_bank(folder: Path, questions: int = QUESTIONS) -> tuple[Path, Path, int]:
    """The bank with images, the same bank without, and the images' total bytes.

    Written once into `folder` (reused while it is complete).
    """
    folder = folder / f"media-v{CASE_VERSION}-{questions}"
    with_media, without = folder / "with-images.yaml", folder / "without-images.yaml"
    images = folder / "img"
    if not with_media.exists():
        images.mkdir(parents=True, exist_ok=True)
        rng = random.Random(f"bench-media:{questions}")
        for number in range(1, questions + 1):
            (images / f"q-{number:06d}.png").write_bytes(png(rng))
        text = bank_yaml(questions)
        without.write_text(text, encoding="utf-8")
        illustrated = _QUESTION.sub(
            lambda m: f"{m.group(1)}{m.group(3)} ![Figure for {m.group(2)}](img/{m.group(2)}.png)",
            text,
        )
        assert illustrated.count("](img/") == questions
        scratch = with_media.with_name(with_media.name + ".tmp")
        scratch.write_text(illustrated, encoding="utf-8")
        scratch.replace(with_media)
    total = sum(path.stat().st_size for path in images.iterdir())
    return with_media, without, total


def run(
    rounds: int,
    work: Path,
    measure: Callable[[list[str], Path], tuple[float, float, float]],
    python: str,
) -> tuple[list[MediaRun], int]:
    """Rebuilds of both banks, alternating which goes first, `rounds` times."""
    with_media, without, total = write_media_bank(work / "banks")
    out = work / "work" / "media"
    out.mkdir(parents=True, exist_ok=True)
    commands = {
        flag: [python, "-m", "generator", "build", str(bank), "--out", str(out / str(flag))]
        for flag, bank in ((True, with_media), (False, without))
    }
    for flag, command in commands.items():  # untimed: writes each lock file
        measure(command, out / f"prepare-{flag}.log")
    runs = []
    for round_number in range(rounds):
        order = (True, False) if round_number % 2 == 0 else (False, True)
        for flag in order:
            seconds, _cpu, peak = measure(commands[flag], out / f"build-{flag}.log")
            runs.append(MediaRun(flag, round_number, seconds, peak))
            print(
                f"round {round_number + 1}/{rounds}  media case  "
                f"{'with' if flag else 'without'} images  {seconds:8.2f} s {peak:8.0f} MB",
                file=sys.stderr,
                flush=True,
            )
    return runs, total


def growths(runs: list[MediaRun]) -> list[float]:
    """Per round: peak MB of the build with images minus that of the build without."""
    peak = {(r.with_media, r.round): r.peak_mb for r in runs}
    return [peak[(True, n)] - peak[(False, n)] for n in sorted({r.round for r in runs})]


def growth_shares(runs: list[MediaRun], total: int) -> list[float]:
    """Per round: the growth of peak memory as a share of the media total."""
    return [grown / (total / 1_000_000) for grown in growths(runs)]


def summary(runs: list[MediaRun], total: int) -> str:
    """A Markdown table of the case, for benchmarks/README.md."""
    media_mb = total / 1_000_000
    lines = [
        f"| {QUESTIONS:,} questions | Wall time | Peak RSS |",
        "|---|---:|---:|",
    ]
    for flag in (False, True):
        mine = [r for r in runs if r.with_media is flag]
        name = f"with {QUESTIONS:,} images ({media_mb:.1f} MB)" if flag else "without images"
        lines.append(
            f"| `build`, {name} | {statistics.median(r.seconds for r in mine):.2f} s "
            f"| {statistics.median(r.peak_mb for r in mine):.0f} MB |"
        )
    grown = growths(runs)
    lines.append("")
    lines.append(
        f"Peak memory grows by {statistics.median(grown):.1f} MB "
        f"({min(grown):.1f}–{max(grown):.1f}) for {media_mb:.1f} MB of media: "
        f"{statistics.median(grown) / media_mb:.1%} of it."
    )
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} OUT_DIR")
    print(write_media_bank(Path(sys.argv[1])))
