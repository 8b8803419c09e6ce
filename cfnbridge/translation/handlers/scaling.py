"""Auto Scaling: groups, launch configurations and scaling policies as Heat autoscaling.

An ``OS::Heat::AutoScalingGroup`` repeats one resource definition. Without load
balancers that definition is the ``OS::Nova::Server`` built from the launch
configuration (or launch template) data. When the servers must join Octavia pools, the
member is a server *plus* pool members; HOT cannot inline a nested template, so the
definition becomes an ``OS::Heat::Stack`` whose ``template`` property holds the small
member template, and every value from the outer template reaches it as a parameter
(:func:`_member_stack`). It deploys as is and keeps pool membership in step with
scaling; a gap says how to turn it into a nested template file instead.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import (
    ADJUSTMENT_TYPE,
    AVAILABILITY_ZONES,
    HEALTH_CHECK,
    LAUNCH_FROM_INSTANCE,
    LAUNCH_SETTING,
    MEMBER_STACK,
    MIXED_INSTANCES,
    PUBLIC_IP,
    SCALING_POLICY,
    SIGNAL_APPROXIMATED,
    UNSUPPORTED_PROPERTY,
    UPDATE_POLICY,
    UPDATE_SETTING,
)
from cfnbridge.gap_codes import (
    LAUNCH_CONFIGURATION as MISSING_LAUNCH_CONFIGURATION,
)
from cfnbridge.translation import maps, transforms
from cfnbridge.translation.bootstrap.mounts import remount
from cfnbridge.translation.bootstrap.server import (
    MEMBER_SIGNAL,
    Signal,
    bootstrap,
    creation_signal,
    report_unused_metadata,
)
from cfnbridge.translation.emit import to_yaml
from cfnbridge.translation.handlers.compute import launch_template_data, require_image_and_flavor, server_properties
from cfnbridge.translation.handlers.load_balancers import PoolRef, first_subnet, group_pools, mentions
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

Path = tuple[Any, ...]
LAUNCH_CONFIGURATION = "AWS::AutoScaling::LaunchConfiguration"
# Launch configuration keys that are not instance properties.
_LC_ONLY = ("InstanceMonitoring", "AssociatePublicIpAddress", "SpotPrice", "PlacementTenancy", "ClassicLinkVPCId",
            "ClassicLinkVPCSecurityGroups", "InstanceId", "LaunchConfigurationName", "NovaSchedulerHints",
            "MetadataOptions")
_FUNCTIONS = frozenset({"get_param", "get_resource", "get_attr", "list_join", "str_replace", "str_split", "if",
                        "yaql", "list_concat", "list_concat_unique", "map_merge", "map_replace", "repeat",
                        "Ref", "Fn::GetAtt", "Fn::Join", "Fn::Select", "Fn::If", "Fn::Split", "Fn::Replace"})


def integer(ctx: ResourceContext, key: str) -> Any:
    ctx.consume(key)
    return transforms.apply("integer", ctx, ctx.props[key], ctx.path(key)) if key in ctx.props else MISSING


# -- the group --------------------------------------------------------------------------------
def auto_scaling_group(ctx: ResourceContext) -> None:
    server = _server(ctx)
    pools = group_pools(ctx, "TargetGroupARNs") + group_pools(ctx, "LoadBalancerNames")
    ctx.consume("TargetGroupARNs", "LoadBalancerNames")
    if ctx.static(ctx.props.get("HealthCheckType", "EC2")) == "ELB":
        ctx.gap(HEALTH_CHECK, "Heat does not replace members that fail the load balancer's health "
                "check", "add an OS::Aodh::LBMemberHealthAlarm whose stack is this group's, so Heat marks failed "
                "members unhealthy and replaces them on the next update", ctx.path("HealthCheckType"))
    ctx.consume("HealthCheckType")
    signal = creation_signal(ctx, ctx.name) if ctx.cloud_init else None
    properties: dict[str, Any] = {}
    for key, target in (("MinSize", "min_size"), ("MaxSize", "max_size"), ("DesiredCapacity", "desired_capacity"),
                        ("Cooldown", "cooldown")):
        value = integer(ctx, key)
        if value is not MISSING:
            properties[target] = value
    properties["resource"] = None  # the member, once its bootstrap resources are added
    rolling = _rolling_updates(ctx, signal is not None)
    if rolling:
        properties["rolling_updates"] = rolling
    properties.update(ctx.map_properties())
    ctx.add(ctx.name, "OS::Heat::AutoScalingGroup", properties)
    lc = ctx.referenced_resource(ctx.props.get("LaunchConfigurationName"))
    remount(ctx, server, ("Resources", lc, "Properties", "UserData") if lc else ctx.path("LaunchTemplate"))
    if ctx.cloud_init:
        _member_bootstrap(ctx, server, signal)
    properties["resource"] = (_member_stack(ctx, server, pools, signal) if pools or signal
                              else {"type": "OS::Nova::Server", "properties": server})
    if "UpdatePolicy" in ctx.resource.raw:
        ctx.update_policy_handled()  # became rolling_updates


def _server(ctx: ResourceContext) -> dict[str, Any]:
    """The member server: launch configuration or template data, the group's subnet, zone and tags."""
    ctx.consume("LaunchConfigurationName", "LaunchTemplate", "MixedInstancesPolicy")
    server: dict[str, Any] = {}
    lc = ctx.referenced_resource(ctx.props.get("LaunchConfigurationName"))
    if lc and ctx.template.resources[lc].type == LAUNCH_CONFIGURATION:
        server = _launch_configuration(ctx, lc)
    elif "LaunchConfigurationName" in ctx.props:
        ctx.gap(MISSING_LAUNCH_CONFIGURATION, "the launch configuration is not defined in this template, so "
                "the servers cannot be described", "define it here", ctx.path("LaunchConfigurationName"))
    spec, path = ctx.props.get("LaunchTemplate"), ctx.path("LaunchTemplate")
    mixed = ctx.props.get("MixedInstancesPolicy")
    if spec is None and isinstance(mixed, dict) and isinstance(mixed.get("LaunchTemplate"), dict):
        spec = mixed["LaunchTemplate"].get("LaunchTemplateSpecification")
        path = ctx.path("MixedInstancesPolicy", "LaunchTemplate", "LaunchTemplateSpecification")
        ctx.gap(MIXED_INSTANCES, "a scaling group has one flavor on OpenStack: the launch template's "
                "instance type is used; overrides and the on-demand/spot split were dropped", "",
                ctx.path("MixedInstancesPolicy"))
    if spec is not None:
        found = launch_template_data(ctx, spec, path)
        if found is not None:
            server.update(server_properties(ctx, *found))
    require_image_and_flavor(ctx, server)
    subnet = first_subnet(ctx, "VPCZoneIdentifier", "every server of the group",
                          "list the subnets' zones in one subnet per group, or accept one subnet")
    if subnet is not MISSING:
        server["networks"] = [{"subnet": subnet}]
    _zone(ctx, server)
    metadata = dict(server.get("metadata") or {}) if isinstance(server.get("metadata"), dict | None) else None
    ctx.consume("Tags")
    if "Tags" in ctx.props and metadata is not None:
        metadata.update(transforms.tags_to_map(ctx, ctx.props["Tags"], ctx.path("Tags")))
    if _watched_by_alarm(ctx) and metadata is not None:
        metadata["metering.server_group"] = server_group(ctx, ctx.name)
    if metadata:
        server["metadata"] = metadata
    return server


