"""Python's cycle collector, paused while a bank's large, acyclic object trees grow.

A bank's YAML node tree, its plain data and the models made from them are
millions of objects and no reference cycles (an alias that would make one is
refused), so every collection while they grow rescans them for nothing: that
was two thirds of the time to load a large bank. The loader and `positions`
(which composes the YAML again to place a message) build such trees. The
item-writing checks, and a build's rendering and writing, make many objects
(folded texts, rendered notes, genanki's notes and cards) while the loaded
bank is alive, and every full collection rescanned it: 1.4 s of an 18 s
build of 50,000 questions, growing faster than the bank.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a while, then as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
