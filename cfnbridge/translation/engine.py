"""The translation engine: generic, table-driven, the same for every AWS type.

For each resource (in dependency order, so handlers can see what their dependencies
became) the engine looks up the type's map: a type with a handler runs it, any other
goes through the property table. The engine never branches on type names; everything
type-specific is in ``resource_maps/`` or in a registered handler.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cfnbridge import intrinsics as fn
from cfnbridge.evaluation import Evaluator, as_text
from cfnbridge.gap_codes import (
    AVAILABILITY_ZONES,
    CFN_INIT,
    CREATION_POLICY,
    DELETION_POLICY,
    IMPORT_VALUE,
    MAPPING_PARAMETER,
    NOVALUE,
    PSEUDO_PARAMETER,
    REFERENCE_TO_OMITTED,
    REGION_MAPPING,
    RULE_OF,
    UNSUPPORTED_ATTRIBUTE,
    UPDATE_POLICY,
    UPDATE_REPLACE_POLICY,
)
from cfnbridge.profile import Profile
from cfnbridge.template import Resource, Template
from cfnbridge.translation import maps, sections
from cfnbridge.translation.dialect import HOT, NATIVE
from cfnbridge.translation.gaps import Gap
from cfnbridge.translation.values import MISSING, HotValues, NativeValues

Path = tuple[Any, ...]
HOT_VERSIONS = ("2016-10-14", "2017-02-24", "2017-09-01", "2018-03-02", "2018-08-31", "2021-04-16")


@dataclass
class Options:
    to: str = "hot"
    hot_version: str = "2021-04-16"
    placeholder: bool = False


@dataclass
class Planned:
    """What became of one AWS resource."""

    status: str  # "hot" (OS:: types), "native" (AWS type kept), "omitted", "placeholder"
    type_map: maps.TypeMap | None
    emitted: list[str] = field(default_factory=list)
    # Per-resource attribute overrides a handler may set: AWS attribute -> [emitted name, *path].
    attributes: dict[str, list[Any]] = field(default_factory=dict)


class Translator:
    """One translation run; handlers receive it through a ResourceContext."""

    def __init__(self, template: Template, profile: Profile, options: Options) -> None:
        self.template = template
        self.profile = profile
        self.options = options
        self.hot = options.to == "hot"
        self.dialect = HOT if self.hot else NATIVE
        self.values = HotValues(self) if self.hot else NativeValues(self)
        # Parameters stay undecided: their defaults can be overridden at deployment.
        self.evaluator = Evaluator(template, region=profile.region,
                                   availability_zones=profile.availability_zones or None, use_defaults=False)
        self.gaps: list[Gap] = []
        self.parameters: dict[str, Any] = {}
        self.extra_parameters: dict[str, Any] = {}
        self.conditions: dict[str, Any] = {}
        self.extra_conditions: dict[str, Any] = {}
        self.resources: dict[str, dict[str, Any]] = {}
        self.owner: dict[str, str] = {}  # emitted name -> AWS resource it came from
        self.plan: dict[str, Planned] = {}
        self.region_default: str | None = None
        self.memo: dict[str, Any] = {}  # per-run indexes that handlers build once (see load_balancers)
        self.parameter_names: dict[str, str] = {}  # parameters the translation adds: requested -> output name

    # -- reporting ------------------------------------------------------------------------
    def gap(self, code: str, severity: str, path: Path, resource: str | None, message: str, hint: str = "") -> None:
        if code not in RULE_OF and code not in maps.declared_codes():
            raise ValueError(f"gap code {code!r} is declared neither in cfnbridge/gap_codes.py nor in a resource map")
        self.gaps.append(Gap(code, severity, resource, tuple(path), self.template.locate(path), message, hint))

    def value(self, value: Any, path: Path, resource: str | None = None) -> Any:
        return self.values.value(value, path, resource)

    # -- synthesized parameters and conditions -----------------------------------------------
    def parameter_name(self, requested: str) -> str:
        """The output name of a parameter the translation adds: ``requested``, unless the
        template already uses that name (for a parameter of its own or a resource)."""
        actual = self.parameter_names.get(requested)
        if actual is None:
            actual, number = requested, 2
            while (actual in self.template.parameters or actual in self.template.resources
                   or actual in self.resources or actual in self.parameter_names.values()):
                actual, number = f"{requested}{number}", number + 1
            self.parameter_names[requested] = actual
        return actual

    def add_parameter(self, name: str, spec_hot: dict[str, Any]) -> Any:
        """Add a parameter the translation needs (once); returns a reference to it."""
        name = self.parameter_name(name)
        if name not in self.extra_parameters:
            if self.hot:
                self.extra_parameters[name] = spec_hot
            else:
                kind = {v: k for k, v in sections.HOT_TYPES.items()}[spec_hot["type"]]
                native = {"Type": kind}
                if "description" in spec_hot:
                    native["Description"] = spec_hot["description"]
                if "default" in spec_hot:
                    default = spec_hot["default"]
                    native["Default"] = ",".join(default) if isinstance(default, list) else default
                self.extra_parameters[name] = native
        return self.dialect.get_param(name)

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
        self.gap(REGION_MAPPING, "warning", path, resource,
                 f"mapping {args[0]!r} is keyed by AWS region; the Region parameter defaults to "
                 f"{self.region_default!r}, so that region's values are used",
                 "set 'region' in the site profile to a key of the mapping, or rewrite the mapping for OpenStack")

    def optional_if(self, condition: str, when_true: Any, when_false: Any, path: Path, resource: str | None) -> Any:
        """An ``Fn::If`` with ``AWS::NoValue`` on one side, as HOT's 2-argument ``if``."""
        if self.options.hot_version < "2021-04-16":
            self.gap(NOVALUE, "warning", path, resource,
                     f"AWS::NoValue needs HOT 2021-04-16; with {self.options.hot_version} it became null",
                     "use --hot-version 2021-04-16")
            return {"if": [condition, None if when_true is MISSING else when_true,
                           None if when_false is MISSING else when_false]}
        if when_false is MISSING:
            return {"if": [condition, when_true]}
        negated = f"Not{condition}"
        while negated in self.template.conditions and negated not in self.extra_conditions:
            negated += "_"
        self.extra_conditions[negated] = {"not": condition}
        return {"if": [negated, when_false]}

    # -- references between resources -----------------------------------------------------
    def pseudo(self, name: str, path: Path, resource: str | None) -> Any:
        if name == "AWS::StackName":
            return self.dialect.get_param("OS::stack_name") if self.hot else {"Ref": "AWS::StackName"}
        if name == "AWS::StackId":
            return self.dialect.get_param("OS::stack_id") if self.hot else {"Ref": "AWS::StackId"}
        if name == "AWS::Region":
            if self.profile.region:
                return self.profile.region
            self.gap(PSEUDO_PARAMETER, "info", path, resource,
                     "AWS::Region became the parameter 'Region' (Heat's own value is a fixed placeholder)",
                     "set 'region' in the site profile")
            return self.add_parameter("Region", {"type": "string", "default": self.region_default or "RegionOne",
                                                 "description": "OpenStack region name (was AWS::Region)"})
        if name == "AWS::AccountId":
            if self.hot:
                self.gap(PSEUDO_PARAMETER, "info", path, resource,
                         "AWS::AccountId became the OpenStack project id", "")
                return {"get_param": "OS::project_id"}
            self.gap(PSEUDO_PARAMETER, "warning", path, resource,
                     "AWS::AccountId has no Heat value; it became the parameter 'AccountId'", "")
            return self.add_parameter("AccountId", {"type": "string", "description": "was AWS::AccountId"})
        if name in ("AWS::Partition", "AWS::URLSuffix"):
            literal = "aws" if name == "AWS::Partition" else (self.profile.dns_domain or "amazonaws.com").rstrip(".")
            self.gap(PSEUDO_PARAMETER, "warning", path, resource,
                     f"{name} is meaningless on OpenStack; it became the literal {literal!r}",
                     "ARNs and AWS endpoints in this value will not work on OpenStack")
            return literal
        self.gap(PSEUDO_PARAMETER, "error", path, resource, f"{name} has no OpenStack equivalent", "")
        return []

    def ref_resource(self, name: str, path: Path, resource: str | None) -> Any:
        planned = self.plan.get(name)
        if planned is None or planned.status == "omitted":
            self._omitted_reference(name, path, resource)
            return self.dialect.get_resource(name)
        if planned.status in ("native", "placeholder"):
            if planned.status == "placeholder":
                self._omitted_reference(name, path, resource)
            return self.dialect.get_resource(name)
        rule = planned.type_map.ref if planned.type_map else "resource"
        if rule == "resource":
            return self.dialect.get_resource(planned.emitted[0] if planned.emitted else name)
        attribute = rule["attribute"]
        attribute_path = attribute if isinstance(attribute, list) else [attribute]
        return self.dialect.get_attr(planned.emitted[0] if planned.emitted else name, *attribute_path)

    def attribute(self, name: str, attribute: str, path: Path, resource: str | None) -> Any:
        planned = self.plan.get(name)
        if planned is None or planned.status in ("omitted", "placeholder"):
            self._omitted_reference(name, path, resource)
            return self._unavailable(name, attribute)
        if planned.status == "native":
            alias = planned.type_map.native_attributes.get(attribute) if planned.type_map else None
            if alias == "ref":
                return self.dialect.get_resource(name)  # e.g. GroupId: Heat's Ref is the group id
            if alias:
                return self.dialect.get_attr(name, alias)
            known = maps.heat_schemas().get(self.template.resources[name].type, {}).get("attributes", [])
            if attribute not in known and not (planned.type_map and planned.type_map.attribute(attribute) is not None
                                               and "." in attribute):
                self.gap(UNSUPPORTED_ATTRIBUTE, "error", path, resource,
                         f"Heat's {self.template.resources[name].type} has no attribute {attribute!r}",
                         f"Heat offers: {', '.join(sorted(known)) or 'none'}")
                return self._unavailable(name, attribute)
            return self.dialect.get_attr(name, attribute)
        if attribute in planned.attributes:  # a handler knows better for this resource
            noted = planned.type_map.attribute(attribute) if planned.type_map else None
            if isinstance(noted, dict) and "to" in noted:  # the map's note on the meaning still holds
                self.gap(noted.get("code", UNSUPPORTED_ATTRIBUTE), noted["severity"], path, resource,
                         noted["message"], noted.get("hint", ""))
            return self.dialect.get_attr(*planned.attributes[attribute])
        mapped = planned.type_map.attribute(attribute) if planned.type_map else None
        if isinstance(mapped, dict):
            # A gap entry; with "to" the attribute is approximated, without it there is no value.
            severity = mapped["severity"] if "to" in mapped else "error"
            self.gap(mapped.get("code", UNSUPPORTED_ATTRIBUTE), severity, path, resource, mapped["message"],
                     mapped.get("hint", ""))
            if "to" not in mapped:
                return self._unavailable(name, attribute)
            mapped = mapped["to"]
        if mapped is None:
            self.gap(UNSUPPORTED_ATTRIBUTE, "error", path, resource,
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

    def _omitted_reference(self, name: str, path: Path, resource: str | None) -> None:
        kind = self.template.resources[name].type if name in self.template.resources else "?"
        severity = "warning" if self.options.placeholder else "error"
        self.gap(REFERENCE_TO_OMITTED, severity, path, resource,
                 f"refers to {name} ({kind}), which has no OpenStack translation and was omitted",
                 "with --placeholder it is kept as OS::Heat::None so the rest can deploy" if not
                 self.options.placeholder else "the placeholder gives no real value")

    # -- mappings, zones, imports ----------------------------------------------------------
    def mapping_lookup(self, mapping: str, keys: list[Any], path: Path, resource: str | None) -> Any:
        """A FindInMap with keys known only at deploy time: the mapping as a json parameter."""
        from cfnbridge.nodes import to_plain

        table = _stringify_leaves(to_plain(self.template.mappings[mapping]))
        if not self.hot:
            return {"Fn::FindInMap": [mapping, *keys]}
        self.gap(MAPPING_PARAMETER, "info", path, resource,
                 f"mapping {mapping!r} became a json parameter read with a get_param path", "")
        self.add_parameter(mapping, {"type": "json", "default": table,
                                     "description": f"was the mapping {mapping}"})
        return {"get_param": [mapping, *keys]}

    def availability_zones(self, path: Path, resource: str | None) -> Any:
        if self.profile.availability_zones:
            return list(self.profile.availability_zones)
        self.gap(AVAILABILITY_ZONES, "info", path, resource,
                 "Fn::GetAZs became the parameter 'AvailabilityZones'",
                 "list the site's zones in the profile (availability_zones)")
        return self.add_parameter("AvailabilityZones", {
            "type": "comma_delimited_list", "default": "nova",
            "description": "availability zones (was Fn::GetAZs)"})

    def import_parameter(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        static = self.evaluator.value(node.args) if not isinstance(node.args, str) else node.args
        label = static if isinstance(static, str) else "value"
        name = "Import" + "".join(c for c in label.title() if c.isalnum())[:60]
        self.gap(IMPORT_VALUE, "warning", path, resource,
                 f"Fn::ImportValue reads another stack's export ({label}); it became the parameter {name!r}",
                 "pass the other stack's output as this parameter")
        return self.add_parameter(name, {"type": "string", "description": f"was Fn::ImportValue {label}"})

    # -- emitting resources ----------------------------------------------------------------
    def emit(self, owner: str, name: str, body: dict[str, Any]) -> str:
        """Add one output resource (in HOT or CFN spelling) for the AWS resource ``owner``."""
        def taken(candidate: str) -> bool:
            return (candidate in self.resources or candidate in self.template.parameters
                    or candidate in self.extra_parameters
                    or (candidate in self.template.resources and candidate != owner))

        if taken(name) and not (name in self.resources and self.owner.get(name) == owner):
            base, number = name, 2
            while taken(f"{base}{number}"):
                number += 1
            name = f"{base}{number}"
        self.resources[name] = body
        self.owner[name] = owner
        self.plan[owner].emitted.append(name)
        return name


_HEAT_ROLLING_UPDATE = ("MinInstancesInService", "MaxBatchSize", "PauseTime")


def _heat_rolling_update(t: Translator, resource: Resource, path: Path) -> dict[str, Any]:
    """The part of an UpdatePolicy Heat's own Auto Scaling group understands; the rest is reported."""
    policy = resource.update_policy
    kept: dict[str, Any] = {}
    for key, value in policy.items():
        if key != "AutoScalingRollingUpdate" or not isinstance(value, dict):
            t.gap(UPDATE_POLICY, "warning", (*path, key), resource.name,
                  f"Heat's Auto Scaling group does not know the update policy {key!r}; it was removed", "")
            continue
        rolling = {}
        for name, setting in value.items():
            if name in _HEAT_ROLLING_UPDATE:
                rolling[name] = t.value(setting, (*path, key, name), resource.name)
            else:
                t.gap(UPDATE_POLICY, "warning", (*path, key, name), resource.name,
                      f"Heat's rolling update has no {name!r}; it was removed",
                      "Heat rolls by MinInstancesInService, MaxBatchSize and PauseTime only")
        kept[key] = rolling
    return kept


def _native_update_policy(t: Translator, resource: Resource) -> bool:
    """Heat's own type honours UpdatePolicy (its AWS Auto Scaling group rolls updates)."""
    planned = t.plan[resource.name]
    return (not t.hot and planned.status == "native" and planned.type_map is not None
            and bool(planned.type_map.data.get("native", {}).get("update_policy")))


def _stringify_leaves(value: Any) -> Any:
    """Mapping values are text in CloudFormation (YAML may have read ``10`` as a number)."""
    if isinstance(value, dict):
        return {k: _stringify_leaves(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify_leaves(v) for v in value]
    return as_text(value)


def resource_attributes(t: Translator, resource: Resource, body: dict[str, Any]) -> dict[str, Any]:
    """DependsOn, Condition, policies and Metadata for one output resource."""
    base: Path = ("Resources", resource.name)
    depends = []
    for index, target in enumerate(resource.depends_on):
        planned = t.plan.get(target)
        if planned is None or planned.status == "omitted":
            t._omitted_reference(target, (*base, "DependsOn", index) if isinstance(
                resource.raw.get("DependsOn"), list) else (*base, "DependsOn"), resource.name)
            continue
        depends.extend(planned.emitted[:1] or [target])
    keys = ("depends_on", "condition", "deletion_policy", "metadata") if t.hot else (
        "DependsOn", "Condition", "DeletionPolicy", "Metadata")
    if depends:
        body[keys[0]] = depends if len(depends) > 1 else depends[0]
    if resource.condition:
        body[keys[1]] = resource.condition
    if resource.deletion_policy is not None:
        policy = resource.deletion_policy
        if policy == "RetainExceptOnCreate":
            t.gap(DELETION_POLICY, "info", (*base, "DeletionPolicy"), resource.name,
                  "RetainExceptOnCreate became Retain: Heat has no such policy", "")
            policy = "Retain"
        out_type = body.get("type", body.get("Type"))
        if policy == "Snapshot" and not maps.heat_schemas().get(out_type, {}).get("snapshot_delete"):
            t.gap(DELETION_POLICY, "warning", (*base, "DeletionPolicy"), resource.name,
                  f"Heat cannot snapshot {out_type} on delete; the policy became Retain",
                  "take a backup before deleting the stack, then delete the retained resource")
            policy = "Retain"
        body[keys[2]] = policy
    for attribute, code, severity, message in (
        ("UpdateReplacePolicy", UPDATE_REPLACE_POLICY, "info",
         "Heat ignores UpdateReplacePolicy: a replaced resource is deleted"),
        ("CreationPolicy", CREATION_POLICY, "warning",
         "Heat does not wait for CreationPolicy signals; use OS::Heat::WaitCondition"),
        ("UpdatePolicy", UPDATE_POLICY, "warning", "this UpdatePolicy has no Heat equivalent here"),
    ):
        if attribute in resource.raw and t.plan[resource.name].status != "placeholder":
            if attribute == "UpdatePolicy" and (body.get("_update_policy_done") or _native_update_policy(t, resource)):
                continue
            t.gap(code, severity, (*base, attribute), resource.name, message, "")
    body.pop("_update_policy_done", None)
    if _native_update_policy(t, resource) and isinstance(resource.update_policy, dict):
        kept = _heat_rolling_update(t, resource, (*base, "UpdatePolicy"))
        if kept:
            body["UpdatePolicy"] = kept
    if resource.metadata is not None:
        metadata = resource.metadata
        if isinstance(metadata, dict) and "AWS::CloudFormation::Init" in metadata:
            t.gap(CFN_INIT, "warning", (*base, "Metadata", "AWS::CloudFormation::Init"), resource.name,
                  "AWS::CloudFormation::Init runs only where the image has heat-cfntools and user data calls cfn-init",
                  "prefer OS::Heat::SoftwareConfig with cloud-init, or bake the setup into the image")
        body[keys[3]] = t.value(metadata, (*base, "Metadata"), resource.name)
    return body
