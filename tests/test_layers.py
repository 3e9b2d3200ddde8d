"""The generator's modules import in layers (`make lint` checks them with import-linter),
and no module imports, through any chain, one that imports it back."""

from __future__ import annotations

import grimp


def test_no_import_cycle() -> None:
    graph = grimp.build_graph("generator")
    cycles = [
        (module, imported)
        for module in sorted(graph.modules)
        for imported in sorted(graph.find_modules_directly_imported_by(module))
        if graph.chain_exists(importer=imported, imported=module)
    ]
    assert cycles == []
