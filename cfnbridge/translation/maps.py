"""Resource maps: the AWS -> OpenStack knowledge, kept as data in ``resource_maps/*.yaml``.

One file per AWS service, each validated against ``resource_maps/schema.json`` when
loaded, so a contributor can read (and change) what becomes of a type or a property
without reading the engine. This module only finds, validates, merges and caches them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cfnbridge.errors import InputError


def maps_dir() -> Path:
    """Where the map files are: the installed ``cfnbridge.resource_maps`` package.

    (Read from the package's own path: importlib.resources costs more to import than a
    one-resource lint may take.)
    """
    import cfnbridge.resource_maps as package

    return Path(package.__file__).parent


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

    def attribute(self, name: str) -> Any:
        """The entry for GetAtt ``name``; a key ``Prefix.*`` stands for a family (``Outputs.X``).

        In a family entry's path, ``"*"`` becomes the rest of the name, so ``Outputs.*:
        [outputs, "*"]`` reads ``Outputs.Url`` as ``[outputs, Url]``.
        """
        if name in self.attributes:
            return self.attributes[name]
        for key, entry in self.attributes.items():
            if key.endswith(".*") and name.startswith(key[:-1]) and len(name) > len(key) - 1:
                rest = name[len(key) - 1:]
                if isinstance(entry, dict):
                    return {**entry, "to": _fill(entry["to"], rest)} if "to" in entry else entry
                return _fill(entry, rest)
        return None

    @property
    def ref(self) -> Any:
        return self.hot.get("ref", "resource")

    @property
    def type_gap(self) -> dict[str, Any] | None:
        return self.hot.get("gap")

    @property
    def native_attributes(self) -> dict[str, str]:
        """AWS attributes Heat's own type answers by another name (or by its Ref)."""
        return self.data.get("native", {}).get("attributes", {})

    @property
    def native_supported(self) -> bool:
        return bool(self.data.get("native", {}).get("supported", False))


def _fill(path: Any, rest: str) -> Any:
    if isinstance(path, list):
        return [rest if step == "*" else step for step in path]
    return rest if path == "*" else path


@cache
def schema() -> dict[str, Any]:
    return json.loads((maps_dir() / "schema.json").read_text(encoding="utf-8"))


@cache
def all_maps() -> dict[str, TypeMap]:
    """Every type map, keyed by AWS type; schema-checked, merged, cached per process."""
    table: dict[str, TypeMap] = {}
    for name, data in _documents().items():
        for aws_type, entry in data["types"].items():
            if aws_type in table:
                raise InputError(f"resource map {name}: {aws_type} is also in {table[aws_type].service_file}")
            table[aws_type] = TypeMap(aws_type, name, entry)
    return table


def validate_maps(documents: dict[str, Any], against: dict[str, Any] | None = None) -> None:
    """Check every map document against schema.json (or ``against``); the first problem is an InputError."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema() if against is None else against)
    for name, data in documents.items():
        problems = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        if problems:
            where = "/".join(str(p) for p in problems[0].absolute_path)
            raise InputError(f"resource map {name}: {where}: {problems[0].message}")


def _documents() -> dict[str, Any]:
    """The map files' contents, validated against schema.json (see :func:`validated_documents`)."""
    return validated_documents(sorted(maps_dir().glob("*.yaml")), maps_dir() / "schema.json", "maps")


def validated_documents(files: list[Path], schema_file: Path, kind: str) -> dict[str, Any]:
    """YAML data files by name, validated with jsonschema once per distinct content.

    Importing jsonschema and building the maps with PyYAML cost more than a small lint
    takes, so the validated documents are kept in a cache file named after the hash of
    the files and the schema: exactly these bytes passed. Changed files mean parsing
    and validating again; no writable cache directory means doing so every time.
    """
    import hashlib
    import os
    import pickle

    texts = {path.name: path.read_bytes() for path in files}
    schema_bytes = schema_file.read_bytes()
    digest = hashlib.sha256(schema_bytes)
    for name, text in texts.items():
        digest.update(name.encode() + b"\0" + text)
    from cfnbridge.user_cache import cache_home

    cache_root = cache_home()
    cached = cache_root / f"{kind}-{digest.hexdigest()[:32]}.pickle"
    try:
        with open(cached, "rb") as handle:
            return pickle.load(handle)  # noqa: S301 - our own cache file, named by content hash
    except (OSError, pickle.PickleError, EOFError):
        pass
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    documents = {name: yaml.load(text, Loader=loader) for name, text in texts.items()}  # noqa: S506
    validate_maps(documents, json.loads(schema_bytes))
    try:
        cache_root.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        with open(partial, "wb") as handle:
            pickle.dump(documents, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, cached)
    except OSError:
        pass  # read-only home: parse and validate every time
    return documents


@cache
def heat_schemas() -> dict[str, Any]:
    """Heat's own property and attribute schemas, dumped from openstack-heat (offline data)."""
    return json.loads((maps_dir() / "heat_schemas.json").read_text(encoding="utf-8"))["types"]


@cache
def declared_codes() -> frozenset[str]:
    """Every gap code the map files declare (``gap: {code: ...}`` anywhere in an entry)."""
    found: set[str] = set()
    stack: list[Any] = [type_map.data for type_map in all_maps().values()]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            gap = node.get("gap")
            if isinstance(gap, dict) and isinstance(gap.get("code"), str):
                found.add(gap["code"])
            code = node.get("code")
            if isinstance(code, str) and "severity" in node:
                found.add(code)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return frozenset(found)


def lookup(aws_type: str) -> TypeMap | None:
    return all_maps().get(aws_type)