def _launch_configuration(ctx: ResourceContext, lc: str) -> dict[str, Any]:
    props = ctx.template.resources[lc].properties
    props = props if isinstance(props, dict) else {}
    base: Path = ("Resources", lc, "Properties")
    server = server_properties(ctx, {k: v for k, v in props.items() if k not in _LC_ONLY}, base)
    hints = props.get("NovaSchedulerHints")
    if isinstance(hints, list):
        server["scheduler_hints"] = {h["Key"]: ctx.value_at(h.get("Value"), (*base, "NovaSchedulerHints", i, "Value"))
                                     for i, h in enumerate(hints) if isinstance(h, dict) and "Key" in h}
    if ctx.static(props.get("AssociatePublicIpAddress")) is True:
        ctx.gap(PUBLIC_IP, "servers of a scaling group get no floating IP on OpenStack",
                "reach them through a load balancer, or add a floating IP to a member template",
                (*base, "AssociatePublicIpAddress"))
    messages = {"InstanceMonitoring": (LAUNCH_SETTING, "detailed monitoring has no Nova switch; dropped"),
                "SpotPrice": (UNSUPPORTED_PROPERTY, "spot instances have no Nova equivalent; servers are on-demand"),
                "PlacementTenancy": (UNSUPPORTED_PROPERTY, "dedicated tenancy has no Nova equivalent; dropped"),
                "ClassicLinkVPCId": (LAUNCH_SETTING, "ClassicLink has no OpenStack meaning; dropped"),
                "ClassicLinkVPCSecurityGroups": (LAUNCH_SETTING, "ClassicLink has no OpenStack meaning; dropped"),
                "InstanceId": (LAUNCH_FROM_INSTANCE, "a launch configuration cannot copy a running instance on "
                               "OpenStack"),
                "LaunchConfigurationName": (LAUNCH_SETTING, "the launch configuration has no name of its own; dropped"),
                "MetadataOptions": (UNSUPPORTED_PROPERTY, "the instance metadata service options (IMDSv2: tokens "
                                    "required) have no Nova setting; the metadata service answers without a token")}
    for key, (code, message) in messages.items():
        if key in props:
            ctx.gap(code, message, "", (*base, key))
    return server


