"""ELBv2 listeners and listener rules as Octavia listeners, L7 policies and L7 rules.

AWS evaluates a listener's rules by priority and falls back to its default action;
Octavia evaluates L7 policies by position, which is decided when each policy is created.
So the rules of one listener are created in priority order (``depends_on``), and a
default action other than forwarding becomes a catch-all policy created after them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import (
    LB_ACTION,
    LB_ACTION_LOST,
    LB_CONDITION,
    LB_PROTOCOL,
    LB_REDIRECT,
    TLS_PASSTHROUGH,
    UNREADABLE_STRUCTURE,
)
from cfnbridge.template import Template
from cfnbridge.translation.handlers.load_balancers import (
    ELBV2,
    LISTENER_PROTOCOLS,
    Path,
    as_int,
    props_of,
    referenced,
    select_first,
    tls_container,
    upper,
)

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext


def elbv2_listener(ctx: ResourceContext) -> None:
    protocol = upper(ctx, ctx.props.get("Protocol"), "HTTP")
    ctx.consume("Protocol")
    octavia = LISTENER_PROTOCOLS.get(protocol or "")
    if octavia is None:
        ctx.gap(LB_PROTOCOL, f"listener protocol {protocol or '(chosen at deploy time)'} has no "
                "Octavia equivalent; HTTP was used", "use HTTP, HTTPS, TCP or UDP", ctx.path("Protocol"))
        octavia = "HTTP"
    if protocol in ("TLS", "SSL"):
        ctx.gap(LB_PROTOCOL, "Octavia terminates TLS only for HTTP; this TLS listener became a TCP "
                "listener that passes TLS through to the members", "serve TLS on the members, or use HTTPS",
                ctx.path("Protocol"))
    properties: dict[str, Any] = {"loadbalancer": ctx.prop("LoadBalancerArn"), "protocol": octavia,
                                  "protocol_port": ctx.prop("Port")}
    ctx.consume("Certificates")
    if "Certificates" in ctx.props and octavia == "TERMINATED_HTTPS":
        properties["default_tls_container_ref"] = tls_container(ctx, ctx.name, ctx.path("Certificates"))
    elif octavia == "TERMINATED_HTTPS":
        properties["default_tls_container_ref"] = tls_container(ctx, ctx.name, ctx.path("Protocol"))
    elif "Certificates" in ctx.props:
        ctx.gap(TLS_PASSTHROUGH, "the certificate is not used: the listener passes TLS through", "",
                ctx.path("Certificates"))
    action = _terminal_action(ctx, "DefaultActions")
    policy = _policy(ctx, *action) if action else None
    if policy and policy["action"] == "REDIRECT_TO_POOL":
        properties["default_pool"] = policy["redirect_pool"]
        policy = None
    properties.update(ctx.map_properties())
    listener = ctx.add(ctx.name, "OS::Octavia::Listener", properties)
    if policy:
        # AWS applies the default action when no rule matches: a catch-all L7 policy created after the rules.
        rules = [n for n, r in _listener_rules(ctx, ctx.name)]
        extra = {"depends_on": rules} if rules else {}
        name = ctx.add(f"{listener}DefaultAction", "OS::Octavia::L7Policy",
                       {"listener": ctx.dialect.get_resource(listener), **policy}, **extra)
        ctx.add(f"{listener}DefaultActionRule", "OS::Octavia::L7Rule", {
            "l7policy": ctx.dialect.get_resource(name), "type": "PATH", "compare_type": "STARTS_WITH", "value": "/"})


# -- L7: listener rules, redirects, fixed responses ---------------------------------------------
def _rules_by_listener(template: Template) -> dict[str, list[tuple[str, Any]]]:
    """Listener -> its rules as (name, static priority) in evaluation order; built once per template."""
    index: dict[str, list[tuple[str, Any]]] = {}
    for name, resource in template.resources.items():
        if resource.type == f"{ELBV2}ListenerRule":
            listener = referenced(props_of(resource).get("ListenerArn"))
            if listener is not None:
                index.setdefault(listener, []).append((name, props_of(resource).get("Priority")))
    for rules in index.values():
        rules.sort(key=lambda item: (as_int(item[1]) if as_int(item[1]) is not None else 1 << 30, item[0]))
    return index


def _previous_rules(template: Template) -> dict[str, str]:
    """Rule -> the rule of the same listener evaluated just before it (built once per template)."""
    return {rules[index][0]: rules[index - 1][0]
            for rules in _rules_by_listener(template).values() for index in range(1, len(rules))}


def _listener_rules(ctx: ResourceContext, listener: str) -> list[tuple[str, Any]]:
    """The rules of one listener as (name, static priority), in evaluation order."""
    return ctx.index(_rules_by_listener).get(listener, [])


def _terminal_action(ctx: ResourceContext, key: str) -> tuple[dict[str, Any], Path] | None:
    """The action that decides a request (the last by Order); authentication steps are reported."""
    ctx.consume(key)
    raw = ctx.props.get(key)
    if not isinstance(raw, list) or not all(isinstance(a, dict) for a in raw) or not raw:
        ctx.gap(UNREADABLE_STRUCTURE, "the actions are not a literal list and could not be translated",
                "write the actions out literally", ctx.path(key))
        return None
    ordered = sorted(enumerate(raw), key=lambda item: as_int(ctx.static(item[1].get("Order", item[0]))) or item[0])
    for index, action in ordered[:-1]:
        ctx.gap(LB_ACTION_LOST, f"the {action.get('Type')} action (user authentication) has no Octavia "
                "equivalent: requests would reach the members unauthenticated", "authenticate in the application, "
                "or keep this endpoint on AWS", ctx.path(key, index))
    index, action = ordered[-1]
    return action, ctx.path(key, index)


def _policy(ctx: ResourceContext, action: dict[str, Any], path: Path) -> dict[str, Any]:
    """One terminal action as L7 policy properties (action, redirect_pool or redirect_url)."""
    kind = ctx.static(action.get("Type"))
    if kind == "forward":
        if "TargetGroupArn" in action:
            return {"action": "REDIRECT_TO_POOL",
                    "redirect_pool": ctx.value_at(action["TargetGroupArn"], (*path, "TargetGroupArn"))}
        groups = action.get("ForwardConfig", {}).get("TargetGroups") if isinstance(
            action.get("ForwardConfig"), dict) else None
        if isinstance(groups, list) and groups and isinstance(groups[0], dict):
            if len(groups) > 1:
                ctx.gap(LB_ACTION, "Octavia forwards to one pool; the weighted split over "
                        f"{len(groups)} target groups became all traffic to the first", "",
                        (*path, "ForwardConfig", "TargetGroups"))
            return {"action": "REDIRECT_TO_POOL", "redirect_pool": ctx.value_at(
                groups[0].get("TargetGroupArn"), (*path, "ForwardConfig", "TargetGroups", 0, "TargetGroupArn"))}
    if kind == "redirect":
        return {"action": "REDIRECT_TO_URL", "redirect_url": _redirect_url(ctx, action.get("RedirectConfig"), path)}
    if kind != "fixed-response":
        ctx.gap(LB_ACTION_LOST, f"action {kind!r} could not be translated; requests are rejected instead",
                "use forward, redirect or fixed-response", path)
    else:
        ctx.gap(LB_ACTION, "Octavia cannot answer with a fixed response; matching requests are "
                "rejected (HTTP 403) instead of the configured status and body", "serve the response from a "
                "small backend pool", path)
    return {"action": "REJECT"}


def _redirect_url(ctx: ResourceContext, config: Any, path: Path) -> Any:
    """AWS redirects keep parts of the request (#{host} …); Octavia (through Heat) redirects to one fixed URL."""
    static = ctx.static(config) if config is not None else {}
    parts = {k: static.get(k, f"#{{{k.lower()}}}") for k in ("Protocol", "Host", "Port")} if isinstance(
        static, dict) else None
    if parts and all(isinstance(v, str | int) for v in parts.values()) and "#{" not in f"{parts['Protocol']}" \
            f"{parts['Host']}":
        scheme = str(parts["Protocol"]).lower()
        port = str(parts["Port"])
        default = {"http": "80", "https": "443"}.get(scheme)
        url = f"{scheme}://{parts['Host']}" + ("" if port in (default, "#{port}") else f":{port}")
        target_path = static.get("Path", "/#{path}")
        url += target_path if isinstance(target_path, str) and "#{" not in target_path else "/"
        if "#{" in str(static.get("Path", "#{")) or "#{" in str(static.get("Query", "#{")):
            ctx.gap(LB_REDIRECT, "the redirect goes to a fixed URL: the request's path and query are not "
                    "carried over", "set redirect_prefix on the L7 policy with the openstack CLI", path)
        return url
    name = f"{ctx.name}RedirectUrl"
    ctx.gap(LB_REDIRECT, "AWS redirects keep the request's host, path and query (#{host} …); Heat's "
            f"Octavia L7 policy redirects to one fixed URL, given in the parameter {name!r}",
            "pass the site's URL (e.g. https://www.example.org/), or set redirect_prefix with the openstack CLI",
            path)
    return ctx.parameter(name, {"type": "string", "description": "URL the redirect sends requests to"})


def elbv2_listener_rule(ctx: ResourceContext) -> None:
    properties: dict[str, Any] = {"listener": ctx.prop("ListenerArn")}
    if "Priority" in ctx.props:
        properties["position"] = ctx.prop("Priority")
    action = _terminal_action(ctx, "Actions")
    properties.update(_policy(ctx, *action) if action else {"action": "REJECT"})
    # Octavia inserts each policy where its position says at creation time: create them in priority order.
    previous = ctx.index(_previous_rules).get(ctx.name)
    extra = {"depends_on": previous} if previous else {}
    policy = ctx.add(ctx.name, "OS::Octavia::L7Policy", properties, **extra)
    _conditions(ctx, policy)


_FIELDS = {"path-pattern": ("PATH", "PathPatternConfig"), "host-header": ("HOST_NAME", "HostHeaderConfig"),
           "http-header": ("HEADER", "HttpHeaderConfig")}


def _conditions(ctx: ResourceContext, policy: str) -> None:
    ctx.consume("Conditions")
    raw = ctx.props.get("Conditions")
    if not isinstance(raw, list):
        ctx.gap(UNREADABLE_STRUCTURE, "conditions computed at deploy time could not be translated; the "
                "policy matches every request", "write the conditions out literally", ctx.path("Conditions"))
        return
    for index, condition in enumerate(raw):
        path = ("Conditions", index)
        field = ctx.static(condition.get("Field")) if isinstance(condition, dict) else None
        if field not in _FIELDS:
            ctx.gap(LB_CONDITION, f"condition {field!r} has no Octavia L7 rule type; it was dropped, so "
                    "the rule matches more requests than on AWS", "Octavia matches path, host name, header, "
                    "cookie and file type", ctx.path(*path))
            continue
        kind, config_key = _FIELDS[field]
        config = condition.get(config_key) if isinstance(condition.get(config_key), dict) else {}
        values, values_path = (config["Values"], (*path, config_key, "Values")) if "Values" in config else (
            condition.get("Values"), (*path, "Values"))
        properties = {"l7policy": ctx.dialect.get_resource(policy), "type": kind,
                      **_match(ctx, values, values_path)}
        if kind == "HEADER":
            properties["key"] = ctx.value(config.get("HttpHeaderName"), *path, config_key, "HttpHeaderName")
        ctx.add(f"{policy}Condition{index + 1}", "OS::Octavia::L7Rule", properties)


def _match(ctx: ResourceContext, values: Any, path: Path) -> dict[str, Any]:
    """AWS wildcard patterns (any of the values) as one Octavia comparison."""
    static = ctx.static(values)
    if not (isinstance(static, list) and static and all(isinstance(v, str) for v in static)):
        ctx.gap(LB_CONDITION, "the match values are computed at deploy time; they are compared "
                "literally (no wildcards, first value only)", "write the values literally", ctx.path(*path))
        return {"compare_type": "EQUAL_TO", "value": select_first(ctx, ctx.value(values, *path))}
    if len(static) == 1:
        value = static[0]
        if not any(c in value for c in "*?"):
            return {"compare_type": "EQUAL_TO", "value": value}
        if value.endswith("*") and not any(c in value[:-1] for c in "*?"):
            return {"compare_type": "STARTS_WITH", "value": value[:-1]}
        if value.startswith("*") and not any(c in value[1:] for c in "*?"):
            return {"compare_type": "ENDS_WITH", "value": value[1:]}
    patterns = [re.escape(v).replace(r"\*", ".*").replace(r"\?", ".") for v in static]
    return {"compare_type": "REGEX", "value": "^" + (patterns[0] if len(patterns) == 1 else
                                                      "(" + "|".join(patterns) + ")") + "$"}
