"""When a VPC's shared router, and its external gateway, exist: from the route tables' conditions.

All route tables of a VPC share one Neutron router (see ``network.router_of``). Each table
and each route may carry a Condition, so the router must exist whenever any of its tables
does (the union of their conditions, or always), and its external gateway exactly when
some default route to an internet or NAT gateway exists under the same parameter values.
A table without such a route in some configuration still reaches the internet through the
router's SNAT there: Neutron turns SNAT off per router only (and only for admins), so that
is reported rather than hidden.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from cfnbridge.evaluation import Evaluator
from cfnbridge.references import all_references

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

_DEFAULTS = ("0.0.0.0/0", "::/0")
_MAX_CONFIGURATIONS = 256


def router_condition(ctx: ResourceContext, tables: list[str]) -> str | None:
    """The condition of the router shared by ``tables``: true when any of them exists."""
    conditions = [ctx.template.resources[t].condition for t in tables]
    return ctx.condition_union(conditions, f"{tables[0]}RouterUsed")


def gateway_routes(ctx: ResourceContext, tables: list[str]) -> list[tuple[str, str, str | None]]:
    """(route, table, condition it exists under) for each default route of ``tables`` to an internet
    or NAT gateway; a route's own Condition, else its table's."""
    found = []
    for name, resource in ctx.template.resources.items():
        props = resource.properties if isinstance(resource.properties, dict) else {}
        if resource.type != "AWS::EC2::Route" or not ("GatewayId" in props or "NatGatewayId" in props):
            continue
        destination = ctx.static(props.get("DestinationCidrBlock", props.get("DestinationIpv6CidrBlock")))
        table = ctx.referenced_resource(props.get("RouteTableId"))
        if destination in _DEFAULTS and table in tables:
            found.append((name, table, resource.condition or ctx.template.resources[table].condition))
    return found


def gateway_condition(ctx: ResourceContext, tables: list[str]) -> str | None:
    """The condition under which the shared router needs its external gateway (None: always)."""
    conditions = [condition for _, _, condition in gateway_routes(ctx, tables)]
    return ctx.condition_union(conditions, f"{tables[0]}HasGateway") if conditions else None


def without_default(ctx: ResourceContext, tables: list[str]) -> list[str]:
    """The tables that, in some configuration where they exist, have no default route of their own."""
    routes = gateway_routes(ctx, tables)
    lacking = []
    for table in tables:
        own = ctx.template.resources[table].condition
        if not any(t == table and condition in (None, own) for _, t, condition in routes):
            lacking.append(table)
    return lacking


def snat_leaks(ctx: ResourceContext, tables: list[str]) -> dict[str, str]:
    """Tables whose subnets reach the internet through the router's SNAT in some configuration where
    AWS gave them no default route, each with one such configuration (``Mode=isolated``, or
    ``some parameter values`` when the values cannot all be tried)."""
    lacking = without_default(ctx, tables)
    routes = gateway_routes(ctx, tables)
    if not lacking or not routes:
        return {}
    settings = _configurations(ctx)
    if settings is None:
        return dict.fromkeys(lacking, "some parameter values")
    found: dict[str, str] = {}
    for values in settings:
        ev = Evaluator(ctx.template, parameters=values, use_defaults=True)

        def holds(condition: str | None, ev: Evaluator = ev) -> bool:
            return condition is None or ev.condition(condition) is not False

        gateway = any(holds(condition) for _, _, condition in routes)
        for table in lacking:
            own = any(t == table and holds(condition) for _, t, condition in routes)
            if gateway and not own and holds(ctx.template.resources[table].condition) and table not in found:
                found[table] = ", ".join(f"{k}={v!r}" for k, v in values.items()) or "the defaults"
    return found


def _configurations(ctx: ResourceContext) -> list[dict[str, Any]] | None:
    """Every combination of values of the parameters the conditions read (allowed values, else the
    default, empty and some text); None when there are too many to try."""
    names = sorted({r.target for r in all_references(ctx.template)
                    if r.source[0] == "Conditions" and r.kind == "Ref" and r.target in ctx.template.parameters})
    choices: list[list[Any]] = []
    for name in names:
        parameter = ctx.template.parameters[name]
        allowed = parameter.allowed_values
        free = [v for v in dict.fromkeys([parameter.default, "", "value"]) if v is not None]
        choices.append(list(allowed) if allowed else free)
    combinations = 1
    for options in choices:
        combinations *= len(options)
    if combinations > _MAX_CONFIGURATIONS:
        return None
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*choices)]