def _zone(ctx: ResourceContext, server: dict[str, Any]) -> None:
    ctx.consume("AvailabilityZones")
    if "AvailabilityZones" not in ctx.props:
        return
    zones = ctx.value(ctx.props["AvailabilityZones"], "AvailabilityZones")
    if isinstance(zones, list) and len(zones) == 1:
        server.setdefault("availability_zone", zones[0])
        return
    ctx.gap(AVAILABILITY_ZONES, "a Heat scaling group does not spread its servers over zones: Nova "
            "places them", "pin a zone in the server definition (availability_zone) if it matters",
            ctx.path("AvailabilityZones"))


_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$")


def _member_bootstrap(ctx: ResourceContext, server: dict[str, Any], signal: Signal | None) -> None:
    """The launch configuration's cfn-init and the members' signals, for a stock image."""
    lc = ctx.referenced_resource(ctx.props.get("LaunchConfigurationName"))
    source = ("Resources", lc, "Properties", "UserData") if lc else ctx.path("LaunchTemplate")
    called, signalled = bootstrap(ctx, server, source, {ctx.name: MEMBER_SIGNAL} if signal else {},
                                  lc or ctx.referenced_resource(_template_id(ctx)) or ctx.name)
    if lc:
        report_unused_metadata(ctx, lc, lc in called)
    if signal is None:
        return
    ctx.complete_when(ctx.name)  # the group completes when every member has signalled
    creation = ctx.resource.creation_policy
    extra = creation.get("AutoScalingCreationPolicy") if isinstance(creation, dict) else None
    if isinstance(extra, dict) and "MinSuccessfulInstancesPercent" in extra:
        ctx.gap(SIGNAL_APPROXIMATED, "Heat waits for every member's signal: a share of successful "
                "members (MinSuccessfulInstancesPercent) is not enough", "",
                ("Resources", ctx.name, "CreationPolicy", "AutoScalingCreationPolicy", "MinSuccessfulInstancesPercent"))
    if ctx.name not in signalled:
        ctx.gap(SIGNAL_APPROXIMATED, "the group waits for a signal from each member, but the members' "
                "user data has no cfn-signal call for it; each member's wait condition times out", "", signal.path)


def _template_id(ctx: ResourceContext) -> Any:
    spec = ctx.props.get("LaunchTemplate")
    return spec.get("LaunchTemplateId", spec.get("LaunchTemplateName")) if isinstance(spec, dict) else None


def _rolling_updates(ctx: ResourceContext, signalled: bool = False) -> dict[str, Any]:
    """UpdatePolicy's AutoScalingRollingUpdate as rolling_updates; the rest is reported here."""
    policy = ctx.resource.raw.get("UpdatePolicy")
    base: Path = ("Resources", ctx.name, "UpdatePolicy")
    if not isinstance(policy, dict):
        return {}
    out: dict[str, Any] = {}
    for key, value in policy.items():
        if key == "AutoScalingRollingUpdate" and isinstance(value, dict):
            for aws, heat in (("MaxBatchSize", "max_batch_size"), ("MinInstancesInService", "min_in_service")):
                if aws in value:
                    out[heat] = transforms.apply("integer", ctx, value[aws], (*base, key, aws))
            pause = ctx.static(value.get("PauseTime", "PT0S"))
            match = _DURATION.match(pause) if isinstance(pause, str) else None
            if match:
                hours, minutes, seconds = (int(g or 0) for g in match.groups())
                out["pause_time"] = hours * 3600 + minutes * 60 + seconds
            else:
                ctx.gap(UPDATE_POLICY, "PauseTime is not a literal ISO 8601 duration; no pause was set",
                        "write it as PT#H#M#S", (*base, key, "PauseTime"))
            for extra in sorted(set(value) - {"MaxBatchSize", "MinInstancesInService", "PauseTime"}):
                if extra == "WaitOnResourceSignals" and signalled:
                    continue  # each new member waits for its own signal (its member stack's wait condition)
                ctx.gap(UPDATE_POLICY if extra == "WaitOnResourceSignals" else UPDATE_SETTING,
                        f"rolling update setting {extra!r} has no Heat equivalent; dropped",
                        "Heat replaces members batch by batch without waiting for signals", (*base, key, extra))
        elif key == "AutoScalingReplacingUpdate":
            ctx.gap(UPDATE_POLICY, "Heat updates a group in place (rolling), never by replacing the "
                    "whole group", "", (*base, key))
        else:
            ctx.gap(UPDATE_SETTING, f"{key} has no Heat equivalent; dropped", "", (*base, key))
    return out


