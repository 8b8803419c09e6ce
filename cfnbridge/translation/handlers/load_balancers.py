"""Load balancers: classic ELB and ELBv2 as Octavia load balancers, listeners, pools and monitors.

Octavia splits what AWS keeps together: a target group becomes a pool (on the load
balancer its listeners belong to), a health monitor and one member per target; a classic
ELB becomes one listener, pool and monitor per listener. Names are derived from the AWS
logical name (``<Name>Monitor``, ``<Name>Member1``, ``<Name>Listener2`` …) so the
Auto Scaling handler can add its servers to the same pools (:func:`group_pools`). Listeners
and listener rules are in ``listeners``, the classic ELB in ``classic_elb``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cfnbridge import intrinsics as fn
from cfnbridge.gap_codes import (
    LB_HEALTH_CHECK,
    LB_MEMBERSHIP,
    LB_SCHEME,
    LB_SUBNETS,
    LB_TARGET,
    LB_TYPE,
    TLS_CERTIFICATE,
)
from cfnbridge.template import Resource, Template
from cfnbridge.translation import transforms
from cfnbridge.translation.handlers.network import external_network
from cfnbridge.translation.plan import Status
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

Path = tuple[Any, ...]
ELBV2 = "AWS::ElasticLoadBalancingV2::"
CLASSIC = "AWS::ElasticLoadBalancing::LoadBalancer"
# AWS listener protocol -> Octavia listener protocol.
LISTENER_PROTOCOLS = {"HTTP": "HTTP", "HTTPS": "TERMINATED_HTTPS", "TCP": "TCP", "UDP": "UDP", "TLS": "TCP",
                      "SSL": "TCP", "TCP_UDP": "TCP"}
# AWS target protocol -> (Octavia pool protocol, re-encrypt towards members).
POOL_PROTOCOLS = {"HTTP": ("HTTP", False), "HTTPS": ("HTTP", True), "TCP": ("TCP", False), "TLS": ("TCP", False),
                  "SSL": ("TCP", False), "UDP": ("UDP", False), "TCP_UDP": ("TCP", False)}
MONITOR_TYPES = {"HTTP": "HTTP", "HTTPS": "HTTPS", "TCP": "TCP", "TLS": "TCP", "SSL": "TCP", "UDP": "UDP-CONNECT",
                 "TCP_UDP": "TCP"}


@dataclass(frozen=True)
class PoolRef:
    """A pool a server can join: its emitted name, and where the member port is written."""

    pool: str
    port: Any
    port_path: Path
    monitor_port: int | None = None


# -- shared helpers ----------------------------------------------------------------------------
def upper(ctx: ResourceContext, value: Any, default: str) -> str | None:
    """A statically known keyword (protocol, type), upper-cased; None when decided at deploy time."""
    static = ctx.static(value) if value is not None else default
    return static.upper() if isinstance(static, str) else None


def select_first(ctx: ResourceContext, value: Any) -> Any:
    """Item 0 of a list computed at deploy time, in the output dialect."""
    if isinstance(value, list):
        return value[0] if value else MISSING
    return ctx.dialect.select(0, value)


def first_subnet(ctx: ResourceContext, key: str, what: str,
                 hint: str = "Octavia keeps the VIP highly available itself (active/standby amphorae)") -> Any:
    """The first subnet of a subnet list property, with a gap when AWS used several."""
    ctx.consume(key)
    raw = ctx.props.get(key)
    if raw is None:
        return MISSING
    translated = ctx.value(raw, key)
    count = len(translated) if isinstance(translated, list) else None
    if count != 1:
        ctx.gap(LB_SUBNETS, f"{what} sits on one subnet on OpenStack, the first of "
                f"{count if count else 'the listed'} subnets; AWS spread it over all of them",
                hint, ctx.path(key))
    return select_first(ctx, translated)


def public_address(ctx: ResourceContext, lb: str) -> None:
    """An internet-facing load balancer: a floating IP on the VIP port."""
    ctx.consume("Scheme")
    raw = ctx.props.get("Scheme", "internet-facing")
    scheme = ctx.static(raw)
    if scheme == "internal":
        return
    if not isinstance(scheme, str):
        ctx.gap(LB_SCHEME, "the scheme is chosen at deploy time; a floating IP was created "
                "whatever it is", "make Scheme a literal", ctx.path("Scheme"))
    fip = ctx.add(f"{lb}FloatingIP", "OS::Neutron::FloatingIP", {
        "floating_network": external_network(ctx), "port_id": ctx.dialect.get_attr(lb, "vip_port_id")})
    # The public address is the floating IP's, not the private VIP's.
    ctx.set_attribute("DNSName", fip, "floating_ip_address")


def tls_container(ctx: ResourceContext, listener: str, path: Path) -> Any:
    """A certificate from ACM/IAM: Octavia reads it from a Barbican container, given as a parameter."""
    ctx.gap(TLS_CERTIFICATE, "AWS certificates (ACM/IAM) do not exist on OpenStack; the listener "
            f"reads its certificate from the Barbican container given in the parameter '{listener}TlsContainer'",
            "store the certificate and key in Barbican (openstack secret store; openstack secret container "
            "create --type certificate) and pass the container's href", path)
    return ctx.parameter(f"{listener}TlsContainer", {
        "type": "string", "description": f"Barbican certificate container for {listener} (was an AWS certificate)"})


def member_subnet(ctx: ResourceContext, target: Any) -> Any:
    """The subnet of an instance of this template that is a pool member, if it names one."""
    name = ctx.referenced_resource(target) if target is not None else None
    resource = ctx.template.resources.get(name) if name else None
    if resource is None or resource.type != "AWS::EC2::Instance" or not isinstance(resource.properties, dict):
        return None
    subnet = resource.properties.get("SubnetId")
    if subnet is None:
        return None
    return ctx.value_at(subnet, ("Resources", name, "Properties", "SubnetId"))


def instance_address(ctx: ResourceContext, target: Any, path: Path, number: int, by_ip: bool = False) -> Any:
    """A pool member's address: an instance's private IP, or an IP target as it is."""
    name = ctx.referenced_resource(target)
    if name and ctx.template.resources[name].type == "AWS::EC2::Instance":
        return ctx.attribute(name, "PrivateIp", path)
    if by_ip:
        _check_ip_parameter(ctx, target)
        return ctx.value_at(target, path)
    parameter = f"{ctx.name}TargetAddress{number}"
    ctx.gap(LB_TARGET, f"an Octavia member needs an IP address, not an instance id; the address "
            f"became the parameter {parameter!r}", "pass the instance's fixed IP", path)
    value = ctx.parameter(parameter, {"type": "string", "description": "pool member IP address",
                                      "constraints": [{"custom_constraint": "ip_addr"}]})
    return value


def _check_ip_parameter(ctx: ResourceContext, value: Any) -> None:
    """A string parameter used as a member address: let Heat check that it is an IP address."""
    name = value.target if isinstance(value, fn.Ref) else None
    if name in ctx.template.parameters:
        ctx.constrain_parameter(name, {"custom_constraint": "ip_addr"})


def integer(ctx: ResourceContext, value: Any, *steps: Any) -> Any:
    """A number AWS templates often quote ("80"), as the integer Heat's schema wants."""
    return transforms.apply("integer", ctx, value, ctx.path(*steps))


