"""Elastic IPs as Neutron floating IPs, bound to ports rather than to instances.

An EIP is allocated on the site's external network and associated with a port, so an
instance gets an explicit port (see compute). ``Ref`` to an EIP is its address
(``floating_ip_address``), ``AllocationId`` the floating IP's id, as on AWS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import FLOATING_IP_ID, FLOATING_IP_PORT
from cfnbridge.translation.handlers.compute import instance_port
from cfnbridge.translation.handlers.network import external_network
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext


def eip(ctx: ResourceContext) -> None:
    """OS::Neutron::FloatingIP on the external network, on the instance's port if one is named."""
    props: dict[str, Any] = {"floating_network": external_network(ctx)}
    ctx.consume("InstanceId")
    if "InstanceId" in ctx.props:
        port = _port_of_instance(ctx, ctx.props["InstanceId"], "InstanceId")
        if port is not MISSING:
            props["port_id"] = port
    props.update(ctx.map_properties())
    ctx.add(ctx.name, "OS::Neutron::FloatingIP", props)


def eip_association(ctx: ResourceContext) -> None:
    """OS::Neutron::FloatingIPAssociation: the floating IP's id on a port."""
    ctx.consume("AllocationId", "EIP", "InstanceId", "NetworkInterfaceId")
    props: dict[str, Any] = {}
    if "AllocationId" in ctx.props:
        props["floatingip_id"] = ctx.prop("AllocationId")
    elif "EIP" in ctx.props:
        target = ctx.referenced_resource(ctx.props["EIP"])
        if target is not None and ctx.template.resources[target].type == "AWS::EC2::EIP":
            props["floatingip_id"] = ctx.dialect.get_resource(ctx.emitted_name(target) or target)
        else:
            ctx.gap(FLOATING_IP_ID, "warning", "Neutron associates a floating IP by its id, not its address; the id "
                    f"became the parameter '{ctx.name}FloatingIp'", "pass the floating IP's id", ctx.path("EIP"))
            props["floatingip_id"] = ctx.parameter(f"{ctx.name}FloatingIp", {
                "type": "string", "description": "id of the floating IP (was an Elastic IP address)"})
    if "NetworkInterfaceId" in ctx.props:
        props["port_id"] = ctx.prop("NetworkInterfaceId")
    elif "InstanceId" in ctx.props:
        port = _port_of_instance(ctx, ctx.props["InstanceId"], "InstanceId")
        if port is MISSING:
            port = ctx.parameter(f"{ctx.name}Port", {"type": "string", "description": "the server's Neutron port"})
        props["port_id"] = port
    props.update(ctx.map_properties())
    ctx.add(ctx.name, "OS::Neutron::FloatingIPAssociation", props)


def _port_of_instance(ctx: ResourceContext, value: Any, key: str) -> Any:
    """The port of an instance of this template; MISSING with a gap when there is none."""
    target = ctx.referenced_resource(value)
    port = instance_port(ctx, target) if target else None
    if port is not None:
        return ctx.dialect.get_resource(port)
    ctx.gap(FLOATING_IP_PORT, "warning", "a floating IP is bound to a port, and this instance is not one of "
            "the template's (its port is unknown)", f"pass the server's port id (parameter {ctx.name}Port) "
            "or associate the address by hand", ctx.path(key))
    return MISSING
