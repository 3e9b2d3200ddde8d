"""genanki, imported without asyncio: the one place the generator imports genanki from.

genanki caches two values (a note's cards, a note type's required fields)
with the `cached_property` package, whose module imports asyncio at its top
for the coroutine functions genanki never has. asyncio, with the ssl and
concurrent.futures it imports, was 27 ms of a 5-question build's 112 ms
(measured: `import genanki` 72 ms, 45 ms without it, Python's own start-up
19 ms). While genanki is imported, the standard library's
`functools.cached_property`, the same cache (the value computed on first
use and kept in the instance's `__dict__` under the function's name),
stands in for that package; the stand-in is taken out again straight after,
so code that imports `cached_property` later gets the real package. Where
`cached_property` or genanki is already imported, genanki is imported as it is.

This module can go when genanki stops importing the `cached_property`
package (it would then import no asyncio of its own): import genanki directly.
"""

from __future__ import annotations

import functools
import sys
import types

STAND_IN = "cached_property"


def _import_genanki() -> types.ModuleType:
    stand_in = None
    if "genanki" not in sys.modules and STAND_IN not in sys.modules:
        stand_in = types.ModuleType(STAND_IN)
        stand_in.cached_property = functools.cached_property
        sys.modules[STAND_IN] = stand_in
    try:
        import genanki
    finally:
        if stand_in is not None and sys.modules.get(STAND_IN) is stand_in:
            del sys.modules[STAND_IN]
    return genanki


genanki = _import_genanki()
