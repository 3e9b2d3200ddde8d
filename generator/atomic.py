"""Replace files whole: a reader, or a build killed half-way, sees the old file or the new one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def replaced(path: Path) -> Iterator[BinaryIO]:
    """Yield a temporary file beside `path`; on success it is synced and renamed over `path`."""
    _sweep_leftovers(path)
    temporary = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", delete=False
        ) as handle:
            temporary = handle.name
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if temporary is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        raise


def _sweep_leftovers(path: Path) -> None:
    """Remove temporary files that killed builds left beside `path`.

    A temporary file's name carries its writer's process id; one whose writer
    is still running belongs to a concurrent build and is left alone.
    """
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        pid = leftover.name.removeprefix(f".{path.name}.").split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
