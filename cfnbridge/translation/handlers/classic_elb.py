"""Classic ELB as Octavia: one listener, pool and health monitor per AWS listener.

A classic ELB keeps listeners, instances and one health check together; Octavia needs a
pool per listener (a member port belongs to a pool), each with its own monitor and
members. Pool names come from :func:`load_balancers.classic_pools`, which the Auto
Scaling handler also uses to add its servers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import (
    DYNAMIC_STRUCTURE,
    LB_HEALTH_CHECK,
    LB_HEALTH_DEFAULT,
    LB_POLICY,
    LB_PROTOCOL,
    LB_STICKINESS,
    LB_SUBNETS,
    UNREADABLE_STRUCTURE,
    UNSUPPORTED_PROPERTY,
)
from cfnbridge.translation.handlers.load_balancers import (
    LISTENER_PROTOCOLS,
    MONITOR_TYPES,
    POOL_PROTOCOLS,
    Path,
    PoolRef,
    classic_pools,
    first_subnet,
    instance_address,
    integer,
    member,
    monitor,
    public_address,
    tls_container,
    upper,
)
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext


def classic_load_balancer(ctx: ResourceContext) -> None:
    vip_subnet = first_subnet(ctx, "Subnets", "the load balancer's VIP")
    if vip_subnet is MISSING:
        ctx.gap(LB_SUBNETS, "no subnet given (EC2-Classic or default VPC); the VIP subnet became the "
                "parameter 'VipSubnet'", "pass the subnet the load balancer should listen on")
        vip_subnet = ctx.parameter("VipSubnet", {"type": "string", "description": "subnet for load balancer VIPs"})
    ctx.consume("Listeners", "Instances", "HealthCheck", "LBCookieStickinessPolicy", "AppCookieStickinessPolicy")
    lb = ctx.add(ctx.name, "OS::Octavia::LoadBalancer", {"vip_subnet": vip_subnet, **ctx.map_properties()})
    public_address(ctx, lb)
    listeners = ctx.props.get("Listeners")
    if not isinstance(listeners, list):
        ctx.gap(UNREADABLE_STRUCTURE, "listeners computed at deploy time could not be translated",
                "list the listeners literally", ctx.path("Listeners"))
        return
    pools = {ref.port_path[4]: ref for ref in classic_pools(ctx.template, ctx.name)}
    for index, listener in enumerate(listeners):
        if index in pools:
            _classic_listener(ctx, lb, index, listener, pools[index])


def _classic_listener(ctx: ResourceContext, lb: str, index: int, listener: dict[str, Any], ref: PoolRef) -> None:
    path = ("Listeners", index)
    suffix = ref.pool[len(ctx.name) + 4:]
    protocol = upper(ctx, listener.get("Protocol"), "HTTP")
    backend = upper(ctx, listener.get("InstanceProtocol"), "HTTP" if protocol in ("HTTP", "HTTPS") else "TCP")
    octavia = LISTENER_PROTOCOLS.get(protocol or "", "HTTP")
    pool_protocol, reencrypt = POOL_PROTOCOLS.get(backend or "", ("HTTP", False))
    if protocol == "SSL":
        ctx.gap(LB_PROTOCOL, "Octavia terminates TLS only for HTTP; this SSL listener became a TCP "
                "listener that passes TLS through to the instances", "serve TLS on the instances, or use HTTPS",
                ctx.path(*path, "Protocol"))
    name = f"{ctx.name}Listener{suffix}"
    properties: dict[str, Any] = {"loadbalancer": ctx.dialect.get_resource(lb), "protocol": octavia,
                                  "protocol_port": integer(ctx, listener.get("LoadBalancerPort"), *path,
                                                           "LoadBalancerPort")}
    if octavia == "TERMINATED_HTTPS":
        properties["default_tls_container_ref"] = tls_container(ctx, name, ctx.path(*path, "SSLCertificateId"))
    properties["default_pool"] = ctx.dialect.get_resource(ref.pool)
    for key in listener:
        if key not in ("Protocol", "InstanceProtocol", "LoadBalancerPort", "InstancePort", "SSLCertificateId",
                       "PolicyNames"):
            ctx.gap(UNSUPPORTED_PROPERTY, f"listener property {key!r} has no Octavia mapping; dropped",
                    "", ctx.path(*path, key))
    pool: dict[str, Any] = {"loadbalancer": ctx.dialect.get_resource(lb), "lb_algorithm": "ROUND_ROBIN",
                            "protocol": pool_protocol}
    if reencrypt:
        pool["tls_enabled"] = True
    persistence = _stickiness(ctx, listener.get("PolicyNames"), path)
    if persistence:
        pool["session_persistence"] = persistence
    ctx.add(ref.pool, "OS::Octavia::Pool", pool)
    ctx.add(name, "OS::Octavia::Listener", properties)
    _classic_monitor(ctx, ref.pool, suffix)
    instances = ctx.props.get("Instances")
    if isinstance(instances, list):
        port = integer(ctx, ref.port, *path, "InstancePort")
        for number, instance in enumerate(instances, start=1):
            address = instance_address(ctx, instance, ctx.path("Instances", number - 1), number)
            member(ctx, f"{ref.pool}Member{number}", ref.pool, address, port, ref.monitor_port, target=instance)
    elif instances is not None:
        ctx.gap(DYNAMIC_STRUCTURE, "instances computed at deploy time were dropped",
                "list the instances literally", ctx.path("Instances"))


def _stickiness(ctx: ResourceContext, names: Any, path: Path) -> dict[str, Any] | None:
    """A listener's PolicyNames naming an LB/App cookie stickiness policy -> session_persistence."""
    wanted = ctx.static(names) if names is not None else []
    if not isinstance(wanted, list):
        return None
    for key, kind in (("LBCookieStickinessPolicy", "HTTP_COOKIE"), ("AppCookieStickinessPolicy", "APP_COOKIE")):
        policies = ctx.static(ctx.props.get(key, []))
        for policy in policies if isinstance(policies, list) else []:
            if isinstance(policy, dict) and policy.get("PolicyName") in wanted:
                if "CookieExpirationPeriod" in policy:
                    ctx.gap(LB_STICKINESS, "Octavia's HTTP cookie has no expiration period; dropped", "",
                            ctx.path(key))
                if kind == "APP_COOKIE":
                    return {"type": kind, "cookie_name": policy.get("CookieName")}
                return {"type": kind}
    if wanted:
        ctx.gap(LB_POLICY, "listener policies other than cookie stickiness are not translated", "",
                ctx.path(*path, "PolicyNames"))
    return None


