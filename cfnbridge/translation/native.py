"""Native mode: keep an AWS type Heat implements, but fit each value to Heat's own schema.

Heat's AWS resources are stricter and smaller than AWS's: some properties are missing,
some are "not implemented", allowed values differ in case ("VPC" vs "vpc"), a list may be
given as one string. Reading Heat's schema (``heat_schemas.json``) lets one generic pass
fix what can be fixed and report, at its line, what had to be removed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import (
    INCOMPLETE_ITEM,
    NOT_IMPLEMENTED,
    REQUIRED_PROPERTY,
    UNSUPPORTED_PROPERTY,
    VALUE_FITTED,
    VALUE_NOT_ALLOWED,
    map_code,
)
from cfnbridge.template import Resource
from cfnbridge.translation import maps, transforms
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.translation.engine import Translator

Path = tuple[Any, ...]


def translate_native(t: Translator, resource: Resource, type_map: maps.TypeMap | None) -> dict[str, Any]:
    """The AWS resource kept as it is, fitted to Heat's schema of the same type.

    The map's ``native.properties`` may still name a transform for a value whose meaning
    differs on OpenStack (an AMI id is not a Glance image, an instance type not a flavor).
    """
    from cfnbridge.translation.context import ResourceContext

    schema = maps.heat_schemas().get(resource.type, {}).get("properties", {})
    native_transforms = type_map.data.get("native", {}).get("properties", {}) if type_map else {}
    base: Path = ("Resources", resource.name, "Properties")
    properties = resource.properties if isinstance(resource.properties, dict) else {}
    fitter = _Fitter(t, resource)
    kept_gap = type_map.data.get("native", {}).get("gap") if type_map else None
    if kept_gap:
        t.gap(map_code(kept_gap, "native-type"), ("Resources", resource.name, "Type"), resource.name,
              kept_gap["message"], kept_gap.get("hint", ""))
    out: dict[str, Any] = {}
    for key, value in properties.items():
        path = (*base, key)
        transform = native_transforms.get(key, {}).get("transform")
        if transform and schema.get(key, {}).get("implemented", True) and key in schema:
            translated = transforms.apply(transform, ResourceContext(t, resource, type_map), value, path)
        else:
            fitted = fitter.fit_property(key, value, schema.get(key), path)
            if fitted is MISSING:
                continue
            translated = t.value(fitted, path, resource.name)
        if translated is not MISSING and key in schema:
            translated = fitter.complete(translated, schema[key], path)
        if translated is not MISSING:
            out[key] = translated
    for key, spec in schema.items():
        if spec.get("required") and spec.get("implemented", True) and key not in out and "default" not in spec:
            t.gap(REQUIRED_PROPERTY, ("Resources", resource.name), resource.name,
                  f"Heat's {resource.type} requires {key!r}, which the template does not set (or it was removed)",
                  "set it, or translate with --to hot")
            if t.options.placeholder and spec.get("type") in ("String", "Number", "Integer"):
                out[key] = t.add_parameter(f"{resource.name}{key}", {
                    "type": "string", "description": f"fill in: {resource.type} {key} (no translation)"})
    body: dict[str, Any] = {"type": resource.type}
    if out:
        body["properties"] = out
    return body


class _Fitter:
    """Checks one resource's values against Heat's schema, fixing or dropping with a gap."""

    def __init__(self, t: Translator, resource: Resource) -> None:
        self.t = t
        self.resource = resource

    def gap(self, code: str, path: Path, message: str, hint: str = "") -> None:
        self.t.gap(code, path, self.resource.name, message, hint)

    def fit_property(self, key: Any, value: Any, spec: dict[str, Any] | None, path: Path) -> Any:
        kind = self.resource.type
        if spec is None:
            self.gap(UNSUPPORTED_PROPERTY, path, f"Heat's own {kind} has no property {key!r}; "
                     "it was removed", "translate with --to hot for the OpenStack-native equivalent")
            return MISSING
        if not spec.get("implemented", True):
            self.gap(NOT_IMPLEMENTED, path, f"Heat's {kind} does not implement {key!r}; it was removed")
            return MISSING
        return self.fit(value, spec, path)

    def fit(self, value: Any, spec: dict[str, Any], path: Path) -> Any:
        """Fit a literal to the spec; functions are left to Heat (they resolve at deploy time)."""
        kind = spec.get("type")
        if isinstance(value, dict) and kind == "Map" and spec.get("schema"):
            return self.fit_mapping(value, spec["schema"], path)
        if kind == "Map" and isinstance(value, str | int | float | bool):
            self.gap(VALUE_NOT_ALLOWED, path,
                     f"Heat's {self.resource.type} needs a mapping here, not {type(value).__name__}; it was removed")
            return MISSING
        if kind == "List" and isinstance(value, str):
            self.gap(VALUE_FITTED, path, "a single value became a one-item list, as Heat requires")
            value = [value]
        if isinstance(value, list) and kind == "List":
            item = (spec.get("schema") or {}).get("*")
            if item is None:
                return value
            if not item.get("implemented", True):
                self.gap(NOT_IMPLEMENTED, path,
                         f"Heat's {self.resource.type} does not implement items of {path[-1]!r}; they were removed")
                return MISSING
            fitted = [self.fit(v, item, (*path, i)) for i, v in enumerate(value)]
            return [v for v in fitted if v is not MISSING]
        allowed = spec.get("allowed_values")
        if allowed and isinstance(value, str) and value not in allowed:
            matches = [a for a in allowed if isinstance(a, str) and a.lower() == value.lower()]
            if matches:
                return matches[0]
            self.gap(VALUE_NOT_ALLOWED, path,
                     f"Heat's {self.resource.type} does not accept {value!r} here; it was removed",
                     f"Heat accepts: {', '.join(map(str, allowed))}")
            return MISSING
        return value

    def complete(self, value: Any, spec: dict[str, Any], path: Path) -> Any:
        """Leave out list items that lost a required key (a value left out with --placeholder)."""
        item = (spec.get("schema") or {}).get("*") if spec.get("type") == "List" else None
        if not isinstance(value, list) or not item or not item.get("schema"):
            return value
        required = [k for k, s in item["schema"].items() if s.get("required") and "default" not in s]
        kept = []
        for index, entry in enumerate(value):
            if isinstance(entry, dict) and any(k not in entry for k in required):
                self.gap(INCOMPLETE_ITEM, (*path, index),
                         f"this item lost a required key ({', '.join(k for k in required if k not in entry)}) "
                         "and was left out")
                continue
            kept.append(entry)
        return kept

    def fit_mapping(self, value: dict[str, Any], schema: dict[str, Any], path: Path) -> Any:
        out: dict[str, Any] = {}
        for key, item in value.items():
            spec = schema.get(key)
            if spec is None:
                self.gap(UNSUPPORTED_PROPERTY, (*path, key),
                         f"Heat's {self.resource.type} has no {key!r} here; it was removed")
                continue
            if not spec.get("implemented", True):
                self.gap(NOT_IMPLEMENTED, (*path, key),
                         f"Heat's {self.resource.type} does not implement {key!r}; it was removed")
                continue
            fitted = self.fit(item, spec, (*path, key))
            if fitted is not MISSING:
                out[key] = fitted
        return out