def mentions(value: Any, name: str) -> bool:
    """Whether ``value`` refers to resource ``name`` anywhere inside it."""
    if isinstance(value, fn.Ref):
        return value.target == name
    if isinstance(value, fn.GetAtt):
        return value.resource == name
    if isinstance(value, fn.Intrinsic):
        return mentions(value.args, name)
    if isinstance(value, dict):
        return any(mentions(v, name) for v in value.values())
    if isinstance(value, list):
        return any(mentions(v, name) for v in value)
    return False


def referenced(value: Any) -> str | None:
    if isinstance(value, fn.Ref):
        return value.target
    if isinstance(value, fn.GetAtt):
        return value.resource
    return None


def props_of(resource: Resource) -> dict[str, Any]:
    return resource.properties if isinstance(resource.properties, dict) else {}


def as_int(value: Any) -> int | None:
    return int(value) if isinstance(value, int) or (isinstance(value, str) and value.isdigit()) else None


def monitor(ctx: ResourceContext, name: str, pool: str, kind: str | None, settings: dict[str, Any]) -> None:
    """A health monitor; ``settings`` holds translated delay/timeout/retries/url_path/expected_codes."""
    if kind is None:
        ctx.gap(LB_HEALTH_CHECK, "the health check protocol is chosen at deploy time; a TCP check "
                "was used", "make the protocol a literal")
        kind = "TCP"
    properties = {"pool": ctx.dialect.get_resource(pool), "type": kind}
    for key in ("delay", "timeout", "max_retries", "url_path", "expected_codes"):
        if key in settings and settings[key] is not MISSING and (kind.startswith("HTTP") or key not in (
                "url_path", "expected_codes")):
            properties[key] = settings[key]
    ctx.add(name, "OS::Octavia::HealthMonitor", properties)


