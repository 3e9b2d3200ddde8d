"""Replace files whole: a reader, or a build killed half-way, sees the old file or the new one.

Also the sweeping of what killed builds leave behind: temporary files beside
their targets, and scratch folders in the system's temporary directory.
Each carries its writer's process id in its name, so only those of dead
processes are swept, never a concurrent build's.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

SCRATCH_PREFIX = "mcq-build-"


@contextlib.contextmanager
def replaced(path: Path, *, before_replace: Callable[[], None] | None = None) -> Iterator[BinaryIO]:
    """Yield a temporary file beside `path`; on success it is synced and renamed over `path`.

    `before_replace`, if given, runs once the new file is complete, just before
    it replaces `path`: a build puts its lock file in place there.
    """
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
        if before_replace is not None:
            before_replace()
        os.replace(temporary, path)
    except BaseException:
        if temporary is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        raise


class StagedFile:
    """A file's new content, written and synced beside it, put in place only by `commit`.

    Until then the file is as it was; after a `commit`, `rollback` puts the old
    content back (or removes the file, if there was none).
    """

    def __init__(self, path: Path, content: bytes):
        _sweep_leftovers(path)
        self.path = path
        self._old: bytes | None = None
        self._committed = False
        descriptor, name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp"
        )
        self._temporary = Path(name)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(name, 0o644)
        except BaseException:
            self._temporary.unlink(missing_ok=True)
            raise

    def commit(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._old = self.path.read_bytes()
        os.replace(self._temporary, self.path)
        self._committed = True

    def discard(self) -> None:
        """Forget the new content, if it was not committed."""
        if not self._committed:
            self._temporary.unlink(missing_ok=True)

    def rollback(self) -> None:
        """Put back what the file held before `commit`."""
        if not self._committed:
            self.discard()
        elif self._old is None:
            self.path.unlink(missing_ok=True)
        else:
            with replaced(self.path) as handle:
                handle.write(self._old)


@contextlib.contextmanager
def scratch_directory() -> Iterator[Path]:
    """A private folder in the temporary directory, removed after use; those that killed
    builds left are swept first."""
    _sweep_scratch()
    with tempfile.TemporaryDirectory(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-") as scratch:
        yield Path(scratch)


def _sweep_scratch() -> None:
    for leftover in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*-*"):
        pid = leftover.name.removeprefix(SCRATCH_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)) and leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)


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
