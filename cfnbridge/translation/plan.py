"""What each AWS resource becomes, decided before any value is translated.

Planning first lets a handler know what the resources it refers to became (a Neutron
port, Heat's own AWS type, nothing at all) whatever order they are translated in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from cfnbridge import intrinsics as fn
from cfnbridge.gap_codes import DYNAMIC_PROPERTIES
from cfnbridge.template import Resource
from cfnbridge.translation import maps

if TYPE_CHECKING:
    from cfnbridge.translation.engine import Translator


class Status(StrEnum):
    """The fate of one AWS resource in the output."""

    HOT = "hot"  # translated to OS:: types by its map or handler
    NATIVE = "native"  # kept: a type Heat implements itself (native mode), or an OS:: type in the source
    OMITTED = "omitted"  # no OpenStack translation; references to it are reported
    PLACEHOLDER = "placeholder"  # no translation, kept as OS::Heat::None so the rest deploys (--placeholder)

    @property
    def translated(self) -> bool:
        return self in (Status.HOT, Status.NATIVE)


class Role(StrEnum):
    """What a template parameter has come to name, so the site profile can retarget its default."""

    FLAVOR = "flavor"
    IMAGE = "image"
    KEY = "key"


@dataclass(frozen=True)
class Child:
    """A nested template translated beside its parent: the type name, what it takes and gives."""

    name: str
    parameters: tuple[str, ...]
    outputs: tuple[str, ...]
    roles: dict[Role, set[str]]
    added: dict[str, dict[str, Any]]  # parameters its translation added (a network, an image …), HOT specs
    errors: int = 0  # error gaps of its own translation (and its children's), reported in its file


@dataclass
class Planned:
    """What became of one AWS resource."""

    status: Status
    type_map: maps.TypeMap | None
    emitted: list[str] = field(default_factory=list)
    # Attribute overrides a handler sets: AWS attribute -> [emitted name, attribute, *path].
    attributes: dict[str, list[Any]] = field(default_factory=dict)
    # Attributes a handler computes from its outputs (a yaql expression over a port's fixed_ips …).
    computed_attributes: dict[str, Any] = field(default_factory=dict)
    # The output resource a Ref to this one reads, when it is not the first emitted (a shared router).
    ref_target: str | None = None
    # The handler translated the resource's UpdatePolicy itself (e.g. into rolling_updates).
    update_policy_handled: bool = False
    # The output resource that completes when this one is ready (a wait condition for its signals).
    ready: str | None = None

    @property
    def primary(self) -> str | None:
        """The first output resource, which Ref and DependsOn point at."""
        return self.emitted[0] if self.emitted else None


def plan_resources(t: Translator) -> None:
    """Decide, before translating any value, what each AWS resource becomes."""
    untranslated = Status.PLACEHOLDER if t.options.placeholder else Status.OMITTED
    for name, resource in t.template.resources.items():
        if isinstance(resource.raw.get("Properties"), fn.Intrinsic):
            t.gap(DYNAMIC_PROPERTIES, ("Resources", name, "Properties"), name,
                  "the whole Properties block is computed at deploy time, so it cannot be translated",
                  "write the properties out, with Fn::If on individual values")
            t.plan[name] = Planned(untranslated, maps.lookup(resource.type))
            continue
        type_map = maps.lookup(resource.type)
        if type_map is None and resource.type.startswith("Custom::"):
            type_map = maps.lookup("AWS::CloudFormation::CustomResource")
        if t.dialect.keeps_heat_aws_types and type_map is not None and type_map.native_supported \
                and _heat_accepts(t, resource):
            t.plan[name] = Planned(Status.NATIVE, type_map)
        elif resource.type.startswith("OS::"):
            t.plan[name] = Planned(Status.NATIVE, None)
        elif type_map is None or type_map.target is None:
            t.plan[name] = Planned(untranslated, type_map)
        else:
            t.plan[name] = Planned(Status.HOT, type_map)


def _conditional(value: Any) -> bool:
    """Whether an item of a list property has a field that may be absent (``Fn::If`` with ``AWS::NoValue``).

    A whole item under a condition is not such a case: Heat's CFN dialect leaves it out (reported).
    """
    items = value if isinstance(value, list) else [value]
    for item in items:
        branches = item.args[1:] if isinstance(item, fn.If) and isinstance(item.args, list) else [item]
        for branch in branches:
            fields = branch.values() if isinstance(branch, dict) else ()
            if any(isinstance(node, fn.If) and isinstance(node.args, list) and any(
                    isinstance(arm, fn.Ref) and arm.target == "AWS::NoValue" for arm in node.args[1:])
                    for field in fields for node, _ in fn.walk(field)):
                return True
    return False


def _heat_accepts(t: Translator, resource: Resource) -> bool:
    """Whether Heat's own AWS type takes this resource: its required properties and literal values.

    Heat's AWS::RDS::DBInstance runs ``MySQL`` only (spelled so): with ``Engine: postgres``
    the resource goes through its OS:: translation instead (Heat allows the mix).
    """
    if t.options.cloud_init and _needs_bootstrap(t, resource):
        return False  # Heat's own server types run cfn-init with heat-cfntools only
    schema = maps.heat_schemas().get(resource.type, {}).get("properties", {})
    properties = resource.properties if isinstance(resource.properties, dict) else {}
    type_map = maps.lookup(resource.type)
    guarded = type_map.data.get("native", {}).get("translate_when_conditional", ()) if type_map else ()
    if any(_conditional(properties.get(key)) for key in guarded):
        return False  # e.g. a rule whose source may be absent: Heat's own type would open it to all
    if any(spec.get("required") and key not in properties for key, spec in schema.items()):
        return False  # e.g. a read replica without AllocatedStorage, which Heat's own type requires
    for key, value in properties.items():
        allowed = schema.get(key, {}).get("allowed_values")
        if allowed:
            static = t.values.static(value)
            if isinstance(static, str) and static not in allowed:
                return False
    return True


_SERVER_SOURCES = ("LaunchConfigurationName", "LaunchTemplate")


def _needs_bootstrap(t: Translator, resource: Resource) -> bool:
    """A server (or group) whose cfn-init or signals only a translated bootstrap runs on a stock image."""
    type_map = maps.lookup(resource.type)
    if type_map is None or not type_map.data.get("native", {}).get("bootstrap"):
        return False
    if _has_init(resource) or _signalled(resource):
        return True
    properties = resource.properties if isinstance(resource.properties, dict) else {}
    for key in _SERVER_SOURCES:
        source = properties.get(key)
        if isinstance(source, dict):
            source = source.get("LaunchTemplateId", source.get("LaunchTemplateName"))
        target = source.target if isinstance(source, fn.Ref) else None
        if target in t.template.resources and _has_init(t.template.resources[target]):
            return True
    return False


def _has_init(resource: Resource) -> bool:
    return isinstance(resource.metadata, dict) and "AWS::CloudFormation::Init" in resource.metadata


def _signalled(resource: Resource) -> bool:
    policy = resource.creation_policy
    return isinstance(policy, dict) and "ResourceSignal" in policy