def _watched_by_alarm(ctx: ResourceContext) -> bool:
    return any(r.type == "AWS::CloudWatch::Alarm" and isinstance(r.properties, dict)
               and mentions(r.properties.get("Dimensions"), ctx.name) for r in ctx.template.resources.values())


def server_group(ctx: ResourceContext, group: str) -> Any:
    """The metering tag shared by a group's servers, which Gnocchi alarms select them by."""
    return ctx.dialect.join("-", [ctx.dialect.stack_id(),
                                  group])


# -- servers that join load balancer pools ----------------------------------------------------
def _member_stack(ctx: ResourceContext, server: dict[str, Any], pools: list[PoolRef],
                  signal: Signal | None) -> dict[str, Any]:
    """Server plus pool members (and its own wait condition) as an inline stack; outer values become
    its parameters."""
    parameters: dict[str, Any] = {}
    values: dict[str, Any] = {}
    schema = maps.heat_schemas()["OS::Nova::Server"]["properties"]
    resources: dict[str, Any] = {"server": {"type": "OS::Nova::Server",
                                            "properties": _lift(server, (), schema, parameters, values)}}
    if signal is not None:
        resources.update(_member_signal(resources["server"]["properties"], signal))
    address = {"yaql": {"expression": "coalesce($.data, {}).values().flatten().first(null)",
                        "data": {"get_attr": ["server", "networks"]}}}
    for number, pool in enumerate(pools, start=1):
        port = transforms.apply("integer", ctx, pool.port, pool.port_path) if pool.port is not None else 80
        member = {"pool": ctx.dialect.get_resource(pool.pool), "protocol_port": port}
        if pool.monitor_port is not None:
            member["monitor_port"] = pool.monitor_port
        networks = server.get("networks")
        if isinstance(networks, list) and networks and isinstance(networks[0], dict) and "subnet" in networks[0]:
            member["subnet"] = networks[0]["subnet"]  # the server's subnet, which may not be the VIP's
        lifted = _lift(member, (f"member{number}",), {"protocol_port": {"type": "Integer"}}, parameters, values)
        resources[f"member{number}"] = {"type": "OS::Octavia::PoolMember",
                                        "properties": {**lifted, "address": address}}
    ctx.gap(MEMBER_STACK, "each server joins the group through a small stack: the group's member is an "
            "OS::Heat::Stack holding a server and its pool members or wait condition (HOT cannot inline a nested "
            "template)",
            "to use a nested template file instead, save the 'template' text as member.yaml and set the group's "
            "resource to {type: member.yaml, properties: <the same parameters>}", ctx.path())
    nested = {"heat_template_version": "2021-04-16", "parameters": parameters, "resources": resources,
              "outputs": {"address": {"value": address}}}
    return {"type": "OS::Heat::Stack", "properties": {"template": to_yaml(nested), "parameters": values}}


def _member_signal(server: dict[str, Any], signal: Signal) -> dict[str, Any]:
    """A member's own handle and wait condition; its script's signal placeholder becomes the handle's curl."""
    if "user_data" in server:
        server["user_data"] = {"str_replace": {"template": server["user_data"],
                                               "params": {MEMBER_SIGNAL: {"get_attr": ["handle", "curl_cli"]}}}}
    return {"handle": {"type": "OS::Heat::WaitConditionHandle"},
            "signals": {"type": "OS::Heat::WaitCondition", "depends_on": "server",
                        "properties": {"handle": {"get_resource": "handle"}, "count": 1,
                                       "timeout": signal.timeout}}}


