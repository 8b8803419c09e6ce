"""The resource attributes beside Properties: DependsOn, Condition, the policies, Metadata.

Heat honours DependsOn, Condition, DeletionPolicy (Retain, Delete, Snapshot where the
type can) and Metadata; UpdatePolicy only on its own Auto Scaling group. Everything else
is reported at its line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge import references
from cfnbridge.evaluation import Evaluator, Undecided
from cfnbridge.gap_codes import (
    CFN_INIT,
    CREATION_POLICY,
    DELETION_POLICY,
    DELETION_POLICY_CHOSEN,
    DELETION_POLICY_UNKNOWN,
    DEPENDS_ON_DROPPED,
    SNAPSHOT_POLICY,
    UPDATE_POLICY,
    UPDATE_REPLACE_POLICY,
)
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
            t.gap(UPDATE_POLICY, (*path, key), resource.name,
                  f"Heat's Auto Scaling group does not know the update policy {key!r}; it was removed", "")
            continue
        rolling = {}
        for name, setting in value.items():
            if name in _HEAT_ROLLING_UPDATE:
                rolling[name] = t.value(setting, (*path, key, name), resource.name)
            else:
                t.gap(UPDATE_POLICY, (*path, key, name), resource.name,
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
        t.gap(DELETION_POLICY_CHOSEN, path, resource.name,
              f"the DeletionPolicy that {policy.label} chooses at deploy time became {value}, its value with the "
              "parameter defaults: Heat takes only a literal policy", "write the policy the stack needs literally")
        return value
    why = value.reason if isinstance(value, Undecided) else f"it gives {value!r}"
    t.gap(DELETION_POLICY_UNKNOWN, path, resource.name,
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
            listed = isinstance(resource.raw.get("DependsOn"), list)
            where = (*base, "DependsOn", index) if listed else (*base, "DependsOn")
            t.gap(DEPENDS_ON_DROPPED, where, resource.name,
                  f"the dependency on {target} was dropped: it has no OpenStack resource", "")
            continue
        depends.extend([needed.ready] if needed.ready else needed.emitted[:1] or [target])
    for target in _signalled_references(t, resource):
        if target not in depends:
            depends.append(target)
    if depends:
        body["depends_on"] = depends if len(depends) > 1 else depends[0]
    if resource.condition:
        body.setdefault("condition", resource.condition)  # a handler's own condition includes it
    if "condition" in body and body["condition"] is None:
        del body["condition"]  # the handler decided it exists whatever the source's condition
    policy = _literal_policy(t, resource, (*base, "DeletionPolicy"))
    if policy is not None:
        if policy == "RetainExceptOnCreate":
            t.gap(DELETION_POLICY, (*base, "DeletionPolicy"), resource.name,
                  "RetainExceptOnCreate became Retain: Heat has no such policy", "")
            policy = "Retain"
        out_type = body.get("type")
        if policy == "Snapshot" and not maps.heat_schemas().get(out_type, {}).get("snapshot_delete"):
            t.gap(SNAPSHOT_POLICY, (*base, "DeletionPolicy"), resource.name,
                  f"Heat cannot snapshot {out_type} on delete; the policy became Retain",
                  "take a backup before deleting the stack, then delete the retained resource")
            policy = "Retain"
        body["deletion_policy"] = policy
    for attribute, code, message in (
        ("UpdateReplacePolicy", UPDATE_REPLACE_POLICY,
         "Heat ignores UpdateReplacePolicy: a replaced resource is deleted"),
        ("CreationPolicy", CREATION_POLICY,
         "Heat does not wait for CreationPolicy signals; use OS::Heat::WaitCondition"),
        ("UpdatePolicy", UPDATE_POLICY, "this UpdatePolicy has no Heat equivalent here"),
    ):
        if attribute == "CreationPolicy" and planned.ready:
            continue  # became a wait condition
        if attribute in resource.raw and planned.status is not Status.PLACEHOLDER:
            if attribute == "UpdatePolicy" and (planned.update_policy_handled or _native_update_policy(t, resource)):
                continue
            if attribute == "UpdateReplacePolicy" and resource.raw[attribute] == "Delete":
                continue  # what Heat does anyway
            t.gap(code, (*base, attribute), resource.name, message, "")
    if _native_update_policy(t, resource) and isinstance(resource.update_policy, dict):
        kept = _heat_rolling_update(t, resource, (*base, "UpdatePolicy"))
        if kept:
            body["update_policy"] = kept
    if resource.metadata is not None:
        metadata = resource.metadata
        if isinstance(metadata, dict) and resource.name in t.bootstrapped:  # now a cloud-init program
            metadata = {k: v for k, v in metadata.items() if k != "AWS::CloudFormation::Init"}
        if isinstance(metadata, dict) and "AWS::CloudFormation::Init" in metadata:
            t.gap(CFN_INIT, (*base, "Metadata", "AWS::CloudFormation::Init"), resource.name,
                  "AWS::CloudFormation::Init runs only where the image has heat-cfntools and user data calls cfn-init",
                  "for stock images translate with --bootstrap cloud-init (cfn-init becomes a program cloud-init "
                  "runs), or bake the setup into the image")
        if metadata:
            body["metadata"] = t.value(metadata, (*base, "Metadata"), resource.name)
    return body


def _signalled_references(t: Translator, resource: Resource) -> list[str]:
    """Wait conditions of the resources this one refers to: on AWS it waits for their signals too."""
    ready = t.waited_for  # few or none: no walk at all for templates without signals
    if not ready or not isinstance(resource.raw, dict):
        return []
    targets = {reference.target for reference in references.in_value(
        resource.raw.get("Properties"), ("Resources", resource.name), ("Resources", resource.name))}
    return [t.plan[name].ready for name in ready if name in targets and name != resource.name]
