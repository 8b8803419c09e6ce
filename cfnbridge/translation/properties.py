"""The property table applied generically: what most AWS types need and all handlers share.

``map_mapping`` renames an object's keys through a map's ``properties`` spec (nested objects,
lists of objects, named transforms, gaps declared in the map); every property the source
sets is translated, consumed by a handler, or reported: nothing is dropped silently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge import intrinsics as fn
from cfnbridge.gap_codes import (
    DYNAMIC_STRUCTURE,
    UNKNOWN_PROPERTY,
    UNSUPPORTED_PROPERTY,
    map_code,
)
from cfnbridge.translation import transforms
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

Path = tuple[Any, ...]


def map_mapping(ctx: ResourceContext, spec: dict[str, Any], source: Any, path: Path, target: str | None) -> Any:
    """Map one object's keys through ``spec``; an ``Fn::If`` maps both of its branches."""
    if isinstance(source, fn.If) and isinstance(source.args, list) and len(source.args) == 3:
        branches = [map_mapping(ctx, spec, branch, path, target) for branch in source.args[1:]]
        if branches[0] is MISSING or branches[1] is MISSING:
            return ctx.optional(source.args[0], branches[0], branches[1], path)
        return ctx.dialect.if_(source.args[0], branches[0], branches[1])
    if isinstance(source, fn.Ref) and source.target == "AWS::NoValue":
        return MISSING
    if not isinstance(source, dict):
        static = ctx.static(source)
        if isinstance(static, dict):
            return map_mapping(ctx, spec, static, path, target)
        ctx.gap(DYNAMIC_STRUCTURE,
                "this object is computed at deploy time, so its keys could not be renamed for OpenStack",
                "write the object out literally", path)
        return ctx.value_at(source, path)
    out: dict[str, Any] = {}
    for key, value in source.items():
        entry = spec.get(key)
        key_path = (*path, key)
        if entry is None:
            _unmapped(ctx, key, key_path, target)
            continue
        if isinstance(entry, str):
            translated = ctx.value_at(value, key_path)
            if translated is not MISSING:
                out[entry] = translated
            continue
        if entry.get("handled"):
            continue
        gap = entry.get("gap")
        if gap:
            ctx.gap(map_code(gap, "approximated-property" if "to" in entry else "property"), gap["message"],
                    gap.get("hint", ""), key_path)
        if "to" not in entry:
            continue
        if "transform" in entry:
            translated = transforms.apply(entry["transform"], ctx, value, key_path)
        elif "properties" in entry:
            translated = map_mapping(ctx, entry["properties"], value, key_path, target)
        elif "items" in entry:
            translated = map_list(ctx, entry["items"], value, key_path, target)
        else:
            translated = ctx.value_at(value, key_path)
        if translated is not MISSING:
            previous = out.get(entry["to"])
            if isinstance(previous, dict) and isinstance(translated, dict):
                translated = {**previous, **translated}  # two AWS properties feed one Heat map (tags, website)
            out[entry["to"]] = translated
    return out


def map_list(ctx: ResourceContext, spec: dict[str, Any], source: Any, path: Path, target: str | None) -> Any:
    """Map each object of a list through ``spec``; items may be ``Fn::If`` or NoValue."""
    if not isinstance(source, list):
        static = ctx.static(source)
        if isinstance(static, list):
            source = static
        else:
            return map_mapping(ctx, spec, source, path, target)
    items = (map_mapping(ctx, spec, item, (*path, index), target) for index, item in enumerate(source))
    return [item for item in items if item is not MISSING]


def translate_generic(ctx: ResourceContext) -> None:
    """The table alone: one output resource of the mapped type, with mapped properties."""
    properties = ctx.map_properties()
    defaults = ctx.type_map.hot.get("defaults", {})
    for key, value in defaults.items():
        properties.setdefault(key, value)
    ctx.add(ctx.name, properties=properties)


def _unmapped(ctx: ResourceContext, key: Any, key_path: Path, target: str | None) -> None:
    """A property the map does not know: a typo if AWS does not know it either, else dropped."""
    from cfnbridge import aws_schemas

    answer = aws_schemas.check_property(ctx.resource.type, [step for step in key_path[3:] if isinstance(step, str)])
    if answer.typo:
        ctx.gap(UNKNOWN_PROPERTY, f"{ctx.resource.type} has no property {key!r} on AWS either: a typo, "
                "so the value it meant to set is lost", answer.did_you_mean() or "check the property name", key_path)
        return
    ctx.gap(UNSUPPORTED_PROPERTY,
            f"{ctx.resource.type} property {key!r} has no mapping to {target or 'OpenStack'}; it was dropped",
            "check whether the OpenStack site needs an equivalent", key_path)
