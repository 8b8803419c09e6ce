"""Network interfaces and key pairs: the parts of an instance defined on their own.

An interface becomes a Neutron port (attached to a server through its networks) and a key
pair a Nova key pair.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import (
    INTERFACE_ATTACHMENT,
    INTERFACE_NOT_ATTACHED,
    PRIVATE_KEY,
    SECONDARY_ADDRESSES,
    UNREADABLE_STRUCTURE,
)
from cfnbridge.translation.handlers.compute import _group_list, _port_body, _source_dest_check

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

Path = tuple[Any, ...]

# -- interfaces, key pairs, launch templates ------------------------------------------------
def network_interface(ctx: ResourceContext) -> None:
    """OS::Neutron::Port on the subnet's network, with every address AWS gave it, and its groups."""
    ctx.consume("SubnetId", "PrivateIpAddress", "PrivateIpAddresses", "SecondaryPrivateIpAddressCount", "GroupSet",
                "SourceDestCheck")
    primary, secondary = _addresses(ctx)
    body = _port_body(ctx, ctx.props.get("SubnetId"), primary, ctx.path("SubnetId"))
    if "fixed_ips" in body:
        subnet = body["fixed_ips"][0]["subnet"]
        body["fixed_ips"] += [{"subnet": subnet, "ip_address": address} for address in secondary]
        count = ctx.static(ctx.props.get("SecondaryPrivateIpAddressCount", 0))
        if str(count).isdigit():
            body["fixed_ips"] += [{"subnet": subnet} for _ in range(int(count))]  # Neutron picks the addresses
        elif "SecondaryPrivateIpAddressCount" in ctx.props:
            ctx.gap(SECONDARY_ADDRESSES, "the number of secondary addresses is known only at deploy "
                    "time; no secondary address was added", "give the count literally",
                    ctx.path("SecondaryPrivateIpAddressCount"))
        if len(body["fixed_ips"]) > 1:  # AWS lists the secondary addresses: the port's fixed IPs after the first
            ctx.set_computed_attribute("SecondaryPrivateIpAddresses", [
                ctx.dialect.get_attr(ctx.name, "fixed_ips", index, "ip_address")
                for index in range(1, len(body["fixed_ips"]))])
    elif secondary or "SecondaryPrivateIpAddressCount" in ctx.props:
        ctx.gap(SECONDARY_ADDRESSES, "secondary addresses need the interface's subnet, which is not "
                "set; they were not added", "set SubnetId", ctx.path("PrivateIpAddresses"))
    if "GroupSet" in ctx.props:
        body["security_groups"] = _group_list(ctx, ctx.props["GroupSet"], ctx.path("GroupSet"))
    _source_dest_check(ctx, ctx.props, ctx.base, body)
    body.update(ctx.map_properties())
    ctx.add(ctx.name, "OS::Neutron::Port", body)


def _addresses(ctx: ResourceContext) -> tuple[Any, list[Any]]:
    """The primary address (as source, for the port body) and the secondary ones (translated).

    AWS gives the primary as ``PrivateIpAddress`` or as the ``Primary: true`` item of
    ``PrivateIpAddresses``; the other items are secondary addresses. Items may be literal or
    Refs; anything that is not an item with a ``PrivateIpAddress`` is reported.
    """
    primary = ctx.props.get("PrivateIpAddress")
    items = ctx.props.get("PrivateIpAddresses", [])
    if not isinstance(items, list):
        static = ctx.static(items)
        if not isinstance(static, list):
            ctx.gap(UNREADABLE_STRUCTURE, "the address list is computed at deploy time and was not "
                    "translated", "write the addresses out", ctx.path("PrivateIpAddresses"))
            return primary, []
        items = static
    secondary = []
    for index, item in enumerate(items):
        path = ctx.path("PrivateIpAddresses", index)
        if not isinstance(item, dict) or "PrivateIpAddress" not in item:
            ctx.gap(UNREADABLE_STRUCTURE, "this address item is not a literal {PrivateIpAddress, Primary} "
                    "pair and was not translated", "write it out", path)
            continue
        if ctx.static(item.get("Primary")) in (True, "true", "True") and primary is None:
            primary = item["PrivateIpAddress"]
        elif ctx.static(item.get("Primary")) not in (True, "true", "True"):
            secondary.append(ctx.value_at(item["PrivateIpAddress"], (*path, "PrivateIpAddress")))
    return primary, secondary


def network_interface_attachment(ctx: ResourceContext) -> None:
    """The port is added to the server's networks; the attachment itself is a placeholder."""
    from cfnbridge.translation.handlers.network import emitted_body

    ctx.consume("InstanceId", "NetworkInterfaceId", "DeviceIndex")
    server = emitted_body(ctx, ctx.referenced_resource(ctx.props.get("InstanceId")))
    if server is None or server.get("type") != "OS::Nova::Server":
        ctx.gap(INTERFACE_NOT_ATTACHED, "the interface could only be attached to a server of this "
                "template translated to OS::Nova::Server", "attach the port by hand (openstack server add port)",
                ctx.path("InstanceId"))
    else:
        networks = server.setdefault("properties", {}).setdefault("networks", [])
        index = ctx.static(ctx.props.get("DeviceIndex", len(networks)))
        position = int(index) if str(index).isdigit() else len(networks)
        networks.insert(min(position, len(networks)), {"port": ctx.prop("NetworkInterfaceId")})
        ctx.gap(INTERFACE_ATTACHMENT, "the interface became one more port of the server (attached when "
                "the server is created)", "", ctx.path("NetworkInterfaceId"))
    ctx.map_properties()
    ctx.add(ctx.name, "OS::Heat::None")


def key_pair(ctx: ResourceContext) -> None:
    """OS::Nova::KeyPair; without a public key Nova generates one and Heat keeps the private key."""
    props = ctx.map_properties()
    if "public_key" not in props:
        props["save_private_key"] = True
        ctx.gap(PRIVATE_KEY, "Nova generates the key; Heat keeps the private key in its database "
                "(attribute private_key) where AWS stores it in SSM Parameter Store",
                "import a public key (PublicKeyMaterial) instead", ctx.path())
    ctx.add(ctx.name, "OS::Nova::KeyPair", props)
