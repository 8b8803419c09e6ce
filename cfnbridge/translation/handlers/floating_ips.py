"""Elastic IPs as Neutron floating IPs, bound to ports rather than to instances.

An EIP is allocated on the site's external network and associated with a port, so an
instance gets an explicit port (see compute). ``Ref`` to an EIP is its address
(``floating_ip_address``), ``AllocationId`` the floating IP's id, as on AWS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import FLOATING_IP_ID, FLOATING_IP_PORT, LB_SUBNETS, NAT_EGRESS
from cfnbridge.translation.handlers.compute import instance_port
from cfnbridge.translation.handlers.load_balancers import first_mapping_eip
from cfnbridge.translation.handlers.network import external_network
from cfnbridge.translation.handlers.referrers import referrer_types, referrers_by_type
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext


def eip(ctx: ResourceContext) -> None:
    """OS::Neutron::FloatingIP on the external network, on the instance's port if one is named.

    An EIP that only NAT gateways use is not allocated: a Neutron router does SNAT with its
    own external address, so such a floating IP would be a public address held for nothing.
    """
    users = ctx.index(referrer_types).get(ctx.name, set())
    if users and users <= {"AWS::EC2::NatGateway"} and "InstanceId" not in ctx.props:
        ctx.consume(*ctx.props)
        ctx.gap(NAT_EGRESS, "this Elastic IP only serves a NAT gateway: on Neutron the router does SNAT "
                "with its own external address, so no floating IP was allocated", "allow the router's external "
                "address (openstack router show) where the Elastic IP was allow-listed", ctx.path())
        ctx.add(ctx.name, "OS::Heat::None", because="a Neutron router's SNAT needs no floating IP")
        return
    balancers = [name for name in ctx.index(referrers_by_type).get("AWS::ElasticLoadBalancingV2::LoadBalancer", ())
                 if _maps(ctx, name)]
    if users and users <= {"AWS::ElasticLoadBalancingV2::LoadBalancer"} and balancers and not any(
            first_mapping_eip(ctx.template, name) == ctx.name for name in balancers):
        ctx.consume(*ctx.props)
        ctx.gap(LB_SUBNETS, "this Elastic IP belongs to a further subnet mapping of a load balancer; "
                "Octavia's VIP sits on one subnet, so no floating IP was allocated for it", "", ctx.path())
        ctx.add(ctx.name, "OS::Heat::None", because="the load balancer's VIP has one floating IP")
        return
    props: dict[str, Any] = {"floating_network": external_network(ctx)}
    ctx.consume("InstanceId")
    if "InstanceId" in ctx.props:
        port = _port_of_instance(ctx, ctx.props["InstanceId"], "InstanceId")
        if port is not MISSING:
            props["port_id"] = port
    props.update(ctx.map_properties())
    ctx.add(ctx.name, "OS::Neutron::FloatingIP", props)


def _maps(ctx: ResourceContext, balancer: str) -> bool:
    """Whether this EIP is one of the load balancer's subnet mappings' allocations."""
    from cfnbridge.translation.handlers.load_balancers import props_of, referenced

    mappings = props_of(ctx.template.resources[balancer]).get("SubnetMappings")
    return isinstance(mappings, list) and any(
        isinstance(item, dict) and referenced(item.get("AllocationId")) == ctx.name for item in mappings)


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
            ctx.gap(FLOATING_IP_ID, "Neutron associates a floating IP by its id, not its address; the id "
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
    ctx.gap(FLOATING_IP_PORT, "a floating IP is bound to a port, and this instance is not one of "
            "the template's (its port is unknown)", f"pass the server's port id (parameter {ctx.name}Port) "
            "or associate the address by hand", ctx.path(key))
    return MISSING