def member(ctx: ResourceContext, name: str, pool: str, address: Any, port: Any, monitor_port: Any = None,
           target: Any = None) -> None:
    properties = {"pool": ctx.dialect.get_resource(pool), "address": address, "protocol_port": port}
    subnet = member_subnet(ctx, target)
    if subnet is not None:
        properties["subnet"] = subnet  # the member's own subnet, which may not be the VIP's
    if monitor_port is not None:
        properties["monitor_port"] = monitor_port
    ctx.add(name, "OS::Octavia::PoolMember", properties)


# -- what a group's servers join ---------------------------------------------------------------
def target_group_pool(template: Template, name: str) -> PoolRef:
    props = props_of(template.resources[name])
    return PoolRef(name, props.get("Port"), ("Resources", name, "Properties", "Port"),
                   as_int(props.get("HealthCheckPort")))


def classic_pools(template: Template, name: str) -> list[PoolRef]:
    """The pools a classic ELB becomes: one per listener, ``<Name>Pool`` or ``<Name>Pool<n>``."""
    listeners = props_of(template.resources[name]).get("Listeners")
    if not isinstance(listeners, list):
        return []
    check = props_of(template.resources[name]).get("HealthCheck")
    target = check.get("Target") if isinstance(check, dict) else None
    check_port = as_int(target.split(":", 1)[1].split("/", 1)[0]) if isinstance(target, str) and ":" in target \
        else None
    pools = []
    for index, listener in enumerate(listeners):
        if not isinstance(listener, dict):
            continue
        suffix = "" if len(listeners) == 1 else str(index + 1)
        port = listener.get("InstancePort")
        pools.append(PoolRef(f"{name}Pool{suffix}", port,
                             ("Resources", name, "Properties", "Listeners", index, "InstancePort"),
                             check_port if check_port is not None and check_port != as_int(port) else None))
    return pools


def group_pools(ctx: ResourceContext, key: str) -> list[PoolRef]:
    """The pools an Auto Scaling group's servers must join (TargetGroupARNs / LoadBalancerNames)."""
    raw = ctx.props.get(key)
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    pools: list[PoolRef] = []
    for index, item in enumerate(items):
        name = ctx.referenced_resource(item)
        kind = ctx.template.resources[name].type if name else None
        translated = ctx.status_of(name) is Status.HOT
        if kind == f"{ELBV2}TargetGroup" and translated:
            pools.append(target_group_pool(ctx.template, name))
        elif kind == CLASSIC and translated:
            pools.extend(classic_pools(ctx.template, name))
        else:
            ctx.gap(LB_MEMBERSHIP, "the group's servers cannot be added to a load balancer defined "
                    "outside this template (or not translated)", "add the servers as pool members of that "
                    "Octavia pool yourself", ctx.path(key, index) if isinstance(raw, list) else ctx.path(key))
    return pools


