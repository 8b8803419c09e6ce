"""Resource maps: the AWS -> OpenStack knowledge, kept as data in ``resource_maps/*.yaml``.

One file per AWS service, each validated against ``resource_maps/schema.json`` when
loaded, so a contributor can read (and change) what becomes of a type or a property
without reading the engine. This module only finds, validates, merges and caches them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from cfnbridge.errors import InputError


def maps_dir() -> Path:
    """Where the map files are: the installed ``cfnbridge.resource_maps`` package."""
    return Path(str(resources.files("cfnbridge.resource_maps")))


@dataclass(frozen=True)
class TypeMap:
    """What one AWS type becomes; a read-only view over its entry in the map file."""

    aws_type: str
    service_file: str
    data: dict[str, Any]

    @property
    def hot(self) -> dict[str, Any]:
        return self.data["hot"]

    @property
    def target(self) -> str | None:
        return self.hot.get("type")

    @property
    def handler(self) -> str | None:
        return self.hot.get("handler")

    @property
    def properties(self) -> dict[str, Any]:
        return self.hot.get("properties", {})

    @property
    def attributes(self) -> dict[str, Any]:
        return self.hot.get("attributes", {})

    @property
    def ref(self) -> Any:
        return self.hot.get("ref", "resource")

    @property
    def type_gap(self) -> dict[str, Any] | None:
        return self.hot.get("gap")

    @property
    def native_supported(self) -> bool:
        return bool(self.data.get("native", {}).get("supported", False))


@cache
def schema() -> dict[str, Any]:
    return json.loads((maps_dir() / "schema.json").read_text(encoding="utf-8"))


@cache
def all_maps() -> dict[str, TypeMap]:
    """Every type map, keyed by AWS type; validated once per process."""
    import jsonschema
    import yaml

    validator = jsonschema.Draft202012Validator(schema())
    table: dict[str, TypeMap] = {}
    for path in sorted(maps_dir().glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        problems = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        if problems:
            where = "/".join(str(p) for p in problems[0].absolute_path)
            raise InputError(f"resource map {path.name}: {where}: {problems[0].message}")
        for aws_type, entry in data["types"].items():
            if aws_type in table:
                raise InputError(f"resource map {path.name}: {aws_type} is also in {table[aws_type].service_file}")
            table[aws_type] = TypeMap(aws_type, path.name, entry)
    return table


@cache
def heat_schemas() -> dict[str, Any]:
    """Heat's own property and attribute schemas, dumped from openstack-heat (offline data)."""
    return json.loads((maps_dir() / "heat_schemas.json").read_text(encoding="utf-8"))["types"]


def lookup(aws_type: str) -> TypeMap | None:
    return all_maps().get(aws_type)