_TARGET = re.compile(r"^(?P<kind>[A-Za-z]+):(?P<port>\d+)(?P<path>/.*)?$")


def _classic_monitor(ctx: ResourceContext, pool: str, suffix: str) -> None:
    check = ctx.props.get("HealthCheck")
    if not isinstance(check, dict):
        return
    target = ctx.static(check.get("Target"))
    match = _TARGET.match(target) if isinstance(target, str) else None
    if match is None:
        ctx.gap(LB_HEALTH_CHECK, "the health check target is not a literal PROTOCOL:PORT[/PATH]; "
                "a TCP check was used", "write Target literally", ctx.path("HealthCheck", "Target"))
    kind = match.group("kind").upper() if match else "TCP"
    if kind == "SSL":
        ctx.gap(LB_HEALTH_DEFAULT, "Heat's Octavia monitor has no TLS handshake check; a TCP connect "
                "check was used", "", ctx.path("HealthCheck", "Target"))
    settings = {"delay": integer(ctx, check.get("Interval", 30), "HealthCheck", "Interval"),
                "timeout": integer(ctx, check.get("Timeout", 5), "HealthCheck", "Timeout"),
                "max_retries": integer(ctx, check.get("HealthyThreshold", 10), "HealthCheck", "HealthyThreshold"),
                "url_path": (match.group("path") or "/") if match else MISSING}
    if "UnhealthyThreshold" in check:
        ctx.gap(LB_HEALTH_DEFAULT, "the unhealthy threshold is Octavia's max_retries_down, which Heat does "
                "not expose; Octavia's default (3) applies", "", ctx.path("HealthCheck", "UnhealthyThreshold"))
    monitor(ctx, f"{ctx.name}Monitor{suffix}", pool, MONITOR_TYPES.get(kind, "TCP"), settings)
