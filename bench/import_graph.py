"""The package's import graph: modules per role folder, import circles and upward imports.

Run ``uv run python bench/import_graph.py`` (``--edges`` also lists every folder-to-folder
import). The graph is grimp's (the library behind import-linter), so it counts every
``import`` in the source, lazy ones inside functions included. The floors are the layers of
``[tool.importlinter]`` in ``pyproject.toml``, ground floor first; ``uv run lint-imports``
checks the same contracts.
"""

from __future__ import annotations

import sys
from collections import Counter

import grimp

#: Ground floor first; a module may import only its own floor or lower ones.
FLOORS = ("", "contract", "evidence|extract", "research", "fleet", "workbench", "cli")


_PACKAGES: set[str] = set()


def folder_of(module: str) -> str:
    """The role folder of a ``factory`` module ("" for the package root's own modules)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and module in _PACKAGES) else ""


def floor_of(module: str) -> int:
    """The floor of a ``factory`` module (the root's modules are floor 0)."""
    folder = folder_of(module)
    return next((i for i, names in enumerate(FLOORS) if folder in names.split("|")), 0)


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def upward_imports(graph: grimp.ImportGraph) -> list[tuple[str, str]]:
    """(importer, imported) pairs where the imported module sits on a higher floor."""
    pairs = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if imported != "factory" and floor_of(imported) > floor_of(importer):
                pairs.append((importer, imported))
    return pairs


def build_graph() -> grimp.ImportGraph:
    """grimp's graph of ``factory`` (the public face ``factory/__init__.py`` left out: it only
    names the public API lazily, and every module imports its parent package anyway)."""
    graph = grimp.build_graph("factory")
    _PACKAGES.clear()
    _PACKAGES.update(m for m in graph.modules if graph.find_children(m))
    return graph


def main(argv: list[str]) -> int:
    graph = build_graph()
    modules = sorted(m for m in graph.modules if m != "factory")
    per_folder = Counter(folder_of(m) or "(root)" for m in modules)
    print(f"modules: {len(modules)}")
    for folder, count in sorted(per_folder.items()):
        print(f"  {folder:<12} {count}")
    found = cycles(graph)
    print(f"import circles: {len(found)}")
    for group in found:
        print("  " + " <-> ".join(group))
    upward = upward_imports(graph)
    print(f"upward imports: {len(upward)}")
    for importer, imported in upward:
        print(f"  {importer} -> {imported}")
    if "--edges" in argv:
        edges = Counter(
            (folder_of(a) or "(root)", folder_of(b) or "(root)")
            for a in modules
            for b in graph.find_modules_directly_imported_by(a)
            if b != "factory"
        )
        for (a, b), count in sorted(edges.items()):
            if a != b:
                print(f"  {a} -> {b}: {count}")
    return 1 if found or upward else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
