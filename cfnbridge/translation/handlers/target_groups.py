"""ELBv2 target groups: an Octavia pool with its health monitor and members.

A target group belongs to the load balancers whose listeners forward to it; its pool is
made on the first of them, and its targets become members by address.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import (
    DYNAMIC_STRUCTURE,
    LB_ATTRIBUTES,
    LB_HEALTH_CHECK,
    LB_HEALTH_DEFAULT,
    LB_PROTOCOL,
    LB_PROTOCOL_LOST,
    LB_SHARED_POOL,
    LB_TARGET_TYPE,
    LB_TARGET_ZONE,
    LB_UNATTACHED_POOL,
)
from cfnbridge.translation.handlers.load_balancers import (
    MONITOR_TYPES,
    POOL_PROTOCOLS,
    _owning_load_balancers,
    as_int,
    instance_address,
    member,
    monitor,
    upper,
)

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

Path = tuple[Any, ...]
ELBV2 = "AWS::ElasticLoadBalancingV2::"

def elbv2_target_group(ctx: ResourceContext) -> None:
    protocol = upper(ctx, ctx.props.get("Protocol"), "HTTP")
    target_type = upper(ctx, ctx.props.get("TargetType"), "instance")
    ctx.consume("Protocol", "TargetType")
    if target_type in ("LAMBDA", "ALB"):
        ctx.gap(LB_TARGET_TYPE, f"{target_type.lower()} targets have no Octavia equivalent",
                "put the function behind a server, or chain the load balancers by IP", ctx.path("TargetType"))
    pool_protocol, reencrypt = POOL_PROTOCOLS.get(protocol or "", (None, False))
    if pool_protocol is None:
        ctx.gap(LB_PROTOCOL_LOST if protocol else LB_PROTOCOL,
                f"target protocol {protocol or '(chosen at deploy time)'} has no Octavia pool protocol; HTTP was used",
                "use HTTP, HTTPS, TCP or UDP", ctx.path("Protocol"))
        pool_protocol = "HTTP"
    if protocol == "TCP_UDP":
        ctx.gap(LB_PROTOCOL, "an Octavia pool carries TCP or UDP, not both; TCP was used",
                "add a UDP listener and pool for the UDP traffic", ctx.path("Protocol"))
    properties: dict[str, Any] = {"lb_algorithm": "ROUND_ROBIN", "protocol": pool_protocol}
    if reencrypt:
        properties["tls_enabled"] = True
    owners = _owning_load_balancers(ctx)
    if not owners:
        ctx.gap(LB_UNATTACHED_POOL, "no listener in this template forwards to this target group, "
                f"but an Octavia pool belongs to a load balancer: it became the parameter '{ctx.name}LoadBalancer'",
                "pass the Octavia load balancer the pool belongs to")
        owners = [ctx.parameter(f"{ctx.name}LoadBalancer", {"type": "string", "description": "Octavia load balancer"})]
    elif len(owners) > 1:
        ctx.gap(LB_SHARED_POOL, "an Octavia pool belongs to one load balancer; this target group is "
                "used by several, and only the first one got it", "copy the target group once per load balancer")
    properties["loadbalancer"] = owners[0]
    properties.update(_target_group_attributes(ctx))
    properties.update(ctx.map_properties())
    pool = ctx.add(ctx.name, "OS::Octavia::Pool", properties)
    _target_group_monitor(ctx, pool, protocol)
    _targets(ctx, pool, target_type)


def _target_group_attributes(ctx: ResourceContext) -> dict[str, Any]:
    ctx.consume("TargetGroupAttributes")
    raw = ctx.props.get("TargetGroupAttributes")
    static = ctx.static(raw) if raw is not None else []
    if not isinstance(static, list):
        ctx.gap(DYNAMIC_STRUCTURE, "target group attributes computed at deploy time were dropped",
                "write them out literally", ctx.path("TargetGroupAttributes"))
        return {}
    table = {str(a.get("Key")): a.get("Value") for a in static if isinstance(a, dict)}
    out: dict[str, Any] = {}
    if str(table.pop("stickiness.enabled", "false")).lower() == "true":
        kind = table.pop("stickiness.type", "lb_cookie")
        cookie = table.pop("stickiness.app_cookie.cookie_name", None)
        out["session_persistence"] = {"type": "APP_COOKIE", "cookie_name": cookie} if kind == "app_cookie" and \
            cookie else {"type": "SOURCE_IP" if kind == "source_ip" else "HTTP_COOKIE"}
    if table.pop("load_balancing.algorithm.type", "round_robin") == "least_outstanding_requests":
        out["lb_algorithm"] = "LEAST_CONNECTIONS"
    table.pop("stickiness.type", None)
    if table:
        ctx.gap(LB_ATTRIBUTES, f"target group attributes {', '.join(sorted(table))} have no Heat "
                "property on Octavia; dropped", "", ctx.path("TargetGroupAttributes"))
    return out


def _target_group_monitor(ctx: ResourceContext, pool: str, protocol: str | None) -> None:
    keys = ("HealthCheckEnabled", "HealthCheckProtocol", "HealthCheckPath", "HealthCheckPort",
            "HealthCheckIntervalSeconds", "HealthCheckTimeoutSeconds", "HealthyThresholdCount",
            "UnhealthyThresholdCount", "Matcher")
    ctx.consume(*keys)
    if str(ctx.static(ctx.props.get("HealthCheckEnabled", True))).lower() == "false":
        return
    kind = upper(ctx, ctx.props.get("HealthCheckProtocol"), protocol or "HTTP")
    tcp = kind not in ("HTTP", "HTTPS")
    settings = {"delay": ctx.prop("HealthCheckIntervalSeconds") if "HealthCheckIntervalSeconds" in ctx.props else 30,
                "timeout": ctx.prop("HealthCheckTimeoutSeconds") if "HealthCheckTimeoutSeconds" in ctx.props
                else (10 if tcp else 5),
                "max_retries": ctx.prop("HealthyThresholdCount") if "HealthyThresholdCount" in ctx.props else 5,
                "url_path": ctx.prop("HealthCheckPath")}
    matcher = ctx.props.get("Matcher")
    if isinstance(matcher, dict) and "HttpCode" in matcher:
        settings["expected_codes"] = ctx.value(matcher["HttpCode"], "Matcher", "HttpCode")
    elif matcher is not None:
        ctx.gap(LB_HEALTH_CHECK, "gRPC status matchers have no Octavia equivalent; dropped", "",
                ctx.path("Matcher"))
    if "UnhealthyThresholdCount" in ctx.props:
        ctx.gap(LB_HEALTH_DEFAULT, "the unhealthy threshold is Octavia's max_retries_down, which Heat does "
                "not expose; Octavia's default (3) applies", "", ctx.path("UnhealthyThresholdCount"))
    port = ctx.props.get("HealthCheckPort")
    if port is not None and as_int(ctx.static(port)) is None and ctx.static(port) != "traffic-port":
        ctx.gap(LB_HEALTH_CHECK, "the health check port is chosen at deploy time; members are checked "
                "on their traffic port", "make HealthCheckPort a literal", ctx.path("HealthCheckPort"))
    monitor(ctx, f"{pool}Monitor", pool, MONITOR_TYPES.get(kind or ""), settings)


def _targets(ctx: ResourceContext, pool: str, target_type: str | None) -> None:
    ctx.consume("Targets", "Port")
    raw = ctx.props.get("Targets")
    if raw is None:
        return
    if not isinstance(raw, list):
        ctx.gap(DYNAMIC_STRUCTURE, "targets computed at deploy time were dropped",
                "list the targets literally", ctx.path("Targets"))
        return
    monitor_port = as_int(ctx.static(ctx.props.get("HealthCheckPort")))
    for index, target in enumerate(raw):
        if not isinstance(target, dict) or "Id" not in target:
            continue
        path = ctx.path("Targets", index, "Id")
        address = instance_address(ctx, target["Id"], path, index + 1, by_ip=target_type == "IP")
        port = ctx.value(target["Port"], "Targets", index, "Port") if "Port" in target else ctx.prop("Port")
        if "AvailabilityZone" in target:
            ctx.gap(LB_TARGET_ZONE, "a member's zone follows its address on OpenStack; dropped", "",
                    ctx.path("Targets", index, "AvailabilityZone"))
        member(ctx, f"{pool}Member{index + 1}", pool, address, port, monitor_port, target=target["Id"])
