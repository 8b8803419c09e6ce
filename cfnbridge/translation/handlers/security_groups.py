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
    CONDITIONAL_SOURCE_KEPT,
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
from cfnbridge.translation.handlers.referrers import referrer_types
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
    translated, guard = _rule_body(ctx, rule, direction, ctx.base, inline=False)
    if group is MISSING or translated is MISSING:
        if group is MISSING:
            ctx.gap(SECURITY_GROUP_RULE, "the rule names no security group", "set GroupId", ctx.path())
        ctx.add(ctx.name, "OS::Heat::None", because="the rule has nothing Neutron can keep (reported)")
        return
    extra = {"condition": ctx.condition_any(guard, with_own=True)} if guard else {}
    ctx.add(ctx.name, "OS::Neutron::SecurityGroupRule", {"security_group": group, **translated}, **extra)


def _rule_list(ctx: ResourceContext, value: Any, direction: str, path: Path) -> list[Any]:
    if isinstance(value, fn.If) and isinstance(value.args, list) and len(value.args) == 3 \
            and isinstance(value.args[0], str):
        ctx.gap(CONDITIONAL_RULES, "the whole rule list is conditional: each branch's rules were kept "
                "under the condition", "", path)
        rules = []
        for branch, polarity in ((value.args[1], True), (value.args[2], False)):
            if _is_novalue(branch):
                continue
            for rule in _rule_list(ctx, branch, direction, path):
                kept = ctx.optional_item(value.args[0], rule, polarity, path)
                if kept is not MISSING:
                    rules.append(kept)
        return rules
    if not isinstance(value, list):
        static = ctx.static(value)
        if not isinstance(static, list):
            ctx.gap(DYNAMIC_RULES, "the rules are computed at deploy time and could not be translated",
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
        if MISSING in branches:  # a rule that exists under one branch only: a conditional list item
            present = branches[1] is MISSING
            return ctx.optional_item(condition, branches[0] if present else branches[1], present, path)
        return ctx.dialect.if_(condition, branches[0], branches[1])
    if isinstance(item, fn.Ref) and item.target == "AWS::NoValue":
        return MISSING
    return _rule(ctx, item, direction, path, inline=True)


def _rule(ctx: ResourceContext, rule: Any, direction: str, path: Path, *, inline: bool) -> Any:
    """One rule of a group's list; a rule whose sources are all conditional exists only with one of them."""
    out, guard = _rule_body(ctx, rule, direction, path, inline=inline)
    if guard and out is not MISSING:
        return ctx.optional_item(ctx.condition_any(guard), out, True, path)
    return out


def _rule_body(ctx: ResourceContext, rule: Any, direction: str, path: Path, *,
               inline: bool) -> tuple[Any, list[tuple[str, bool]] | None]:
    """One AWS rule to a Neutron rule; MISSING (with a gap) when it cannot be said safely."""
    if not isinstance(rule, dict):
        static = ctx.static(rule)
        if not isinstance(static, dict):
            ctx.gap(DYNAMIC_RULES, "this rule is computed at deploy time and was dropped",
                    "write the rule out literally", path)
            return MISSING, None
        rule = static
    out: dict[str, Any] = {"direction": direction}
    for key in rule:
        if key not in _RULE_KEYS and key not in _SOURCES[direction]:
            ctx.gap(UNSUPPORTED_PROPERTY, f"security group rule key {key!r} has no Neutron mapping; "
                    "it was dropped", "check the rule", (*path, key))
    protocol = _protocol(ctx, rule.get("IpProtocol", "-1"), (*path, "IpProtocol"))
    if protocol is not None:
        out["protocol"] = protocol
        out.update(_ports(ctx, rule, protocol, path))
    source = _source(ctx, rule, direction, path, out, inline)
    if source is False:
        return MISSING, None
    if "Description" in rule:
        out["description"] = ctx.value_at(rule["Description"], (*path, "Description"))
    if "SourceSecurityGroupOwnerId" in rule:
        ctx.gap(SECURITY_GROUP_OWNER, "security groups of other accounts have no Neutron meaning; the "
                "owner was dropped (the group must be in this project)", "", (*path, "SourceSecurityGroupOwnerId"))
    return out, (source if isinstance(source, list) else None)


def _protocol(ctx: ResourceContext, value: Any, path: Path) -> Any:
    """Neutron's protocol name, or None for every protocol (AWS -1 / all)."""
    static = ctx.static(value)
    if isinstance(static, Undecided):
        ctx.gap(DYNAMIC_PROTOCOL, "the protocol is chosen at deploy time: '-1' (all) would not work "
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
        ctx.gap(BAD_PORT, "the port range is not a number; it was dropped", "", (*path, "FromPort"))
        return {}
    if protocol in ("icmp", "ipv6-icmp"):
        if low < 0:
            return {}
        return {"port_range_min": low, **({"port_range_max": high} if high >= 0 else {})}
    if low < 0 or high < 0 or (low <= 1 and high >= 65535):
        return {}
    return {"port_range_min": max(low, 1), "port_range_max": high}


def _presence(ctx: ResourceContext, value: Any) -> tuple[str, bool] | bool:
    """When a rule key has a value: always (True), never (False, ``AWS::NoValue``), or under one
    condition, as (condition, polarity) for ``!If [C, value, NoValue]`` / ``!If [C, NoValue, value]``."""
    if _is_novalue(value):
        return False
    if isinstance(value, fn.If) and isinstance(value.args, list) and len(value.args) == 3 \
            and isinstance(value.args[0], str):
        condition, when_true, when_false = value.args
        if _is_novalue(when_false) and not _is_novalue(when_true):
            return condition, True
        if _is_novalue(when_true) and not _is_novalue(when_false):
            return condition, False
        if _is_novalue(when_true) and _is_novalue(when_false):
            return False
    return True


def _is_novalue(value: Any) -> bool:
    return isinstance(value, fn.Ref) and value.target == "AWS::NoValue"


def _source(ctx: ResourceContext, rule: dict[str, Any], direction: str, path: Path, out: dict[str, Any],
            inline: bool) -> bool | list[tuple[str, bool]]:
    """Set the rule's remote side; False (with a gap) when it has none Neutron can keep.

    Neutron opens a rule with neither ``remote_ip_prefix`` nor ``remote_group`` to every
    address, so each source keeps the condition it has in the template (both alternatives of
    a conditional pair are written), and when some combination of conditions leaves no source,
    the whole rule is made to exist only when one is there: the conditions are returned.
    """
    present = {key: _presence(ctx, rule[key]) for key in _SOURCES[direction] if key in rule}
    present = {key: when for key, when in present.items() if when is not False}
    if any(key.endswith("PrefixListId") for key in present):
        key = next(k for k in present if k.endswith("PrefixListId"))
        ctx.gap(PREFIX_LIST, "rules on managed prefix lists have no Neutron equivalent; the rule was "
                "dropped", "write one rule per CIDR of the list", (*path, key))
        return False
    if not present:
        ctx.gap(RULE_WITHOUT_SOURCE, "the rule has no source; on Neutron it would be open to everyone, "
                "so it was dropped", "give it a CidrIp or a security group", path)
        return False
    for key in present:
        if key in ("CidrIp", "CidrIpv6"):
            out["remote_ip_prefix"] = ctx.value_at(rule[key], (*path, key))
            out["ethertype"] = "IPv6" if key == "CidrIpv6" else "IPv4"
        elif not _group_source(ctx, rule, key, present[key], path, out, inline):
            return False
    conditions = [when for when in present.values() if when is not True]
    if len(conditions) == len(present) and not _covers(conditions):
        ctx.gap(CONDITIONAL_SOURCE, "under some conditions this rule has no source, which Neutron "
                "would open to everyone: the rule exists only when one of its sources does", "", (*path,))
        return conditions
    if conditions:
        ctx.gap(CONDITIONAL_SOURCE_KEPT, "the rule's source is conditional: each alternative was kept under its "
                "condition", "", (*path, next(k for k, when in present.items() if when is not True)))
    return True


def _covers(conditions: list[tuple[str, bool]]) -> bool:
    """Whether the conditional sources leave one whatever the conditions are (C and not C)."""
    seen = set(conditions)
    return any((name, not polarity) in seen for name, polarity in seen)


def _group_source(ctx: ResourceContext, rule: dict[str, Any], key: str, when: Any, path: Path,
                  out: dict[str, Any], inline: bool) -> bool:
    """A security group as the rule's remote side; False (with a gap) when OpenStack has no such group."""
    group = rule[key]
    target = ctx.referenced_resource(group)
    mode: Any = "remote_group_id"
    if when is not True:  # the mode goes with the group, or the rule would read its own group
        name, polarity = when
        mode = ctx.optional(name, *(("remote_group_id", MISSING) if polarity else (MISSING, "remote_group_id")),
                            (*path, key))
    if inline and target == ctx.name:
        out["remote_mode"] = mode  # Heat takes the group itself when no id is given
        return True
    if target is not None and ctx.template.resources[target].type != "AWS::EC2::SecurityGroup":
        ctx.gap(LOAD_BALANCER_GROUP, f"the rule allows traffic from {target} "
                f"({ctx.template.resources[target].type}), which has no security group on OpenStack (Octavia "
                "load balancers have none); the rule was dropped", "allow the load balancer's VIP subnet CIDR "
                "instead", (*path, key))
        return False
    if target is not None and _only_on_load_balancers(ctx, target):
        ctx.gap(LOAD_BALANCER_GROUP, f"the rule allows traffic from {target}, a group that only load "
                "balancers carry; Octavia amphorae carry no project security group, so on OpenStack this rule "
                "would admit nothing and every member would fail its health checks",
                "allow the load balancer's VIP subnet CIDR (CidrIp) instead", (*path, key))
    value = _group_value(ctx, group, (*path, key))
    if key.endswith("Name"):
        ctx.gap(SECURITY_GROUP_NAME, "the source group is named, not referenced: Neutron looks the name "
                "up in the project", "", (*path, key))
    if inline:
        out["remote_mode"] = mode
        out["remote_group_id"] = value
    else:
        out["remote_group"] = value
    return True


def _only_on_load_balancers(ctx: ResourceContext, group: str) -> bool:
    """Whether security group ``group`` is attached to load balancers and to nothing else."""
    users = ctx.index(referrer_types).get(group, set()) - {"AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress",
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