def _lift(value: Any, path: Path, schema: dict[str, Any] | None, parameters: dict[str, Any],
          values: dict[str, Any]) -> Any:
    """Replace every function call with a parameter of the member template, typed by Heat's schema."""
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in _FUNCTIONS:
        name = re.sub(r"[^A-Za-z0-9_]+", "_", "_".join(str(step) for step in path)) or "value"
        kind = (schema or {}).get("type", "String")
        parameters[name] = {"type": {"List": "comma_delimited_list", "Map": "json", "Integer": "number",
                                     "Number": "number", "Boolean": "boolean"}.get(kind, "string")}
        values[name] = value
        return {"get_param": name}
    if isinstance(value, dict):
        table = (schema or {}).get("schema") if "type" in (schema or {}) else schema
        return {k: _lift(v, (*path, k), (table or {}).get(k), parameters, values) for k, v in value.items()}
    if isinstance(value, list):
        item = ((schema or {}).get("schema") or {}).get("*")
        return [_lift(v, (*path, i), item, parameters, values) for i, v in enumerate(value)]
    return value


# -- scaling policies ---------------------------------------------------------------------------
ADJUSTMENTS = {"ChangeInCapacity": "change_in_capacity", "ExactCapacity": "exact_capacity",
               "PercentChangeInCapacity": "percent_change_in_capacity"}


def scaling_policy(ctx: ResourceContext) -> None:
    ctx.consume("PolicyType", "AdjustmentType", "StepAdjustments", "TargetTrackingConfiguration",
                "PredictiveScalingConfiguration")
    kind = ctx.static(ctx.props.get("PolicyType", "SimpleScaling"))
    adjustment = ctx.static(ctx.props.get("AdjustmentType", "ChangeInCapacity"))
    adjustment = adjustment if isinstance(adjustment, str) else str(adjustment)  # a list or a map is no type
    properties: dict[str, Any] = {"auto_scaling_group_id": ctx.prop("AutoScalingGroupName"),
                                  "adjustment_type": ADJUSTMENTS.get(adjustment, "change_in_capacity")}
    if adjustment not in ADJUSTMENTS:
        ctx.gap(ADJUSTMENT_TYPE, f"adjustment type {adjustment!r} is not known here; "
                "change_in_capacity was used", "use a literal ChangeInCapacity, ExactCapacity or "
                "PercentChangeInCapacity", ctx.path("AdjustmentType"))
    step = integer(ctx, "ScalingAdjustment")
    if kind == "StepScaling":
        step = _step_adjustment(ctx)
    elif kind in ("TargetTrackingScaling", "PredictiveScaling"):
        key = "TargetTrackingConfiguration" if kind == "TargetTrackingScaling" else "PredictiveScalingConfiguration"
        ctx.gap(SCALING_POLICY, f"{kind} has no Heat equivalent: Heat scales only by fixed steps when an "
                "alarm signals it; this policy adds one server when signalled, and nothing signals it",
                "write two OS::Heat::ScalingPolicy resources (+1/-1) and two Aodh alarms around the target value "
                "(e.g. cpu above and below it)", ctx.path(key) if key in ctx.props else ctx.path())
        step = 1
    properties["scaling_adjustment"] = 1 if step is MISSING else step
    for key in ("Cooldown", "MinAdjustmentStep", "MinAdjustmentMagnitude"):
        value = integer(ctx, key)
        if value is not MISSING:
            properties["cooldown" if key == "Cooldown" else "min_adjustment_step"] = value
    properties.update(ctx.map_properties())
    ctx.add(ctx.name, "OS::Heat::ScalingPolicy", properties)


def _step_adjustment(ctx: ResourceContext) -> Any:
    """Step scaling approximated by one step: the one that applies just past the alarm threshold."""
    steps = ctx.static(ctx.props.get("StepAdjustments"))
    if not isinstance(steps, list) or not steps or not all(isinstance(s, dict) for s in steps):
        ctx.gap(SCALING_POLICY, "the step adjustments could not be read; the policy adds one server",
                "write StepAdjustments literally", ctx.path("StepAdjustments"))
        return 1
    first = min(steps, key=lambda s: abs(float(s.get("MetricIntervalLowerBound", s.get(
        "MetricIntervalUpperBound", 0)) or 0)))
    if len(steps) > 1:
        ctx.gap(SCALING_POLICY, f"Heat scales by one fixed step; of {len(steps)} steps the one "
                f"nearest the threshold ({first.get('ScalingAdjustment')}) was kept",
                "add further Aodh alarms at the other thresholds, each with its own ScalingPolicy",
                ctx.path("StepAdjustments"))
    return transforms.apply("integer", ctx, first.get("ScalingAdjustment", 1), ctx.path("StepAdjustments"))
