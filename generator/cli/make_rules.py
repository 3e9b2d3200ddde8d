"""Rules for make: a package depends on the images and sounds its bank uses.

`build --make-deps` writes them beside each package (`dist/<bank>.d`), and the
Makefile includes them, so that `make deck` rebuilds a deck when one of its
media files changes.
"""

from __future__ import annotations

from pathlib import Path

from generator.atomic import replaced
from generator.media import MediaFile


def write_make_rules(package: Path, files: list[MediaFile]) -> Path:
    """Write `make_rules` for `package` beside it, as `<package stem>.d`."""
    path = package.with_suffix(".d")
    with replaced(path) as handle:
        handle.write(make_rules(package, files).encode())
    return path


def make_rules(target: Path, files: list[MediaFile]) -> str:
    """A makefile rule: `target` depends on the media `files` (as `gcc -MD -MP` writes one).

    Each file also gets an empty rule of its own, so that make does not stop
    when a bank no longer uses a file that was deleted.
    """
    names = [_make_escape(str(file.path)) for file in files]
    rules = [f"{_make_escape(str(target))}: {' '.join(names)}".rstrip()]
    rules += [f"{name}:" for name in names]
    return "\n".join(rules) + "\n"


def _make_escape(path: str) -> str:
    return path.replace("$", "$$").replace("#", "\\#").replace(" ", "\\ ")
