"""IPv6 on Neutron: a subnet has one address family, so an AWS subnet's IPv6 block is a second subnet.

The second subnet sits on the same network with SLAAC, so every port on the network gets
an address from it; a block carved from AWS's own IPv6 range comes from the site's IPv6
subnet pool instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge import intrinsics as fn
from cfnbridge.gap_codes import SUBNET_NETWORK

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext


def ipv6_subnet(ctx: ResourceContext, subnet: str, network: Any) -> None:
    """The subnet's IPv6 block as a second Neutron subnet on the same network (one family each), SLAAC.

    A literal block is kept; a block carved from the VPC's Amazon-provided range has no
    OpenStack value, so the subnet takes a prefix of that length from the site's IPv6 pool.
    """
    raw = ctx.props["Ipv6CidrBlock"]
    static = ctx.static(raw)
    properties: dict[str, Any] = {"network": network, "ip_version": 6, "ipv6_address_mode": "slaac",
                                  "ipv6_ra_mode": "slaac"}
    if isinstance(static, str):
        properties["cidr"] = static
    else:
        properties["subnetpool"] = ctx.parameter("Ipv6SubnetPool", {
            "type": "string", "description": "Neutron IPv6 subnet pool (AWS provided the VPC's IPv6 block)"})
        properties["prefixlen"] = _ipv6_prefix(ctx, raw)
        ctx.gap(SUBNET_NETWORK, "the subnet's IPv6 block came from AWS's range; it became a "
                f"/{properties['prefixlen']} from the site's IPv6 subnet pool (parameter 'Ipv6SubnetPool')",
                "pass the id of the site's IPv6 subnet pool (openstack subnet pool list)", ctx.path("Ipv6CidrBlock"))
    ipv6 = ctx.add(f"{subnet}Ipv6", "OS::Neutron::Subnet", properties)
    ctx.set_computed_attribute("Ipv6CidrBlocks", [ctx.dialect.get_attr(ipv6, "cidr")])


def _ipv6_prefix(ctx: ResourceContext, value: Any) -> int:
    """The prefix length of ``!Select [i, !Cidr [block, count, bits]]`` (128 - bits), else /64."""
    if isinstance(value, fn.Select) and isinstance(value.args, list) and len(value.args) == 2:
        carved = value.args[1]
        if isinstance(carved, fn.Cidr) and isinstance(carved.args, list) and len(carved.args) == 3:
            bits = ctx.static(carved.args[2])
            if str(bits).isdigit() and 0 < int(bits) <= 128:
                return 128 - int(bits)
    return 64
