"""Write the compact AWS resource schemas to ``resource_maps/aws_schemas.json``.

The AWS-validity lint rules (CB0xxx) and the translator ask "does CloudFormation know
this type, property, attribute, value?" without importing cfn-lint (slow to import, a
test-only dependency). The answers come from AWS's own resource provider schemas, which
cfn-lint ships with patches applied; this tool keeps only what the checks read:

    {"source": ..., "types": {"AWS::EC2::Subnet": {
        "properties": {"CidrBlock": {"type": "string"}, "Tags": {"type": "array", "items": {...}}},
        "required": ["VpcId"],
        "attributes": ["AvailabilityZone", ...],     # Fn::GetAtt names
        "gettable": true}}}                          # every property is a GetAtt name too

A value spec has ``type`` (one name or a list), ``enum``, ``items``, ``properties``
with ``required``, and ``open`` when names other than the listed ones are allowed.
The file is one JSON document written one type per line (``cfnbridge.aws_schemas`` parses
only the types a template uses). Types from the primary region come first; types that exist only in other regions are
added from their own schemas. Re-run after upgrading cfn-lint:

    python tools/dump_aws_schemas.py [OUTPUT]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO / "resource_maps" / "aws_schemas.json"
PRIMARY = "us-east-1"
MAX_DEPTH = 6  # deeper nesting is rare and is left unchecked (open)
_SCALARS = {"string", "boolean", "integer", "number", "array", "object"}


def _resolve(node: Any, root: dict[str, Any], seen: tuple[str, ...]) -> tuple[Any, tuple[str, ...]]:
    """Follow local ``$ref`` s (``#/definitions/X``); a cycle comes back as None (left open)."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/") or ref in seen:
            return None, seen
        seen = (*seen, ref)
        target: Any = root
        for step in ref[2:].split("/"):
            target = target.get(step) if isinstance(target, dict) else None
        node = target
    return node, seen


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("type")
    names = kind if isinstance(kind, list) else [kind] if isinstance(kind, str) else []
    return [name for name in names if name in _SCALARS]


def _spec(node: Any, root: dict[str, Any], depth: int = 0, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    """The checked subset of one value's schema; ``{}`` means anything goes."""
    node, seen = _resolve(node, root, seen)
    if not isinstance(node, dict) or depth > MAX_DEPTH:
        return {}
    if any(key in node for key in ("oneOf", "anyOf", "allOf")) and "type" not in node:
        return {}  # alternatives: too loose to check without false alarms
    spec: dict[str, Any] = {}
    kinds = _types(node)
    if kinds:
        spec["type"] = kinds[0] if len(kinds) == 1 else kinds
    enum = node.get("enum")
    if isinstance(enum, list) and enum and all(isinstance(value, str) for value in enum):
        spec["enum"] = sorted(set(enum))
    if "array" in kinds and "items" in node:
        items = _spec(node["items"], root, depth + 1, seen)
        if items:
            spec["items"] = items
    if "object" in kinds or "properties" in node:
        properties = node.get("properties")
        closed = node.get("additionalProperties") is False and "patternProperties" not in node
        if isinstance(properties, dict) and properties:
            spec["properties"] = {name: _spec(value, root, depth + 1, seen)
                                  for name, value in sorted(properties.items())}
            required = [name for name in node.get("required", []) if name in properties]
            if required:
                spec["required"] = sorted(required)
            if not closed or any(key in node for key in ("oneOf", "anyOf", "allOf")):
                spec["open"] = True
        elif not closed:
            spec.pop("properties", None)
    return spec


def compact(schema: dict[str, Any], attributes: list[str]) -> dict[str, Any]:
    """One type's entry (see the module docstring)."""
    body = _spec({**schema, "type": "object"}, schema)
    properties = body.get("properties", {})
    entry: dict[str, Any] = {"properties": properties}
    if body.get("required"):
        entry["required"] = body["required"]
    if body.get("open"):
        entry["open"] = True
    names = set(attributes)
    top = {name.split(".")[0] for name in names}
    if properties and set(properties) <= top:
        entry["gettable"] = True
        names = {name for name in names if name.split(".")[0] not in properties or "." in name}
    entry["attributes"] = sorted(names)
    return entry


def dump(doc: dict[str, Any]) -> str:
    """One JSON document, one type per line: readable diffs, and a reader can parse one type alone."""
    entries = [f"{json.dumps(name)}:{json.dumps(entry, sort_keys=True, separators=(',', ':'))}"
               for name, entry in sorted(doc["types"].items())]
    return "{" + f'"source":{json.dumps(doc["source"])},\n"types":{{\n' + ",\n".join(entries) + "\n}}\n"


def _region_types(providers: Path, importlib: Any) -> list[tuple[str, list[str]]]:
    """(region, resource types) as cfn-lint lists them: a module per region (``us_east_1.py``,
    cfn-lint 1.5x) or a JSON file per region keyed by type (``us-east-1.json``, later releases)."""
    found = [(module.stem.replace("_", "-"),
              list(importlib.import_module(f"cfnlint.data.schemas.providers.{module.stem}").types))
             for module in sorted(providers.glob("*_*.py"))]
    found += [(path.stem, list(json.loads(path.read_text(encoding="utf-8"))))
              for path in sorted(providers.glob("*-*.json"))]
    return found


def main(argv: list[str]) -> int:
    import importlib
    from importlib.metadata import version

    import cfnlint
    from cfnlint.schema.manager import PROVIDER_SCHEMA_MANAGER as schemas

    out = Path(argv[0]) if argv else DEFAULT_OUTPUT
    regions: dict[str, str] = {}
    providers = Path(cfnlint.__file__).parent / "data" / "schemas" / "providers"
    for region, names in _region_types(providers, importlib):
        for name in names:
            if region == PRIMARY or name not in regions:
                regions[name] = region if region == PRIMARY or name not in regions else regions[name]
    types: dict[str, Any] = {}
    for name in sorted(regions):
        schema = schemas.get_resource_schema(regions[name], name)
        attributes = list(schemas.get_type_getatts(name, regions[name]))
        types[name] = compact(schema.schema, attributes)
    doc = {"source": f"AWS resource provider schemas as shipped by cfn-lint {version('cfn-lint')}, "
                     f"{PRIMARY} first", "types": types}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dump(doc), encoding="utf-8")
    print(f"{len(types)} resource types from cfn-lint {version('cfn-lint')} -> {out} "
          f"({out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
