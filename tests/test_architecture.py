"""The shape of the code, checked: no import cycles, small modules, one door for handlers.

These are the recipes in docs/design.md made executable: each test names the step a
contributor missed (a handler that reached past its context, a rule module not listed,
a handler registered but used by no map) instead of letting it pass unseen.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import networkx as nx
import pytest

from tests.conftest import REPO

PACKAGE = REPO / "cfnbridge"
MAX_LINES = 420  # "about 400": a module past this is asking to be split


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path) -> set[str]:
    """Every cfnbridge module ``path`` imports, at the top or inside a function; not TYPE_CHECKING ones.

    ``from package import submodule`` counts as importing the submodule only: a package's
    own modules necessarily run its ``__init__``.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and "TYPE_CHECKING" in ast.unparse(block.test) for node in ast.walk(block)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            submodules = [f"{node.module}.{alias.name}" for alias in node.names
                          if f"{node.module}.{alias.name}" in MODULES]
            found.update(submodules if len(submodules) == len(node.names) else [node.module, *submodules])
    return {name for name in found if name in MODULES}


def test_modules_were_found() -> None:
    assert len(MODULES) > 100 and "cfnbridge.translation.engine" in MODULES


def test_no_import_cycles() -> None:
    graph = nx.DiGraph()
    for name, path in MODULES.items():
        graph.add_node(name)
        graph.add_edges_from((name, target) for target in _imports(path) if target != name)
    assert graph.number_of_edges() > 200, "the import graph is nearly empty: has the parser stopped seeing imports?"
    cycles = sorted(sorted(cycle) for cycle in nx.simple_cycles(graph))
    assert cycles == [], f"import cycles: {cycles}"


def test_a_cycle_would_be_seen(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from cfnbridge.translation import engine\n", encoding="utf-8")
    assert _imports(module) == {"cfnbridge.translation.engine"}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_is_small(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines; split it by concept"


HANDLER_CODE = sorted((PACKAGE / "translation" / "handlers").glob("*.py")) + [
    PACKAGE / "translation" / "transforms.py"]


@pytest.mark.parametrize("path", HANDLER_CODE, ids=lambda p: p.name)
def test_handlers_use_only_their_context(path: Path) -> None:
    """A handler reads and writes through ResourceContext's named methods, never the translator."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    private = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Attribute)
               and isinstance(node.value, ast.Name) and node.value.id == "ctx"
               and (node.attr.startswith("_") or node.attr == "t")]
    assert private == [], f"{path.name} reaches past the context at lines {private}"
    engine = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
              and node.module in ("cfnbridge.translation.engine", "cfnbridge.translation.lookups")]
    assert engine == [], f"{path.name} imports the engine at lines {engine}"


SPELLING = ("dialect.py", "hot_dialect.py", "cfn_dialect.py", "dialects.py", "__init__.py", "matrix.py")
DIALECT_FREE = [path for path in sorted((PACKAGE / "translation").rglob("*.py")) if path.name not in SPELLING]


@pytest.mark.parametrize("path", DIALECT_FREE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_dialect_branches_outside_the_dialects(path: Path) -> None:
    """Spelling belongs to the Dialect: no comparison with a dialect name, no ``.hot`` flag."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    branches = [node.lineno for node in ast.walk(tree)
                if (isinstance(node, ast.Compare) and any(
                    isinstance(item, ast.Constant) and item.value in ("hot", "native")
                    for item in (node.left, *node.comparators)))
                or (isinstance(node, ast.Attribute) and node.attr == "hot"
                    and not ast.unparse(node.value).endswith("type_map") and ast.unparse(node.value) != "self")]
    assert branches == [], f"{path.name} branches on the dialect at lines {branches}"


def test_every_handler_is_registered_and_used() -> None:
    """Recipe "add a handler": a module function, a line in HANDLERS, a map that names it."""
    from cfnbridge.translation import maps
    from cfnbridge.translation.handlers import HANDLERS, get_handler

    named = {type_map.handler for type_map in maps.all_maps().values() if type_map.handler}
    assert named <= set(HANDLERS), f"maps name unregistered handlers: {sorted(named - set(HANDLERS))}"
    assert set(HANDLERS) <= named, f"handlers no map uses: {sorted(set(HANDLERS) - named)}"
    for name in HANDLERS:
        assert callable(get_handler(name)), name


def test_every_rule_module_is_registered() -> None:
    """Recipe "add a rule": a module under linting/rules/ and its class in RULE_CLASSES."""
    from cfnbridge.linting.registry import RULE_CLASSES

    registered = {cls.__module__ for cls in RULE_CLASSES}
    modules = {f"cfnbridge.linting.rules.{path.stem}" for path in (PACKAGE / "linting" / "rules").glob("*.py")
               if path.stem != "__init__"}
    assert modules - registered == set(), f"rule modules not in RULE_CLASSES: {sorted(modules - registered)}"


def test_a_one_to_one_type_needs_only_its_map(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Recipe "add an AWS type": a YAML entry is enough when the table can say it."""
    import shutil

    from cfnbridge.translation import maps

    for path in maps.maps_dir().iterdir():
        if path.suffix in (".yaml", ".json"):
            shutil.copy(path, tmp_path / path.name)
    (tmp_path / "zz_example.yaml").write_text(
        "service: Example\ntypes:\n  AWS::Example::Thing:\n    hot:\n      type: OS::Heat::Value\n"
        "      properties:\n        Size: value\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(maps, "maps_dir", lambda: tmp_path)
    for cached in (maps.all_maps, maps.declared_codes, maps.schema):
        cached.cache_clear()
    try:
        import cfnbridge

        result = cfnbridge.translate("Resources:\n  T:\n    Type: AWS::Example::Thing\n    Properties: {Size: 3}\n")
        assert result.template["resources"]["T"] == {"type": "OS::Heat::Value", "properties": {"value": 3}}
        assert result.gaps == []
    finally:
        for cached in (maps.all_maps, maps.declared_codes, maps.schema):
            cached.cache_clear()


def test_public_modules_import_alone() -> None:
    """Each module imports on its own (no hidden order dependence between them)."""
    for name in ("cfnbridge.translation.context", "cfnbridge.translation.dialect", "cfnbridge.translation.plan",
                 "cfnbridge.gap_codes", "cfnbridge.severity"):
        importlib.import_module(name)


def test_every_target_is_complete() -> None:
    """Recipe "add a deploy target": a class in its own module implementing the Target protocol
    (options, settings, follow_flags and the operations) and one line in TARGETS."""
    from cfnbridge.targets import TARGETS, Target, target_class
    from cfnbridge.targets.options import TargetOption

    members = [name for name, value in vars(Target).items() if not name.startswith("_")
               and (callable(value) or isinstance(value, classmethod))]
    assert {"plan", "apply", "wait", "delete", "settings", "follow_flags"} <= set(members)
    for name in TARGETS:
        cls = target_class(name)
        missing = [member for member in members if not any(member in vars(base) for base in cls.__mro__
                                                           if base is not Target and base is not object)]
        assert missing == [], f"target {name} does not implement {missing}"
        assert cls.options and all(isinstance(option, TargetOption) for option in cls.options), name
        assert cls.__module__ == TARGETS[name].split(":")[0]
