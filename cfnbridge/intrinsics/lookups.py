"""Functions that look a value up outside the expression: Fn::FindInMap, Fn::GetAZs,
Fn::ImportValue, and Fn::Transform (a macro run by CloudFormation)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import TRANSFORM
from cfnbridge.intrinsics.base import MISSING, UNSUPPORTED, Intrinsic, Made, Path, Undecided, no_references

if TYPE_CHECKING:
    from cfnbridge.evaluation import Evaluator
    from cfnbridge.translation.values import Values


class FindInMap(Intrinsic):
    """Takes the form ``{"Fn::FindInMap": ["Map", "TopKey", "SecondKey"]}`` or
    ``!FindInMap ["Map", "TopKey", "SecondKey"]``, with an optional ``{DefaultValue: v}``."""

    __slots__ = ()
    name = "Fn::FindInMap"
    short_tag = "!FindInMap"

    def references(self) -> tuple[Made, ...]:
        args = self.args
        return (("FindInMap", args[0], None),) if isinstance(args, list) and args and isinstance(args[0], str) else ()

    def evaluate(self, ev: Evaluator) -> Any:
        args = ev.arguments(self, minimum=3)
        name, top, second = (ev.resolve(arg) for arg in args[:3])
        default = args[3].get("DefaultValue") if len(args) > 3 and isinstance(args[3], dict) else None
        if not all(isinstance(key, str | int | float | bool) for key in (name, top, second)):
            raise ev.bad("Fn::FindInMap takes a mapping name and two keys that are text", self)
        table = ev.template.mappings.get(name)
        if not isinstance(table, dict):
            raise ev.bad(f"Fn::FindInMap: no mapping {name!r}", self)
        entry = table.get(top)
        if isinstance(entry, dict) and second in entry:
            return ev.resolve(entry[second])
        if default is not None:
            return ev.resolve(default)
        raise ev.bad(f"Fn::FindInMap: mapping {name!r} has no entry [{top!r}][{second!r}]", self)

    def to_hot(self, values: Values, path: Path, resource: str | None) -> Any:
        """The value where the keys are static; otherwise the translator's lookup of the mapping."""
        t = values.t
        t.note_region_lookup(self, path, resource)
        static = values.static(self)
        if not isinstance(static, Undecided):
            return values.value(static, path, resource)
        args = self.args if isinstance(self.args, list) else []
        if len(args) < 3 or not isinstance(args[0], str) or args[0] not in t.template.mappings:
            return values.unsupported(self, path, resource, "the mapping name must be literal")
        return t.mapping_lookup(args[0], [values.value(a, path, resource) for a in args[1:3]], path, resource)

    def to_native(self, values: Values, path: Path, resource: str | None) -> Any:
        values.t.note_region_lookup(self, path, resource)
        return {"Fn::FindInMap": values.value(self.args, path, resource)}


class GetAZs(Intrinsic):
    """Takes the form ``{"Fn::GetAZs": "region"}`` or ``!GetAZs "region"``."""

    __slots__ = ()
    name = "Fn::GetAZs"
    short_tag = "!GetAZs"
    references = no_references

    def evaluate(self, ev: Evaluator) -> list[str]:
        region = ev.resolve(self.args) or ev.region
        zones = ev.availability_zones
        if isinstance(zones, dict):
            zones = zones.get(region) if isinstance(region, str) else None
        if not zones:
            raise ev.stop("the availability zones were not given", self)
        return list(zones)

    def to_hot(self, values: Values, path: Path, resource: str | None) -> Any:
        return values.t.availability_zones(path, resource)

    def to_native(self, values: Values, path: Path, resource: str | None) -> Any:
        return {"Fn::GetAZs": ""}  # Heat answers with its own zones, whatever region is named


class ImportValue(Intrinsic):
    """Takes the form ``{"Fn::ImportValue": "ExportName"}`` or ``!ImportValue "ExportName"``."""

    __slots__ = ()
    name = "Fn::ImportValue"
    short_tag = "!ImportValue"
    references = no_references

    def evaluate(self, ev: Evaluator) -> Any:
        raise ev.stop(f"Fn::ImportValue {self.args!r} reads another stack's export at deployment", self)

    def to_hot(self, values: Values, path: Path, resource: str | None) -> Any:
        return values.t.import_parameter(self, path, resource)

    to_native = to_hot  # the translator turns it into a parameter of the stack


class Transform(Intrinsic):
    """Takes the form ``{"Fn::Transform": {"Name": macro, "Parameters": {...}}}`` or
    ``!Transform {"Name": macro, "Parameters": {...}}``."""

    __slots__ = ()
    name = "Fn::Transform"
    short_tag = "!Transform"
    references = no_references
    evaluate = UNSUPPORTED  # the macro runs inside CloudFormation

    def to_hot(self, values: Values, path: Path, resource: str | None) -> Any:
        values.t.gap(TRANSFORM, path, resource,
                     "Fn::Transform runs a CloudFormation macro, which Heat cannot run",
                     "expand the macro first (deploy once to AWS and take the processed template)")
        if values.t.options.placeholder:
            return MISSING
        return {"Fn::Transform": values.value(self.args, path, resource)}

    to_native = to_hot
