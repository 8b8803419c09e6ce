"""Security groups and their rules as Neutron security groups.

Two traps decide the shape of this module (both open a group to everyone if missed):
an inline rule with ``remote_group_id`` but without ``remote_mode: remote_group_id`` is
applied as an IP-prefix rule, and a rule with no source at all is allow-all. So every
group reference sets the mode, and a rule whose source cannot be translated is dropped
with a gap rather than emitted without one.

Default egress: AWS gives a VPC group an allow-all egress rule until the template lists
egress rules; Neutron gives every new group allow-all egress rules (IPv4 and IPv6) and
Heat removes them as soon as the group lists an egress rule, so inline rules keep the
AWS meaning. Standalone egress rules add to the defaults on both clouds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge import intrinsics as fn
from cfnbridge.evaluation import Undecided
from cfnbridge.gap_codes import (
    BAD_PORT,
    CONDITIONAL_RULES,
    CONDITIONAL_SOURCE,
    DYNAMIC_PROTOCOL,
    DYNAMIC_RULES,
    LOAD_BALANCER_GROUP,
    PREFIX_LIST,
    RULE_WITHOUT_SOURCE,
    SECURITY_GROUP_NAME,
    SECURITY_GROUP_OWNER,
    SECURITY_GROUP_RULE,
    UNSUPPORTED_PROPERTY,
)
from cfnbridge.template import Template
from cfnbridge.translation.plan import Status
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

Path = tuple[Any, ...]
_PROTOCOL_NAMES = {"6": "tcp", "17": "udp", "1": "icmp", "58": "ipv6-icmp", "icmpv6": "ipv6-icmp"}
_ALL = ("-1", "all")
_SOURCES = {
    "ingress": ("CidrIp", "CidrIpv6", "SourceSecurityGroupId", "SourceSecurityGroupName", "SourcePrefixListId"),
    "egress": ("CidrIp", "CidrIpv6", "DestinationSecurityGroupId", "DestinationPrefixListId"),
}
_RULE_KEYS = {"IpProtocol", "FromPort", "ToPort", "Description", "SourceSecurityGroupOwnerId"}


def security_group(ctx: ResourceContext) -> None:
    """OS::Neutron::SecurityGroup with the inline ingress and egress rules."""
    rules: list[Any] = []
    for key, direction in (("SecurityGroupIngress", "ingress"), ("SecurityGroupEgress", "egress")):
        ctx.consume(key)
        if key in ctx.props:
            rules.extend(_rule_list(ctx, ctx.props[key], direction, ctx.path(key)))
    props = ctx.map_properties()
    if rules:
        props["rules"] = rules
    ctx.add(ctx.name, "OS::Neutron::SecurityGroup", props)


def security_group_rule(ctx: ResourceContext) -> None:
    """A standalone ingress or egress rule: OS::Neutron::SecurityGroupRule."""
    direction = "egress" if ctx.resource.type.endswith("Egress") else "ingress"
    ctx.consume(*ctx.props)
    group_key = "GroupId" if "GroupId" in ctx.props else "GroupName"
    group = _group_value(ctx, ctx.props.get(group_key), ctx.path(group_key))
    rule = {k: v for k, v in ctx.props.items() if k not in ("GroupId", "GroupName")}
    translated = _rule(ctx, rule, direction, ctx.base, inline=False)
    if group is MISSING or translated is MISSING:
        if group is MISSING:
            ctx.gap(SECURITY_GROUP_RULE, "error", "the rule names no security group", "set GroupId", ctx.path())
        ctx.add(ctx.name, "OS::Heat::None")
        return
    ctx.add(ctx.name, "OS::Neutron::SecurityGroupRule", {"security_group": group, **translated})


def _rule_list(ctx: ResourceContext, value: Any, direction: str, path: Path) -> list[Any]:
    if isinstance(value, fn.If) and isinstance(value.args, list) and len(value.args) == 3:
        ctx.gap(CONDITIONAL_RULES, "warning", "the whole rule list is conditional; each branch was translated "
                "and only the rules of the first branch are kept", "write the condition on each rule instead", path)
        return _rule_list(ctx, value.args[1], direction, path)
    if not isinstance(value, list):
        static = ctx.static(value)
        if not isinstance(static, list):
            ctx.gap(DYNAMIC_RULES, "error", "the rules are computed at deploy time and could not be translated",
                    "write the rules out literally", path)
            return []
        value = static
    out = []
    for index, item in enumerate(value):
        translated = _rule_item(ctx, item, direction, (*path, index))
        if translated is not MISSING:
            out.append(translated)
    return out


def _rule_item(ctx: ResourceContext, item: Any, direction: str, path: Path) -> Any:
    """One list item: a rule, or an Fn::If choosing between rules (or no rule)."""
    if isinstance(item, fn.If) and isinstance(item.args, list) and len(item.args) == 3:
        condition = item.args[0]
        branches = [_rule_item(ctx, branch, direction, path) for branch in item.args[1:]]
        if branches[0] is MISSING and branches[1] is MISSING:
            return MISSING
        if MISSING in branches:
            return ctx.optional(condition, branches[0], branches[1], path)
        return ctx.dialect.if_(condition, branches[0], branches[1])
    if isinstance(item, fn.Ref) and item.target == "AWS::NoValue":
        return MISSING
    return _rule(ctx, item, direction, path, inline=True)


def _rule(ctx: ResourceContext, rule: Any, direction: str, path: Path, *, inline: bool) -> Any:
    """One AWS rule to a Neutron rule; MISSING (with a gap) when it cannot be said safely."""
    if not isinstance(rule, dict):
        static = ctx.static(rule)
        if not isinstance(static, dict):
            ctx.gap(DYNAMIC_RULES, "error", "this rule is computed at deploy time and was dropped",
                    "write the rule out literally", path)
            return MISSING
        rule = static
    out: dict[str, Any] = {"direction": direction}
    for key in rule:
        if key not in _RULE_KEYS and key not in _SOURCES[direction]:
            ctx.gap(UNSUPPORTED_PROPERTY, "warning", f"security group rule key {key!r} has no Neutron mapping; "
                    "it was dropped", "check the rule", (*path, key))
    protocol = _protocol(ctx, rule.get("IpProtocol", "-1"), (*path, "IpProtocol"))
    if protocol is not None:
        out["protocol"] = protocol
        out.update(_ports(ctx, rule, protocol, path))
    if not _source(ctx, rule, direction, path, out, inline):
        return MISSING
    if "Description" in rule:
        out["description"] = ctx.value_at(rule["Description"], (*path, "Description"))
    if "SourceSecurityGroupOwnerId" in rule:
        ctx.gap(SECURITY_GROUP_OWNER, "info", "security groups of other accounts have no Neutron meaning; the "
                "owner was dropped (the group must be in this project)", "", (*path, "SourceSecurityGroupOwnerId"))
    return out


def _protocol(ctx: ResourceContext, value: Any, path: Path) -> Any:
    """Neutron's protocol name, or None for every protocol (AWS -1 / all)."""
    static = ctx.static(value)
    if isinstance(static, Undecided):
        ctx.gap(DYNAMIC_PROTOCOL, "warning", "the protocol is chosen at deploy time: '-1' (all) would not work "
                "on Neutron, which needs the protocol left out", "use a literal protocol", path)
        return ctx.value_at(value, path)
    text = str(static).lower()
    if text in _ALL:
        return None
    return _PROTOCOL_NAMES.get(text, text)


