"""Resources: the property table applied generically, and the context handlers work through.

``ResourceContext`` is the whole interface a handler sees: the AWS resource, its map,
the dialect, ``value()`` to translate a value, ``map_properties()`` to apply the table to
what the handler did not consume, ``gap()`` and ``add()``. Every property the source sets
is either translated, or consumed by a handler, or reported: nothing is dropped silently.
"""

from __future__ import annotations

from typing import Any

from cfnbridge import intrinsics as fn
from cfnbridge.gap_codes import DYNAMIC_PROPERTIES, DYNAMIC_STRUCTURE, PROPERTY_APPROXIMATED, UNSUPPORTED_PROPERTY
from cfnbridge.template import Resource
from cfnbridge.translation import maps, transforms
from cfnbridge.translation.engine import Path, Planned, Translator
from cfnbridge.translation.values import MISSING


class ResourceContext:
    """One AWS resource being translated."""

    def __init__(self, translator: Translator, resource: Resource, type_map: maps.TypeMap) -> None:
        self.t = translator
        self.resource = resource
        self.name = resource.name
        self.type_map = type_map
        self.dialect = translator.dialect
        self.profile = translator.profile
        self.props: dict[str, Any] = resource.properties if isinstance(resource.properties, dict) else {}
        self.base: Path = ("Resources", resource.name, "Properties")
        self.consumed: set[str] = set()

    @property
    def hot(self) -> bool:
        return self.t.hot

    def path(self, *steps: Any) -> Path:
        return (*self.base, *steps)

    def gap(self, code: str, severity: str, message: str, hint: str = "", path: Path | None = None) -> None:
        self.t.gap(code, severity, path if path is not None else ("Resources", self.name), self.name, message, hint)

    def value(self, value: Any, *steps: Any) -> Any:
        return self.t.value(value, self.path(*steps), self.name)

    def prop(self, key: str) -> Any:
        """Translate property ``key`` (marking it consumed); MISSING when unset."""
        self.consumed.add(key)
        if key not in self.props:
            return MISSING
        return self.value(self.props[key], key)

    def consume(self, *keys: str) -> None:
        self.consumed.update(keys)

    def static(self, value: Any) -> Any:
        return self.t.values.static(value)

    def ref(self, value: Any, *steps: Any) -> Any:
        """Translate a value that refers to another resource (Ref/GetAtt), as a value."""
        return self.value(value, *steps)

    def referenced_resource(self, value: Any) -> str | None:
        """The AWS resource a ``Ref``/``GetAtt`` value names, if it is that simple."""
        if isinstance(value, fn.Ref) and value.target in self.t.template.resources:
            return value.target
        if isinstance(value, fn.GetAtt) and value.resource in self.t.template.resources:
            return value.resource
        return None

    def emitted_name(self, aws_name: str) -> str | None:
        planned = self.t.plan.get(aws_name)
        return planned.emitted[0] if planned and planned.emitted else None

    def map_properties(self, spec: dict[str, Any] | None = None) -> dict[str, Any]:
        """Apply the property table to every property not yet consumed."""
        spec = self.type_map.properties if spec is None else spec
        remaining = {k: v for k, v in self.props.items() if k not in self.consumed}
        return map_mapping(self, spec, remaining, self.base, self.type_map.target)

    def add(self, name: str, os_type: str, properties: dict[str, Any] | None = None, **extra: Any) -> str:
        """Emit an output resource; extra keys (depends_on …) go beside the properties."""
        body: dict[str, Any] = {"type" if self.hot else "Type": os_type}
        if properties:
            body["properties" if self.hot else "Properties"] = properties
        for key, value in extra.items():
            body[key if self.hot else _CFN_KEYS.get(key, key)] = value
        return self.t.emit(self.name, name, body)

    def parameter(self, name: str, spec_hot: dict[str, Any]) -> Any:
        return self.t.add_parameter(name, spec_hot)


_CFN_KEYS = {"depends_on": "DependsOn", "condition": "Condition", "metadata": "Metadata"}


