"""How references resolve in the output: Ref, GetAtt, pseudo parameters, mappings, zones, imports.

A reference to another resource reads what that resource became (its plan and the map's
``ref`` and ``attributes`` entries, or a handler's override); a reference OpenStack cannot
give is reported where it is written. The value translators call these methods.
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

from cfnbridge import intrinsics as fn
from cfnbridge.evaluation import as_text
from cfnbridge.gap_codes import (
    AVAILABILITY_ZONES,
    IMPORT_VALUE,
    MAPPING_PARAMETER,
    PSEUDO_PARAMETER,
    PSEUDO_PARAMETER_MAPPED,
    PSEUDO_PARAMETER_MISSING,
    REFERENCE_TO_OMITTED,
    REFERENCE_TO_PLACEHOLDER,
    REGION_MAPPING,
    UNSUPPORTED_ATTRIBUTE,
    map_code,
)
from cfnbridge.translation import maps
from cfnbridge.translation.plan import Status
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.profile import Profile
    from cfnbridge.template import Template
    from cfnbridge.translation.dialect import Dialect
    from cfnbridge.translation.engine import Options
    from cfnbridge.translation.plan import Planned

Path = tuple[Any, ...]


class Lookups:
    """The part of the translator that answers references (mixed into ``Translator``)."""

    template: Template
    profile: Profile
    options: Options
    dialect: Dialect
    plan: dict[str, Planned]
    region_default: str | None

    def gap(self, code: str, path: Path, resource: str | None, message: str, hint: str = "") -> None:
        raise NotImplementedError

    def add_parameter(self, name: str, spec: dict[str, Any]) -> Any:
        raise NotImplementedError

    def note_region_lookup(self, node: fn.Intrinsic, path: Path, resource: str | None) -> None:
        """A FindInMap keyed by AWS::Region: AWS region names are not OpenStack's.

        Without a profile region the Region parameter defaults to the mapping's first key,
        so the template stays valid, and a gap says which region's values were chosen.
        """
        args = node.args
        if self.profile.region or not isinstance(args, list) or len(args) < 2:
            return
        if not (isinstance(args[1], fn.Ref) and args[1].target == "AWS::Region"):
            return
        table = self.template.mappings.get(args[0]) if isinstance(args[0], str) else None
        if not isinstance(table, dict) or not table:
            return
        wanted = args[2] if len(args) > 2 and isinstance(args[2], str) else None
        keys = [k for k, v in table.items() if wanted is None or (isinstance(v, dict) and wanted in v)]
        first = keys[0] if keys else next(iter(table))
        self.region_default = self.region_default or str(first)
        self.gap(REGION_MAPPING, path, resource,
                 f"mapping {args[0]!r} is keyed by AWS region; the Region parameter defaults to "
                 f"{self.region_default!r}, so that region's values are used",
                 "set 'region' in the site profile to a key of the mapping, or rewrite the mapping for OpenStack")

    # -- references between resources -----------------------------------------------------
    def pseudo(self, name: str, path: Path, resource: str | None) -> Any:
        if name == "AWS::StackName":
            return self.dialect.stack_name()
        if name == "AWS::StackId":
            return self.dialect.stack_id()
        if name == "AWS::Region":
            if self.profile.region:
                return self.profile.region
            self.gap(PSEUDO_PARAMETER_MAPPED, path, resource,
                     "AWS::Region became the parameter 'Region' (Heat's own value is a fixed placeholder)",
                     "set 'region' in the site profile")
            return self.add_parameter("Region", {"type": "string", "default": self.region_default or "RegionOne",
                                                 "description": "OpenStack region name (was AWS::Region)"})
        if name == "AWS::AccountId":
            project = self.dialect.project_id()
            if project is not None:
                self.gap(PSEUDO_PARAMETER_MAPPED, path, resource,
                         "AWS::AccountId became the OpenStack project id", "")
                return project
            self.gap(PSEUDO_PARAMETER, path, resource,
                     "AWS::AccountId has no Heat value; it became the parameter 'AccountId'", "")
            return self.add_parameter("AccountId", {"type": "string", "description": "was AWS::AccountId"})
        if name in ("AWS::Partition", "AWS::URLSuffix"):
            literal = "aws" if name == "AWS::Partition" else (self.profile.dns_domain or "amazonaws.com").rstrip(".")
            self.gap(PSEUDO_PARAMETER, path, resource,
                     f"{name} is meaningless on OpenStack; it became the literal {literal!r}",
                     "ARNs and AWS endpoints in this value will not work on OpenStack")
            return literal
        self.gap(PSEUDO_PARAMETER_MISSING, path, resource, f"{name} has no OpenStack equivalent", "")
        return []

    def ref_resource(self, name: str, path: Path, resource: str | None) -> Any:
        planned = self.plan.get(name)
        if planned is None or planned.status is Status.OMITTED:
            self.omitted_reference(name, path, resource)
            return self.dialect.get_resource(name)
        if planned.status in (Status.NATIVE, Status.PLACEHOLDER):
            if planned.status is Status.PLACEHOLDER:
                self.omitted_reference(name, path, resource)
            return self.dialect.get_resource(name)
        if planned.ref_target is not None:
            return self.dialect.get_resource(planned.ref_target)
        rule = planned.type_map.ref if planned.type_map else "resource"
        if rule == "resource":
            return self.dialect.get_resource(planned.emitted[0] if planned.emitted else name)
        attribute = rule["attribute"]
        attribute_path = attribute if isinstance(attribute, list) else [attribute]
        return self.dialect.get_attr(planned.emitted[0] if planned.emitted else name, *attribute_path)

    def attribute(self, name: str, attribute: str, path: Path, resource: str | None) -> Any:
        planned = self.plan.get(name)
        if planned is None or not planned.status.translated:
            self.omitted_reference(name, path, resource)
            return self._unavailable(name, attribute)
        if planned.status is Status.NATIVE:
            alias = planned.type_map.native_attributes.get(attribute) if planned.type_map else None
            if alias == "ref":
                return self.dialect.get_resource(name)  # e.g. GroupId: Heat's Ref is the group id
            if alias:
                return self.dialect.get_attr(name, alias)
            known = maps.heat_schemas().get(self.template.resources[name].type, {}).get("attributes", [])
            if attribute not in known and not (planned.type_map and planned.type_map.attribute(attribute) is not None
                                               and "." in attribute):
                self.gap(UNSUPPORTED_ATTRIBUTE, path, resource,
                         f"Heat's {self.template.resources[name].type} has no attribute {attribute!r}",
                         f"Heat offers: {', '.join(sorted(known)) or 'none'}")
                return self._unavailable(name, attribute)
            return self.dialect.get_attr(name, attribute)
        if attribute in planned.computed_attributes:
            return copy.deepcopy(planned.computed_attributes[attribute])
        if attribute in planned.attributes:  # a handler knows better for this resource
            noted = planned.type_map.attribute(attribute) if planned.type_map else None
            if isinstance(noted, dict) and "to" in noted:  # the map's note on the meaning still holds
                self.gap(map_code(noted, "approximated-attribute"), path, resource, noted["message"],
                         noted.get("hint", ""))
            return self.dialect.get_attr(*planned.attributes[attribute])
        mapped = planned.type_map.attribute(attribute) if planned.type_map else None
        if isinstance(mapped, dict):
            # A gap entry; with "to" the attribute is approximated, without it there is no value.
            place = "approximated-attribute" if "to" in mapped else "attribute"
            self.gap(map_code(mapped, place), path, resource, mapped["message"], mapped.get("hint", ""))
            if "to" not in mapped:
                return self._unavailable(name, attribute)
            mapped = mapped["to"]
        if mapped is None:
            self.gap(UNSUPPORTED_ATTRIBUTE, path, resource,
                     f"attribute {attribute!r} of {self.template.resources[name].type} has no OpenStack equivalent",
                     "")
            return self._unavailable(name, attribute)
        steps = mapped if isinstance(mapped, list) else [mapped]
        target = planned.emitted[0] if planned.emitted else name
        if isinstance(steps[0], str) and steps[0].startswith("@"):
            target, steps = self._resource_named(name, steps[0][1:]), steps[1:]
            if not steps:
                return self.dialect.get_resource(target)
        return self.dialect.get_attr(target, *steps)

    def _unavailable(self, name: str, attribute: str) -> Any:
        """A value OpenStack cannot give (an error gap was reported): with --placeholder the
        property is left out so the rest deploys; otherwise the reference stays, and Heat
        will name it too."""
        return MISSING if self.options.placeholder else self.dialect.get_attr(name, attribute)

    def _resource_named(self, name: str, suffix: str) -> str:
        return name + suffix if suffix else name

    def omitted_reference(self, name: str, path: Path, resource: str | None) -> None:
        kind = self.template.resources[name].type if name in self.template.resources else "?"
        # Omitted, Heat refuses the reference; with a placeholder it deploys, but reads nothing.
        code = REFERENCE_TO_PLACEHOLDER if self.options.placeholder else REFERENCE_TO_OMITTED
        self.gap(code, path, resource,
                 f"refers to {name} ({kind}), which has no OpenStack translation and was omitted",
                 "with --placeholder it is kept as OS::Heat::None so the rest can deploy" if not
                 self.options.placeholder else "the placeholder gives no real value")

    # -- mappings, zones, imports ----------------------------------------------------------
    def mapping_lookup(self, mapping: str, keys: list[Any], path: Path, resource: str | None) -> Any:
        """A FindInMap with keys known only at deploy time: the mapping as a json parameter."""
        from cfnbridge.nodes import to_plain

        table = _stringify_leaves(to_plain(self.template.mappings[mapping]))
        if self.dialect.keeps_mappings:
            return {"Fn::FindInMap": [mapping, *keys]}
        self.gap(MAPPING_PARAMETER, path, resource,
                 f"mapping {mapping!r} became a json parameter read with a get_param path", "")
        self.add_parameter(mapping, {"type": "json", "default": table,
                                     "description": f"was the mapping {mapping}"})
        return {"get_param": [mapping, *keys]}

    def availability_zones(self, path: Path, resource: str | None) -> Any:
        if self.profile.availability_zones:
            return list(self.profile.availability_zones)
        self.gap(AVAILABILITY_ZONES, path, resource,
                 "Fn::GetAZs became the parameter 'AvailabilityZones'",
                 "list the site's zones in the profile (availability_zones)")
        return self.add_parameter("AvailabilityZones", {
            "type": "comma_delimited_list", "default": "nova",
            "description": "availability zones (was Fn::GetAZs)"})

    def import_parameter(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        """Each export becomes its own parameter, named from the export (``${Parent}-Subnet`` ->
        ``Parent_Subnet``), a list where the template splits it; every use is reported."""
        label = export_label(node.args)
        if label is None:
            self.gap(IMPORT_VALUE, path, resource, "Fn::ImportValue names its export with a function "
                     "that cannot be read as a name; it became the parameter 'ImportValue'",
                     "pass the other stack's output as this parameter")
            return self.add_parameter("ImportValue", {"type": "string", "description": "was Fn::ImportValue"})
        name = re.sub(r"[^0-9A-Za-z]+", "_", label).strip("_")[:60] or "ImportValue"
        self.gap(IMPORT_VALUE, path, resource,
                 f"Fn::ImportValue reads the export {label!r} of another stack; it became the parameter "
                 f"{self.parameter_name(name)!r}", "pass that stack's output as this parameter")
        listed = label in _split_exports(self.template)
        return self.add_parameter(name, {"type": "comma_delimited_list" if listed else "string",
                                         "description": f"the export {label} of another stack (was Fn::ImportValue)"})


def export_label(name: Any) -> str | None:
    """An export name as written, variables kept by name: ``!Sub '${Parent}-Subnet'`` -> ``Parent-Subnet``."""
    if isinstance(name, str):
        return name
    if isinstance(name, fn.Sub) and isinstance(name.text, str):
        return "".join(text for _kind, text in name.parts())
    if isinstance(name, fn.Join) and isinstance(name.args, list) and len(name.args) == 2 \
            and isinstance(name.args[1], list):
        parts = [export_label(part) for part in name.args[1]]
        return None if None in parts else str(name.args[0]).join(parts)  # type: ignore[arg-type]
    if isinstance(name, fn.Ref) and name.target:
        return name.target
    return None


def _split_exports(template: Template) -> set[str]:
    """Labels of exports the template splits into lists (``!Split [',', !ImportValue ...]``)."""
    cached = template.derived.get("split-exports")
    if cached is None:
        cached = set()
        from cfnbridge.references import all_functions

        for node, _path in all_functions(template):
            if isinstance(node, fn.Split) and isinstance(node.args, list) and len(node.args) == 2:
                for inner, _ in fn.walk(node.args[1]):
                    if isinstance(inner, fn.ImportValue) and export_label(inner.args) is not None:
                        cached.add(export_label(inner.args))
        template.derived["split-exports"] = cached
    return cached


def _stringify_leaves(value: Any) -> Any:
    """Mapping values are text in CloudFormation (YAML may have read ``10`` as a number)."""
    if isinstance(value, dict):
        return {k: _stringify_leaves(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify_leaves(v) for v in value]
    return as_text(value)