def _ports(ctx: ResourceContext, rule: dict[str, Any], protocol: Any, path: Path) -> dict[str, Any]:
    """Port range (tcp/udp/…) or ICMP type and code; AWS -1 and 0-65535 mean "all"."""
    low, high = ctx.static(rule.get("FromPort", -1)), ctx.static(rule.get("ToPort", -1))
    if isinstance(low, Undecided) or isinstance(high, Undecided):
        out = {}
        for key, target in (("FromPort", "port_range_min"), ("ToPort", "port_range_max")):
            if key in rule:
                out[target] = ctx.value_at(rule[key], (*path, key))
        return out
    try:
        low, high = int(low), int(high)
    except (TypeError, ValueError):
        ctx.gap(BAD_PORT, "error", "the port range is not a number; it was dropped", "", (*path, "FromPort"))
        return {}
    if protocol in ("icmp", "ipv6-icmp"):
        if low < 0:
            return {}
        return {"port_range_min": low, **({"port_range_max": high} if high >= 0 else {})}
    if low < 0 or high < 0 or (low <= 1 and high >= 65535):
        return {}
    return {"port_range_min": max(low, 1), "port_range_max": high}


def _source(ctx: ResourceContext, rule: dict[str, Any], direction: str, path: Path, out: dict[str, Any],
            inline: bool) -> bool:
    """Set the rule's remote side; False (with a gap) when it has none Neutron can keep."""
    present = [key for key in _SOURCES[direction] if key in rule]
    if any(key.endswith("PrefixListId") for key in present):
        key = next(k for k in present if k.endswith("PrefixListId"))
        ctx.gap(PREFIX_LIST, "error", "rules on managed prefix lists have no Neutron equivalent; the rule was "
                "dropped", "write one rule per CIDR of the list", (*path, key))
        return False
    if not present:
        ctx.gap(RULE_WITHOUT_SOURCE, "error", "the rule has no source; on Neutron it would be open to everyone, "
                "so it was dropped", "give it a CidrIp or a security group", path)
        return False
    if any(isinstance(rule[key], fn.If) for key in present):
        ctx.gap(CONDITIONAL_SOURCE, "warning", "the rule's source is conditional: check that every branch "
                "leaves one source, since Neutron opens a rule without one to everyone", "", (*path, present[0]))
    key = present[0]
    if key in ("CidrIp", "CidrIpv6"):
        out["remote_ip_prefix"] = ctx.value_at(rule[key], (*path, key))
        out["ethertype"] = "IPv6" if key == "CidrIpv6" else "IPv4"
        return True
    group = rule[key]
    target = ctx.referenced_resource(group)
    if inline and target == ctx.name:
        out["remote_mode"] = "remote_group_id"  # Heat takes the group itself when no id is given
        return True
    if target is not None and ctx.template.resources[target].type != "AWS::EC2::SecurityGroup":
        ctx.gap(LOAD_BALANCER_GROUP, "error", f"the rule allows traffic from {target} "
                f"({ctx.template.resources[target].type}), which has no security group on OpenStack (Octavia "
                "load balancers have none); the rule was dropped", "allow the load balancer's VIP subnet CIDR "
                "instead", (*path, key))
        return False
    if target is not None and _only_on_load_balancers(ctx, target):
        ctx.gap(LOAD_BALANCER_GROUP, "error", f"the rule allows traffic from {target}, a group that only load "
                "balancers carry; Octavia amphorae carry no project security group, so on OpenStack this rule "
                "would admit nothing and every member would fail its health checks",
                "allow the load balancer's VIP subnet CIDR (CidrIp) instead", (*path, key))
    value = _group_value(ctx, group, (*path, key))
    if key.endswith("Name"):
        ctx.gap(SECURITY_GROUP_NAME, "info", "the source group is named, not referenced: Neutron looks the name "
                "up in the project", "", (*path, key))
    if inline:
        out["remote_mode"] = "remote_group_id"
        out["remote_group_id"] = value
    else:
        out["remote_group"] = value
    return True


