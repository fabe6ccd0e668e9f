"""The package layout: data flows one way, no import cycle, no private name taken across modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"schema": "schema", "builders": "builders", "eval": "eval", "baselines": "baselines",
            "viewer": "viewer", "diploquote": "diploquote"}
# What each package may import of ours (besides itself): DESIGN.md's direction of data flow.
ALLOWED = {
    "schema": set(),
    "builders": {"schema"},
    "eval": {"schema"},
    "baselines": {"schema", "eval"},
    "viewer": {"schema", "eval"},
    "diploquote": {"schema", "builders", "eval", "baselines", "viewer"},
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[0] != "diploquote":
        parts.insert(0, "diploquote")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in PACKAGES else "diploquote"


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for top in PACKAGES for p in (ROOT / top).rglob("*.py")}


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module, imported names, line) of every import of ours in ``path``, lazy ones included."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("diploquote") and not node.level:
            out.append((node.module, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("diploquote")]
    return out


def _edges() -> dict[str, set[str]]:
    modules = _modules()
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        for target, names, _ in _imports(path):
            for name in names:  # `from pkg import submodule` is an edge to the submodule
                if f"{target}.{name}" in modules:
                    edges[module].add(f"{target}.{name}")
            if target in modules and not (names and all(f"{target}.{n}" in modules for n in names)):
                edges[module].add(target)
    return edges


def test_no_relative_imports():
    relative = [f"{p.relative_to(ROOT)}:{n.lineno}" for p in _modules().values()
                for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
                if isinstance(n, ast.ImportFrom) and n.level]
    assert relative == []


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_packages_import_only_downstream(package):
    upward = []
    for module, path in _modules().items():
        if _package(module) != package:
            continue
        for target, _, line in _imports(path):
            other = _package(target)
            if other != package and other not in ALLOWED[package] and target != "diploquote":
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert upward == []


def test_no_import_cycle():
    edges = _edges()
    for module in edges:
        edges[module].discard(module)
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]) if nxt in stack else nxt)
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for m in sorted(edges):
        if m not in state:
            visit(m, [m])
    assert cycles == []


def test_no_private_name_taken_from_another_module():
    taken = [f"{p.relative_to(ROOT)}:{line} takes {target}.{name}"
             for p in _modules().values() for target, names, line in _imports(p)
             for name in names if name.startswith("_") and name != "__version__"]
    assert taken == []
