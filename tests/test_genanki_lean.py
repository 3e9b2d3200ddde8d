"""genanki is imported without asyncio, and the stand-in for its cache does not outlive the import.

Each case runs in a fresh interpreter: what a process has imported is the subject.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO


def imported_after(code: str) -> dict[str, object]:
    """Run `code` in a fresh interpreter; report what it imported and how genanki caches."""
    report = """
import json, sys
import genanki
cache = type(genanki.Note.__dict__["cards"])
print(json.dumps({
    "asyncio": "asyncio" in sys.modules,
    "cached_property": "cached_property" in sys.modules,
    "cache": f"{cache.__module__}.{cache.__qualname__}",
}))
"""
    finished = subprocess.run(
        [sys.executable, "-c", code + report],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(finished.stdout)


def test_a_build_imports_genanki_without_asyncio_and_leaves_no_stand_in():
    seen = imported_after("import generator.build, generator.cli, generator.pipeline")
    assert seen == {
        "asyncio": False,
        "cached_property": False,
        "cache": "functools.cached_property",
    }


def test_a_cached_property_already_imported_is_the_one_genanki_gets():
    seen = imported_after("import cached_property\nimport generator.package")
    assert seen["cached_property"] is True
    assert seen["cache"] == "cached_property.cached_property"


def test_genanki_already_imported_is_left_as_it_is():
    seen = imported_after("import genanki\nimport generator.package")
    assert seen["asyncio"] is True
    assert seen["cache"] == "cached_property.cached_property"