def map_mapping(ctx: ResourceContext, spec: dict[str, Any], source: Any, path: Path, target: str | None) -> Any:
    """Map one object's keys through ``spec``; an ``Fn::If`` maps both of its branches."""
    if isinstance(source, fn.If) and isinstance(source.args, list) and len(source.args) == 3:
        branches = [map_mapping(ctx, spec, branch, path, target) for branch in source.args[1:]]
        if ctx.hot:
            if branches[0] is MISSING or branches[1] is MISSING:
                return ctx.t.optional_if(source.args[0], branches[0], branches[1], path, ctx.name)
            return {"if": [source.args[0], *branches]}
        return {"Fn::If": [source.args[0], *(None if b is MISSING else b for b in branches)]}
    if isinstance(source, fn.Ref) and source.target == "AWS::NoValue":
        return MISSING
    if not isinstance(source, dict):
        static = ctx.static(source)
        if isinstance(static, dict):
            return map_mapping(ctx, spec, static, path, target)
        ctx.gap(DYNAMIC_STRUCTURE, "warning",
                "this object is computed at deploy time, so its keys could not be renamed for OpenStack",
                "write the object out literally", path)
        return ctx.t.value(source, path, ctx.name)
    out: dict[str, Any] = {}
    for key, value in source.items():
        entry = spec.get(key)
        key_path = (*path, key)
        if entry is None:
            ctx.gap(UNSUPPORTED_PROPERTY, "warning",
                    f"{ctx.resource.type} property {key!r} has no mapping to {target or 'OpenStack'}; it was dropped",
                    "check whether the OpenStack site needs an equivalent", key_path)
            continue
        if isinstance(entry, str):
            translated = ctx.t.value(value, key_path, ctx.name)
            if translated is not MISSING:
                out[entry] = translated
            continue
        if entry.get("handled"):
            continue
        gap = entry.get("gap")
        if gap:
            ctx.gap(gap.get("code", PROPERTY_APPROXIMATED if "to" in entry else "property-dropped"),
                    gap["severity"], gap["message"], gap.get("hint", ""), key_path)
        if "to" not in entry:
            continue
        if "transform" in entry:
            translated = transforms.apply(entry["transform"], ctx, value, key_path)
        elif "properties" in entry:
            translated = map_mapping(ctx, entry["properties"], value, key_path, target)
        elif "items" in entry:
            translated = map_list(ctx, entry["items"], value, key_path, target)
        else:
            translated = ctx.t.value(value, key_path, ctx.name)
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
    ctx.add(ctx.name, ctx.type_map.target, properties)


def plan_resources(t: Translator) -> None:
    """Decide, before translating any value, what each AWS resource becomes."""
    for name, resource in t.template.resources.items():
        if isinstance(resource.raw.get("Properties"), fn.Intrinsic):
            t.gap(DYNAMIC_PROPERTIES, "error", ("Resources", name, "Properties"), name,
                  "the whole Properties block is computed at deploy time, so it cannot be translated",
                  "write the properties out, with Fn::If on individual values")
            t.plan[name] = Planned("placeholder" if t.options.placeholder else "omitted", maps.lookup(resource.type))
            continue
        type_map = maps.lookup(resource.type)
        if type_map is None and resource.type.startswith("Custom::"):
            type_map = maps.lookup("AWS::CloudFormation::CustomResource")
        if not t.hot and type_map is not None and type_map.native_supported and _heat_accepts(t, resource):
            t.plan[name] = Planned("native", type_map)
        elif resource.type.startswith("OS::"):
            t.plan[name] = Planned("native", None)
        elif type_map is None or type_map.target is None:
            t.plan[name] = Planned("placeholder" if t.options.placeholder else "omitted", type_map)
        else:
            t.plan[name] = Planned("hot", type_map)


def _heat_accepts(t: Translator, resource: Resource) -> bool:
    """Whether Heat's own AWS type takes this resource: its required properties and literal values.

    Heat's AWS::RDS::DBInstance runs ``MySQL`` only (spelled so): with ``Engine: postgres``
    the resource goes through its OS:: translation instead (Heat allows the mix).
    """
    schema = maps.heat_schemas().get(resource.type, {}).get("properties", {})
    properties = resource.properties if isinstance(resource.properties, dict) else {}
    if any(spec.get("required") and key not in properties for key, spec in schema.items()):
        return False  # e.g. a read replica without AllocatedStorage, which Heat's own type requires
    for key, value in properties.items():
        allowed = schema.get(key, {}).get("allowed_values")
        if allowed:
            static = t.values.static(value)
            if isinstance(static, str) and static not in allowed:
                return False
    return True
