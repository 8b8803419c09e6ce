"""Every resource map: schema-valid, naming only known transforms and handlers, and only
Heat property names that Heat's own schema for the target type has (this catches typos)."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
import yaml

from cfnbridge.translation import maps
from cfnbridge.translation.handlers import HANDLERS, get_handler
from cfnbridge.translation.transforms import TRANSFORMS

MAP_FILES = sorted(maps.maps_dir().glob("*.yaml"))


def _load(path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _entries(spec: dict[str, Any], heat: dict[str, Any] | None, where: str):
    """(where, entry, Heat schema of the level the entry maps into) for every property entry."""
    for name, entry in spec.items():
        yield f"{where}.{name}", entry, heat
        if isinstance(entry, dict) and "to" in entry:
            target = (heat or {}).get(entry["to"], {}) if heat is not None else None
            inner = target.get("schema") if isinstance(target, dict) else None
            if "properties" in entry:
                yield from _entries(entry["properties"], inner, f"{where}.{name}")
            if "items" in entry:
                item = (inner or {}).get("*", {}).get("schema") if inner is not None else None
                yield from _entries(entry["items"], item, f"{where}.{name}[]")


def test_there_are_map_files() -> None:
    assert len(MAP_FILES) > 20


@pytest.mark.parametrize("path", MAP_FILES, ids=lambda p: p.name)
def test_map_is_schema_valid(path) -> None:
    jsonschema.Draft202012Validator(maps.schema()).validate(_load(path))


@pytest.mark.parametrize("path", MAP_FILES, ids=lambda p: p.name)
def test_named_transforms_and_handlers_exist(path) -> None:
    for aws_type, entry in _load(path)["types"].items():
        hot = entry["hot"]
        if "handler" in hot:
            assert hot["handler"] in HANDLERS, f"{aws_type}: handler {hot['handler']!r} is not registered"
            assert callable(get_handler(hot["handler"])), hot["handler"]
        for where, prop, _heat in _entries(hot.get("properties", {}), None, aws_type):
            if isinstance(prop, dict) and "transform" in prop:
                assert prop["transform"] in TRANSFORMS, f"{where}: unknown transform {prop['transform']!r}"
        for name, transform in entry.get("native", {}).get("properties", {}).items():
            assert transform["transform"] in TRANSFORMS, f"{aws_type} native {name}: unknown transform"


@pytest.mark.parametrize("path", MAP_FILES, ids=lambda p: p.name)
def test_heat_property_names_exist(path) -> None:
    """Each rename and ``to`` names a property of the target type's Heat schema (nested too)."""
    schemas = maps.heat_schemas()
    for aws_type, entry in _load(path)["types"].items():
        target = entry["hot"].get("type")
        if target is None:
            assert "gap" in entry["hot"], f"{aws_type}: an omitted type needs a gap saying why"
            continue
        assert target in schemas, f"{aws_type}: Heat has no type {target}"
        heat = schemas[target]["properties"]
        for where, prop, level in _entries(entry["hot"].get("properties", {}), heat, aws_type):
            name = prop if isinstance(prop, str) else prop.get("to")
            if name is None or level is None:
                continue
            assert name in level, f"{where}: {target} has no property {name!r} here"
        for key in entry["hot"].get("defaults", {}):
            assert key in heat, f"{aws_type} defaults: {target} has no property {key!r}"


@pytest.mark.parametrize("path", MAP_FILES, ids=lambda p: p.name)
def test_attribute_targets_exist(path) -> None:
    """A mapped attribute names one of the target type's Heat attributes ('@' paths name another resource)."""
    schemas = maps.heat_schemas()
    for aws_type, entry in _load(path)["types"].items():
        target = entry["hot"].get("type")
        for name, mapped in entry["hot"].get("attributes", {}).items():
            path_ = mapped.get("to") if isinstance(mapped, dict) else mapped
            if path_ is None or target is None:
                continue
            first = path_[0] if isinstance(path_, list) else path_
            if isinstance(first, str) and first.startswith("@"):
                continue
            assert first in schemas[target]["attributes"], f"{aws_type} GetAtt {name}: {target} has no {first!r}"


@pytest.mark.parametrize("path", MAP_FILES, ids=lambda p: p.name)
def test_native_flag_matches_heat(path) -> None:
    """``native.supported`` only for AWS types Heat's registry really has."""
    schemas = maps.heat_schemas()
    for aws_type, entry in _load(path)["types"].items():
        if entry.get("native", {}).get("supported"):
            assert aws_type in schemas, f"{aws_type} is marked native but Heat does not implement it"


def test_every_gap_says_something() -> None:
    for aws_type, type_map in maps.all_maps().items():
        gap = type_map.type_gap
        if gap:
            assert len(gap["message"]) > 20, aws_type
