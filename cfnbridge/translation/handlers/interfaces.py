"""Network interfaces and key pairs: the parts of an instance defined on their own.

An interface becomes a Neutron port (attached to a server through its networks) and a key
pair a Nova key pair.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import (
    INTERFACE_ATTACHMENT,
    PRIVATE_KEY,
)
from cfnbridge.translation.handlers.compute import _group_list, _port_body, _source_dest_check

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

Path = tuple[Any, ...]

# -- interfaces, key pairs, launch templates ------------------------------------------------
def network_interface(ctx: ResourceContext) -> None:
    """OS::Neutron::Port on the subnet's network, with its addresses and groups."""
    ctx.consume("SubnetId", "PrivateIpAddress", "PrivateIpAddresses", "GroupSet", "SourceDestCheck")
    body = _port_body(ctx, ctx.props.get("SubnetId"), ctx.props.get("PrivateIpAddress"), ctx.path("SubnetId"))
    extra = ctx.static(ctx.props.get("PrivateIpAddresses", []))
    if isinstance(extra, list) and "fixed_ips" in body:
        for index, item in enumerate(extra):
            if isinstance(item, dict) and "PrivateIpAddress" in item and item.get("Primary") is not True:
                path = ctx.path("PrivateIpAddresses", index, "PrivateIpAddress")
                body["fixed_ips"].append({"subnet": body["fixed_ips"][0]["subnet"],
                                          "ip_address": ctx.value_at(item["PrivateIpAddress"], path)})
    if "GroupSet" in ctx.props:
        body["security_groups"] = _group_list(ctx, ctx.props["GroupSet"], ctx.path("GroupSet"))
    _source_dest_check(ctx, ctx.props, ctx.base, body)
    body.update(ctx.map_properties())
    ctx.add(ctx.name, "OS::Neutron::Port", body)


def network_interface_attachment(ctx: ResourceContext) -> None:
    """The port is added to the server's networks; the attachment itself is a placeholder."""
    from cfnbridge.translation.handlers.network import emitted_body

    ctx.consume("InstanceId", "NetworkInterfaceId", "DeviceIndex")
    server = emitted_body(ctx, ctx.referenced_resource(ctx.props.get("InstanceId")))
    if server is None or server.get("type") != "OS::Nova::Server":
        ctx.gap(INTERFACE_ATTACHMENT, "error", "the interface could only be attached to a server of this "
                "template translated to OS::Nova::Server", "attach the port by hand (openstack server add port)",
                ctx.path("InstanceId"))
    else:
        networks = server.setdefault("properties", {}).setdefault("networks", [])
        index = ctx.static(ctx.props.get("DeviceIndex", len(networks)))
        position = int(index) if str(index).isdigit() else len(networks)
        networks.insert(min(position, len(networks)), {"port": ctx.prop("NetworkInterfaceId")})
        ctx.gap(INTERFACE_ATTACHMENT, "info", "the interface became one more port of the server (attached when "
                "the server is created)", "", ctx.path("NetworkInterfaceId"))
    ctx.map_properties()
    ctx.add(ctx.name, "OS::Heat::None")


def key_pair(ctx: ResourceContext) -> None:
    """OS::Nova::KeyPair; without a public key Nova generates one and Heat keeps the private key."""
    props = ctx.map_properties()
    if "public_key" not in props:
        props["save_private_key"] = True
        ctx.gap(PRIVATE_KEY, "warning", "Nova generates the key; Heat keeps the private key in its database "
                "(attribute private_key) where AWS stores it in SSM Parameter Store",
                "import a public key (PublicKeyMaterial) instead", ctx.path())
    ctx.add(ctx.name, "OS::Nova::KeyPair", props)