def _user_types(template: Template) -> dict[str, set[str]]:
    """Resource name -> the types of the resources that refer to it (an index built once per template)."""
    from cfnbridge.references import all_references

    index: dict[str, set[str]] = {}
    for reference in all_references(template):
        section, user = reference.source
        if section == "Resources" and reference.kind in ("Ref", "GetAtt"):
            index.setdefault(reference.target, set()).add(template.resources[user].type)
    return index


def _only_on_load_balancers(ctx: ResourceContext, group: str) -> bool:
    """Whether security group ``group`` is attached to load balancers and to nothing else."""
    users = ctx.index(_user_types).get(group, set()) - {"AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress",
                                       "AWS::EC2::SecurityGroupEgress"}
    return bool(users) and all(kind.startswith("AWS::ElasticLoadBalancing") for kind in users)


def _group_value(ctx: ResourceContext, value: Any, path: Path) -> Any:
    """A security group reference as the Neutron group's id (Ref and GetAtt GroupId alike)."""
    if value is None:
        return MISSING
    target = ctx.referenced_resource(value)
    if target is not None and ctx.template.resources[target].type == "AWS::EC2::SecurityGroup" \
            and ctx.status_of(target) is not Status.OMITTED:
        return ctx.dialect.get_resource(ctx.emitted_name(target) or target)
    return ctx.value_at(value, path)