# -- ELBv2 -----------------------------------------------------------------------------------
def elbv2_load_balancer(ctx: ResourceContext) -> None:
    kind = upper(ctx, ctx.props.get("Type"), "application")
    ctx.consume("Type")
    if kind == "GATEWAY":
        ctx.gap(LB_TYPE, "gateway load balancers (GENEVE appliances) have no Octavia equivalent",
                "chain the appliances with Neutron service function chaining (networking-sfc)", ctx.path("Type"))
    vip_subnet = first_subnet(ctx, "Subnets", "the load balancer's VIP")
    mappings = ctx.props.get("SubnetMappings")
    ctx.consume("SubnetMappings")
    properties: dict[str, Any] = {}
    if isinstance(mappings, list) and mappings and isinstance(mappings[0], dict):
        first = mappings[0]
        if vip_subnet is MISSING and "SubnetId" in first:
            vip_subnet = ctx.value(first["SubnetId"], "SubnetMappings", 0, "SubnetId")
        if "PrivateIPv4Address" in first:
            properties["vip_address"] = ctx.value(first["PrivateIPv4Address"], "SubnetMappings", 0,
                                                  "PrivateIPv4Address")
        if len(mappings) > 1 or any(k not in ("SubnetId", "PrivateIPv4Address", "AllocationId") for k in first):
            ctx.gap(LB_SUBNETS, "Octavia's VIP sits on one subnet: only the first subnet mapping was "
                    "kept (its subnet, private address and Elastic IP); the others' Elastic IPs are not allocated",
                    "", ctx.path("SubnetMappings"))
    if vip_subnet is MISSING:
        ctx.gap(LB_SUBNETS, "no subnet given; the VIP subnet became the parameter 'VipSubnet'",
                "pass the subnet the load balancer should listen on")
        vip_subnet = ctx.parameter("VipSubnet", {"type": "string", "description": "subnet for load balancer VIPs"})
    properties = {"vip_subnet": vip_subnet, **properties, **ctx.map_properties()}
    lb = ctx.add(ctx.name, "OS::Octavia::LoadBalancer", properties)
    eip = first_mapping_eip(ctx.template, ctx.name)
    if eip is not None and ctx.status_of(eip) is Status.HOT:
        ctx.consume("Scheme")  # the mapping's Elastic IP is the public address
        address = ctx.emitted_name(eip) or eip
        ctx.add(f"{lb}FloatingIPAssociation", "OS::Neutron::FloatingIPAssociation", {
            "floatingip_id": ctx.dialect.get_resource(address), "port_id": ctx.dialect.get_attr(lb, "vip_port_id")})
        ctx.set_attribute("DNSName", address, "floating_ip_address")
        return
    public_address(ctx, lb)


def first_mapping_eip(template: Template, lb: str) -> str | None:
    """The Elastic IP of a load balancer's first subnet mapping (the one its Octavia VIP keeps)."""
    mappings = props_of(template.resources[lb]).get("SubnetMappings")
    if not isinstance(mappings, list) or not mappings or not isinstance(mappings[0], dict):
        return None
    name = referenced(mappings[0].get("AllocationId"))
    return name if name in template.resources and template.resources[name].type == "AWS::EC2::EIP" else None


def _forwarding_listeners(template: Template) -> dict[str, list[str]]:
    """Target group name -> listeners forwarding to it (directly or through a rule).

    An index built once per template (``ctx.index``): scanning every resource for every
    target group was quadratic, and large templates have hundreds of both.
    """
    from cfnbridge.references import in_value

    index: dict[str, list[str]] = {}
    for name, resource in template.resources.items():
        props = props_of(resource)
        if resource.type == f"{ELBV2}Listener":
            actions, listener = props.get("DefaultActions"), name
        elif resource.type == f"{ELBV2}ListenerRule":
            actions, listener = props.get("Actions"), referenced(props.get("ListenerArn"))
        else:
            continue
        for target in {r.target for r in in_value(actions, ("Resources", name), ()) if r.kind in ("Ref", "GetAtt")}:
            index.setdefault(target, []).append(listener)
    return index


def _owning_load_balancers(ctx: ResourceContext) -> list[Any]:
    """The load balancers whose listeners or rules forward to this target group, translated."""
    found: dict[str, Any] = {}
    resources = ctx.template.resources
    for listener in ctx.index(_forwarding_listeners).get(ctx.name, []):
        if listener not in resources or resources[listener].type != f"{ELBV2}Listener":
            continue
        raw = props_of(resources[listener]).get("LoadBalancerArn")
        if raw is not None:
            value = ctx.value_at(raw, ("Resources", listener, "Properties", "LoadBalancerArn"))
            found.setdefault(repr(value), value)
    return list(found.values())
