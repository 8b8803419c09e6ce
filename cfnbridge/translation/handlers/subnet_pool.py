"""Subnets carved with ``Fn::Cidr`` from a VPC range known only at deployment (a parameter).

``CidrBlock: !Select [i, !Cidr [!GetAtt Vpc.CidrBlock, n, bits]]`` cannot be computed when the
VPC's range is a parameter, and Heat has no function that splits a range. Neutron can do the
splitting itself: the VPC gets an ``OS::Neutron::SubnetPool`` whose prefix is the VPC's range,
and each such subnet asks the pool for a block of the same size (``subnetpool`` and
``prefixlen``). What differs is *which* block: AWS gives subnet ``i`` the ``i``-th block,
Neutron the next free one in creation order; a warning at each subnet says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge import intrinsics as fn
from cfnbridge.evaluation import Undecided
from cfnbridge.gap_codes import SUBNET_POOL
from cfnbridge.nodes import to_plain

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

_POOL = "OS::Neutron::SubnetPool"


def carving(ctx: ResourceContext, subnet: str) -> tuple[int, int, int] | None:
    """``(index, count, prefixlen)`` when ``subnet`` carves its block from its VPC's deploy-time range."""
    resource = ctx.template.resources[subnet]
    props = resource.properties if isinstance(resource.properties, dict) else {}
    select = props.get("CidrBlock")
    if not (isinstance(select, fn.Select) and isinstance(select.args, list) and len(select.args) == 2):
        return None
    cidr = select.args[1]
    if not (isinstance(cidr, fn.Cidr) and isinstance(cidr.args, list) and len(cidr.args) == 3):
        return None
    vpc = ctx.referenced_resource(props.get("VpcId"))
    if vpc is None or ctx.template.resources[vpc].type != "AWS::EC2::VPC" or not _from_vpc(ctx, cidr.args[0], vpc):
        return None
    numbers = [ctx.static(value) for value in (select.args[0], cidr.args[1], cidr.args[2])]
    if not all(isinstance(n, int | str) and not isinstance(n, bool) and str(n).isdigit() for n in numbers):
        return None
    index, count, bits = (int(n) for n in numbers)
    if not (index < count and 1 <= bits <= 30):
        return None  # the evaluator reports a malformed call where the block is known
    return index, count, 32 - bits


def _from_vpc(ctx: ResourceContext, block: Any, vpc: str) -> bool:
    """Whether ``block`` is the VPC's range (its GetAtt, or the same expression) and unknown before deployment."""
    own = ctx.template.resources[vpc].properties.get("CidrBlock") if isinstance(
        ctx.template.resources[vpc].properties, dict) else None
    if own is None or not isinstance(ctx.static(own), Undecided):
        return False
    if isinstance(block, fn.GetAtt):
        return block.resource == vpc and block.attribute == "CidrBlock"
    return to_plain(block) == to_plain(own)


def vpc_pool(ctx: ResourceContext) -> None:
    """The VPC's subnet pool, when one of its subnets is carved from its deploy-time range."""
    subnets = [name for name, resource in ctx.template.resources.items() if resource.type == "AWS::EC2::Subnet"]
    if any(ctx.referenced_resource(ctx.template.resources[s].properties.get("VpcId")) == ctx.name
           and carving(ctx, s) is not None for s in subnets if isinstance(ctx.template.resources[s].properties, dict)):
        ctx.add(ctx.name + "SubnetPool", _POOL, {"prefixes": [ctx.prop("CidrBlock")]})


def pooled_subnet(ctx: ResourceContext) -> dict[str, Any] | None:
    """``subnetpool``/``prefixlen`` for this subnet, with the gap that says what differs; None if not carved."""
    carved = carving(ctx, ctx.name)
    if carved is None:
        return None
    vpc = ctx.referenced_resource(ctx.props.get("VpcId"))
    pools = [name for name in ctx.emitted_names(vpc) if (ctx.emitted(name) or {}).get("type") == _POOL]
    if not pools:
        return None
    index, count, prefixlen = carved
    ctx.gap(SUBNET_POOL, f"AWS gives this subnet block {index} of the {count} /{prefixlen} blocks of "
            f"the VPC's range (Fn::Cidr); Heat cannot split a range, so Neutron allocates a free /{prefixlen} "
            f"from the VPC's subnet pool {pools[0]!r} instead: which block each subnet gets follows the "
            "creation order", "where addresses matter (routes, security groups, fixed IPs), read the subnet's "
            "cidr attribute instead of assuming a block", ctx.path("CidrBlock"))
    return {"subnetpool": ctx.dialect.get_resource(pools[0]), "prefixlen": prefixlen}
