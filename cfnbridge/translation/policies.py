"""The resource attributes beside Properties: DependsOn, Condition, the policies, Metadata.

Heat honours DependsOn, Condition, DeletionPolicy (Retain, Delete, Snapshot where the
type can) and Metadata; UpdatePolicy only on its own Auto Scaling group. Everything else
is reported at its line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge.evaluation import Evaluator, Undecided
from cfnbridge.gap_codes import CFN_INIT, CREATION_POLICY, DELETION_POLICY, UPDATE_POLICY, UPDATE_REPLACE_POLICY
from cfnbridge.intrinsics import Intrinsic
from cfnbridge.template import Resource
from cfnbridge.template_checks import POLICY_OPTIONS
from cfnbridge.translation import maps
from cfnbridge.translation.plan import Status

if TYPE_CHECKING:
    from cfnbridge.translation.engine import Translator

Path = tuple[Any, ...]

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


def _literal_policy(t: Translator, resource: Resource, path: Path) -> str | None:
    """The DeletionPolicy as Heat takes it, a literal: one a function chooses (AWS::LanguageExtensions)
    is decided with the parameter defaults, and said so; one that cannot be decided is reported."""
    policy = resource.deletion_policy
    if not isinstance(policy, Intrinsic):
        return policy
    value = Evaluator(t.template, region=t.evaluator.region).value(policy)
    if isinstance(value, str) and value in POLICY_OPTIONS["DeletionPolicy"]:
        t.gap(DELETION_POLICY, "warning", path, resource.name,
              f"the DeletionPolicy that {policy.label} chooses at deploy time became {value}, its value with the "
              "parameter defaults: Heat takes only a literal policy", "write the policy the stack needs literally")
        return value
    why = value.reason if isinstance(value, Undecided) else f"it gives {value!r}"
    t.gap(DELETION_POLICY, "error", path, resource.name,
          f"the DeletionPolicy that {policy.label} chooses cannot be known before deployment ({why}); the resource "
          "gets Heat's default, Delete", "write the policy the stack needs literally")
    return None


def _native_update_policy(t: Translator, resource: Resource) -> bool:
    """Heat's own type honours UpdatePolicy (its AWS Auto Scaling group rolls updates)."""
    planned = t.plan[resource.name]
    return (planned.status is Status.NATIVE and planned.type_map is not None
            and bool(planned.type_map.data.get("native", {}).get("update_policy")))


def resource_attributes(t: Translator, resource: Resource, body: dict[str, Any]) -> dict[str, Any]:
    """DependsOn, Condition, policies and Metadata for one output resource (neutral keys)."""
    base: Path = ("Resources", resource.name)
    planned = t.plan[resource.name]
    depends = []
    for index, target in enumerate(resource.depends_on):
        needed = t.plan.get(target)
        if needed is None or needed.status is Status.OMITTED:
            t.omitted_reference(target, (*base, "DependsOn", index) if isinstance(
                resource.raw.get("DependsOn"), list) else (*base, "DependsOn"), resource.name)
            continue
        depends.extend(needed.emitted[:1] or [target])
    if depends:
        body["depends_on"] = depends if len(depends) > 1 else depends[0]
    if resource.condition:
        body.setdefault("condition", resource.condition)  # a handler's own condition includes it
    policy = _literal_policy(t, resource, (*base, "DeletionPolicy"))
    if policy is not None:
        if policy == "RetainExceptOnCreate":
            t.gap(DELETION_POLICY, "info", (*base, "DeletionPolicy"), resource.name,
                  "RetainExceptOnCreate became Retain: Heat has no such policy", "")
            policy = "Retain"
        out_type = body.get("type")
        if policy == "Snapshot" and not maps.heat_schemas().get(out_type, {}).get("snapshot_delete"):
            t.gap(DELETION_POLICY, "warning", (*base, "DeletionPolicy"), resource.name,
                  f"Heat cannot snapshot {out_type} on delete; the policy became Retain",
                  "take a backup before deleting the stack, then delete the retained resource")
            policy = "Retain"
        body["deletion_policy"] = policy
    for attribute, code, severity, message in (
        ("UpdateReplacePolicy", UPDATE_REPLACE_POLICY, "info",
         "Heat ignores UpdateReplacePolicy: a replaced resource is deleted"),
        ("CreationPolicy", CREATION_POLICY, "warning",
         "Heat does not wait for CreationPolicy signals; use OS::Heat::WaitCondition"),
        ("UpdatePolicy", UPDATE_POLICY, "warning", "this UpdatePolicy has no Heat equivalent here"),
    ):
        if attribute in resource.raw and planned.status is not Status.PLACEHOLDER:
            if attribute == "UpdatePolicy" and (planned.update_policy_handled or _native_update_policy(t, resource)):
                continue
            t.gap(code, severity, (*base, attribute), resource.name, message, "")
    if _native_update_policy(t, resource) and isinstance(resource.update_policy, dict):
        kept = _heat_rolling_update(t, resource, (*base, "UpdatePolicy"))
        if kept:
            body["update_policy"] = kept
    if resource.metadata is not None:
        metadata = resource.metadata
        if isinstance(metadata, dict) and "AWS::CloudFormation::Init" in metadata:
            t.gap(CFN_INIT, "warning", (*base, "Metadata", "AWS::CloudFormation::Init"), resource.name,
                  "AWS::CloudFormation::Init runs only where the image has heat-cfntools and user data calls cfn-init",
                  "prefer OS::Heat::SoftwareConfig with cloud-init, or bake the setup into the image")
        body["metadata"] = t.value(metadata, (*base, "Metadata"), resource.name)
    return body
