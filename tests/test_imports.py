"""No import cycles among the deploy modules (``deployment``, ``deploy_*``, ``targets``,
``cli``): a test over every import a module makes, at load time or inside a function
(only those under TYPE_CHECKING, which never run, do not count).

The same walk over the whole package is one line away (``AREA``); the translation engine
still has cycles of its own, which its refactoring removes."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "cfnbridge"
AREA = ("cfnbridge.deployment", "cfnbridge.deploy_", "cfnbridge.targets", "cfnbridge.cli")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for inner in ast.walk(node):
            names: list[str] = []
            if isinstance(inner, ast.Import):
                names = [alias.name for alias in inner.names]
            elif isinstance(inner, ast.ImportFrom) and inner.module and inner.level == 0:
                names = [inner.module] + [f"{inner.module}.{alias.name}" for alias in inner.names]
            found.update(name for name in names if name in modules)
    return found


def test_no_module_imports_itself_through_others():
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {name: _imports(path, set(paths)) - {name} for name, path in paths.items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for child in sorted(graph[node]):
            if state.get(child) == 1:
                cycles.append(" -> ".join([*trail[trail.index(child):], child]))
            elif child not in state:
                visit(child, [*trail, child])
        state[node] = 2

    for name in sorted(graph):
        if name not in state and name.startswith(AREA):
            visit(name, [name])
    assert any(name.startswith("cfnbridge.deploy_") for name in graph)
    assert not [c for c in cycles if any(part.startswith(AREA) for part in c.split(" -> "))], cycles
