"""VPC networking as Neutron: networks, subnets, routers, router interfaces and routes.

AWS and Neutron cut the same thing differently. A VPC is a network with an address range;
a Neutron network has none (each subnet has its own). A route table is a router, but the
internet gateway and the NAT gateway have no Neutron object: "0.0.0.0/0 via the internet
gateway" is a router's ``external_gateway_info``, and "via a NAT gateway" is the same
gateway with SNAT. So the gateways become ``OS::Heat::None`` (references stay valid) and
the routes that point at them configure the routers. Other routes (to an instance or an
interface) become ``OS::Neutron::ExtraRouteSet``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge import intrinsics as fn
from cfnbridge.evaluation import Undecided
from cfnbridge.gap_codes import (
    EXTERNAL_NETWORK,
    EXTRA_ROUTE,
    GATEWAY_ATTACHED,
    GATEWAY_NOT_SET,
    GATEWAY_ROUTE,
    GATEWAY_ROUTE_CONDITION,
    JOINED_ROUTER,
    NAT_EGRESS,
    NAT_GATEWAY,
    PUBLIC_IP_ON_LAUNCH,
    SHARED_ROUTER,
    SUBNET_NETWORK,
    SUBNET_WITHOUT_ROUTER,
    SUBNET_ZONE,
    TENANCY,
    UNSUPPORTED_ROUTE,
    VPN,
)
from cfnbridge.references import all_references
from cfnbridge.template import Template
from cfnbridge.translation.handlers.ipv6 import ipv6_subnet
from cfnbridge.translation.handlers.router_conditions import gateway_condition, router_condition, snat_leaks
from cfnbridge.translation.handlers.subnet_pool import carving, pooled_subnet, vpc_pool
from cfnbridge.translation.plan import Status
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

NONE = "OS::Heat::None"


# -- shared helpers (also used by compute and floating IPs) ---------------------------------
def external_network(ctx: ResourceContext) -> Any:
    """The site's external network: from the profile, or the parameter 'ExternalNetwork'."""
    if ctx.profile.external_network:
        return ctx.profile.external_network
    ctx.gap(EXTERNAL_NETWORK, "the external network became the parameter 'ExternalNetwork'",
            "set external_network in the site profile", ctx.path())
    return ctx.parameter("ExternalNetwork", {"type": "string", "default": "public",
                                             "description": "Neutron external network for routers and floating IPs"})


def resources_of(ctx: ResourceContext, aws_type: str) -> list[str]:
    """Logical names of the template's resources of one AWS type, in source order."""
    return ctx.index(_by_type).get(aws_type, [])


def _by_type(template: Template) -> dict[str, list[str]]:
    """AWS type -> logical names of its resources, in source order (an index built once per template)."""
    index: dict[str, list[str]] = {}
    for name, resource in template.resources.items():
        index.setdefault(resource.type, []).append(name)
    return index


def refers_to(ctx: ResourceContext, resource: str, key: str, target: str) -> bool:
    """Whether ``resource``'s property ``key`` is a Ref/GetAtt to ``target``."""
    props = ctx.template.resources[resource].properties
    return isinstance(props, dict) and ctx.referenced_resource(props.get(key)) == target


def vpc_tables(ctx: ResourceContext, table: str) -> list[str]:
    """The route tables of ``table``'s VPC (a VPC of this template), in source order; else [table]."""
    props = ctx.template.resources[table].properties
    vpc_name = ctx.referenced_resource(props.get("VpcId"))
    if vpc_name is None or ctx.template.resources[vpc_name].type != "AWS::EC2::VPC":
        return [table]
    return [t for t in resources_of(ctx, "AWS::EC2::RouteTable") if refers_to(ctx, t, "VpcId", vpc_name)]


def router_of(ctx: ResourceContext, table: str | None) -> str | None:
    """The AWS route table whose Neutron router serves ``table``: the VPC's first route table.

    AWS joins every subnet of a VPC by its implicit local route, whatever their route
    tables; on Neutron only a router with an interface on each subnet does that, so all
    route tables of a VPC share one router.
    """
    if table is None or table not in ctx.template.resources:
        return None
    return vpc_tables(ctx, table)[0]


def route_table(ctx: ResourceContext) -> None:
    """The VPC's first route table becomes its router; the others share it (reported)."""
    tables = vpc_tables(ctx, ctx.name)
    if tables[0] == ctx.name:
        # The router serves every table of the VPC, so it exists whenever any of them does.
        ctx.add(ctx.name, "OS::Neutron::Router", ctx.map_properties(), condition=router_condition(ctx, tables))
        return
    ctx.consume(*ctx.props)
    leaks = snat_leaks(ctx, tables)
    ctx.gap(SHARED_ROUTER if leaks else JOINED_ROUTER,
            f"this route table shares the router of {tables[0]}: AWS joins every subnet of a VPC (its local "
            "route), which on Neutron takes one router with an interface on each subnet, so the routes of every "
            "route table of the VPC apply to all its subnets" + ("" if not leaks else "; " + "; ".join(
                f"the subnets of {table}, which AWS gave no default route (with {values}), gain outbound access "
                "through the router's SNAT" for table, values in leaks.items())),
            "" if not leaks else "if those subnets must stay without outbound access, block it with security "
            "group egress rules", ctx.path())
    router = ctx.emitted_name(tables[0]) or tables[0]
    ctx.add(ctx.name, NONE, None, depends_on=router,
            because="the VPC's first route table's router stands for this table")
    ctx.refer_to(router)  # a Ref to this table (an output, an extra route) is the shared router


def emitted_body(ctx: ResourceContext, aws_name: str | None) -> dict[str, Any] | None:
    """The primary output resource of an AWS resource translated to OS:: types, if any."""
    if ctx.status_of(aws_name) is not Status.HOT:
        return None
    return ctx.emitted(ctx.emitted_name(aws_name))


def subnet_network(ctx: ResourceContext, subnet: Any, path: tuple[Any, ...]) -> Any:
    """The Neutron network of an AWS subnet value (a port needs both)."""
    body = emitted_body(ctx, ctx.referenced_resource(subnet))
    if body is not None and "network" in body.get("properties", {}):
        return body["properties"]["network"]
    target = ctx.referenced_resource(subnet)
    if (target is not None and ctx.status_of(target) is not Status.OMITTED
            and ctx.template.resources[target].type in ("AWS::EC2::Subnet", "OS::Neutron::Subnet")):
        return ctx.dialect.get_attr(ctx.emitted_name(target) or target, "network_id")
    ctx.gap(SUBNET_NETWORK, "the subnet comes from outside the template, so its network became "
            "the parameter 'Network'", "pass the network of that subnet", path)
    return ctx.parameter("Network", {"type": "string", "description": "Neutron network of the given subnets"})


def with_vpc_cidrs(ctx: ResourceContext, value: Any) -> Any:
    """``value`` with each ``GetAtt <VPC>.CidrBlock`` replaced by that VPC's literal range.

    Subnets are commonly carved with ``Fn::Cidr`` from the VPC's block; Heat cannot
    compute that, but with the literal block the translator can.
    """
    if isinstance(value, fn.GetAtt) and value.attribute == "CidrBlock" and value.resource:
        resource = ctx.template.resources.get(value.resource)
        if resource is not None and resource.type == "AWS::EC2::VPC" and isinstance(resource.properties, dict):
            static = ctx.static(resource.properties.get("CidrBlock"))
            if isinstance(static, str):
                return static
        return value
    if isinstance(value, list):
        return [with_vpc_cidrs(ctx, item) for item in value]
    if isinstance(value, dict):
        return {key: with_vpc_cidrs(ctx, item) for key, item in value.items()}
    if isinstance(value, fn.Intrinsic) and not isinstance(value, fn.UnknownFunction | fn.Sub):
        args = with_vpc_cidrs(ctx, value.args)
        return value if args == value.args else type(value)(args, value.line, value.column)
    return value


# -- VPC, subnet -------------------------------------------------------------------------
def vpc(ctx: ResourceContext) -> None:
    """A network; the CIDR, which Neutron networks lack, is kept as a value when referenced."""
    tenancy = ctx.static(ctx.props.get("InstanceTenancy", "default"))
    if tenancy != "default":
        ctx.gap(TENANCY, "dedicated tenancy has no Neutron meaning; InstanceTenancy was dropped",
                "use flavors bound to a dedicated host aggregate", ctx.path("InstanceTenancy"))
    ctx.consume("InstanceTenancy", "CidrBlock")
    ctx.add(ctx.name, "OS::Neutron::Net", ctx.map_properties())
    if "CidrBlock" in ctx.props and _cidr_referenced(ctx):
        cidr = ctx.prop("CidrBlock")
        ctx.add(ctx.name + "CidrBlock", "OS::Heat::Value", {"type": "string", "value": cidr})
    vpc_pool(ctx)  # subnets carved from a deploy-time range ask Neutron for their blocks


def _cidr_referenced(ctx: ResourceContext) -> bool:
    """Whether anything but a statically carved subnet block reads this VPC's CidrBlock
    (in a resource's Properties or an output's Value)."""
    for source, path in ctx.index(_cidr_readers).get(ctx.name, ()):
        section, name = source
        if section == "Outputs" and path[2:3] == ("Value",):
            return True
        if section != "Resources" or path[2:3] != ("Properties",):
            continue
        resource = ctx.template.resources[name]
        if path[3:4] == ("CidrBlock",) and resource.type == "AWS::EC2::Subnet" and ctx.status_of(name) is Status.HOT:
            carved = ctx.static(with_vpc_cidrs(ctx, resource.properties.get("CidrBlock")))
            if not isinstance(carved, Undecided) or carving(ctx, name) is not None:
                continue  # computed here, or asked of the VPC's subnet pool
        return True
    return False


def _cidr_readers(template: Template) -> dict[str, list[tuple[tuple[str, str], tuple[Any, ...]]]]:
    """Resource -> (source, path) of each GetAtt/Sub of its CidrBlock: one pass over the references."""
    readers: dict[str, list[tuple[tuple[str, str], tuple[Any, ...]]]] = {}
    for reference in all_references(template):
        if reference.kind in ("GetAtt", "Sub") and reference.attribute == "CidrBlock":
            readers.setdefault(reference.target, []).append((reference.source, reference.path))
    return readers


def subnet(ctx: ResourceContext) -> None:
    """A Neutron subnet on the VPC's network; zone and public-IP settings are reported."""
    props: dict[str, Any] = {"network": ctx.prop("VpcId")}
    ctx.consume("CidrBlock")
    pooled = pooled_subnet(ctx)
    cidr = MISSING if pooled else ctx.value(with_vpc_cidrs(ctx, ctx.props.get("CidrBlock")), "CidrBlock")
    if pooled:
        props.update(pooled)
    elif cidr is not MISSING:
        props["cidr"] = cidr
    for key in ("AvailabilityZone", "AvailabilityZoneId"):
        if key in ctx.props:
            ctx.consume(key)
            ctx.gap(SUBNET_ZONE, "Neutron subnets span all availability zones; the zone was dropped "
                    "(servers and volumes choose their own)", "set zones on servers and volumes", ctx.path(key))
    ctx.consume("MapPublicIpOnLaunch")
    public = ctx.static(ctx.props.get("MapPublicIpOnLaunch", False))
    if public is True or (isinstance(public, str) and public.lower() == "true"):
        ctx.gap(PUBLIC_IP_ON_LAUNCH, "Neutron has no per-subnet public addresses: each EC2 instance "
                "of this template in this subnet gets its own floating IP, but servers of scaling groups get none",
                "add OS::Neutron::FloatingIP resources where servers must be reachable",
                ctx.path("MapPublicIpOnLaunch"))
    elif isinstance(public, Undecided):
        ctx.gap(PUBLIC_IP_ON_LAUNCH, "MapPublicIpOnLaunch is decided at deploy time; no floating IPs "
                "were added for it", "add OS::Neutron::FloatingIP resources where needed",
                ctx.path("MapPublicIpOnLaunch"))
    if not any(refers_to(ctx, a, "SubnetId", ctx.name)
               for a in resources_of(ctx, "AWS::EC2::SubnetRouteTableAssociation")):
        ctx.gap(SUBNET_WITHOUT_ROUTER, "no route table is associated with this subnet, so it is "
                "attached to no router: it cannot reach the VPC's other subnets (AWS's implicit local route)",
                "associate it with a route table (it then gets an OS::Neutron::RouterInterface)", ctx.path())
    props.update(ctx.map_properties())
    name = ctx.add(ctx.name, "OS::Neutron::Subnet", props)
    if "Ipv6CidrBlock" in ctx.props:
        ipv6_subnet(ctx, name, props["network"])


# -- gateways --------------------------------------------------------------------------------
def gateway_attachment(ctx: ResourceContext) -> None:
    """A placeholder that waits for the VPC's routers, which carry the external gateway."""
    ctx.consume("VpcId", "InternetGatewayId", "VpnGatewayId")
    if "VpnGatewayId" in ctx.props:
        ctx.gap(VPN, "the VPN gateway attachment was not translated",
                "use Neutron VPNaaS: OS::Neutron::VPNService on the router", ctx.path("VpnGatewayId"))
    vpc_name = ctx.referenced_resource(ctx.props.get("VpcId"))
    routers = []
    for table in resources_of(ctx, "AWS::EC2::RouteTable"):
        condition = ctx.template.resources[table].condition
        if vpc_name and refers_to(ctx, table, "VpcId", vpc_name) and condition in (None, ctx.resource.condition):
            routers.append(ctx.emitted_name(table) or table)
    ctx.add(ctx.name, NONE, None, **({"depends_on": routers} if routers else {}))


def nat_gateway(ctx: ResourceContext) -> None:
    """A placeholder: the routes through it turn on SNAT on their routers."""
    ctx.consume("AllocationId", "SubnetId", "ConnectivityType")
    if ctx.static(ctx.props.get("ConnectivityType", "public")) == "private":
        ctx.gap(NAT_EGRESS, "a private NAT gateway (no internet) has no Neutron equivalent",
                "route between the networks with one router", ctx.path("ConnectivityType"))
    if "AllocationId" in ctx.props:
        eip = ctx.referenced_resource(ctx.props["AllocationId"])
        ctx.gap(NAT_EGRESS, f"outbound traffic leaves from the router's gateway address, not from the "
                f"Elastic IP {eip or ''}".replace("  ", " "),
                "allow the router's external address where the EIP was allow-listed", ctx.path("AllocationId"))
    ctx.map_properties()
    ctx.add(ctx.name, NONE)


# -- routes ------------------------------------------------------------------------------
_UNROUTABLE = {
    "VpcPeeringConnectionId": "VPC peering has no Neutron equivalent",
    "TransitGatewayId": "transit gateways have no Neutron equivalent",
    "EgressOnlyInternetGatewayId": "egress-only gateways have no Neutron object",
    "CarrierGatewayId": "carrier gateways have no OpenStack meaning",
    "LocalGatewayId": "Outposts local gateways have no OpenStack meaning",
    "VpcEndpointId": "VPC endpoints have no OpenStack meaning",
    "CoreNetworkArn": "Cloud WAN has no OpenStack meaning",
    "DestinationPrefixListId": "managed prefix lists have no Neutron equivalent",
}


def route(ctx: ResourceContext) -> None:
    """A route: the router's gateway (internet, NAT), an extra route (instance), or a gap."""
    props = ctx.props
    ctx.consume(*ctx.type_map.properties)
    table = ctx.referenced_resource(props.get("RouteTableId"))
    for key, why in _UNROUTABLE.items():
        if key in props:
            ctx.gap(UNSUPPORTED_ROUTE, f"the route was not translated: {why}",
                    "connect the networks to one router, or add the route by hand", ctx.path(key))
            ctx.add(ctx.name, NONE)
            return
    if "InstanceId" in props or "NetworkInterfaceId" in props:
        _extra_route(ctx)
        return
    gateway = _gateway_kind(ctx)
    if gateway is None:
        ctx.gap(UNSUPPORTED_ROUTE, "the route has no target that Neutron can express",
                "add the route by hand", ctx.path())
        ctx.add(ctx.name, NONE)
        return
    destination = ctx.static(props.get("DestinationCidrBlock", props.get("DestinationIpv6CidrBlock")))
    if destination not in ("0.0.0.0/0", "::/0"):
        ctx.gap(GATEWAY_ROUTE, f"Neutron sends only the default route to a router's gateway; the route "
                f"to {destination if isinstance(destination, str) else 'this destination'} became the default route",
                "check that the router may use its gateway for all traffic", ctx.path("DestinationCidrBlock"))
    if ctx.dialect.keeps_heat_aws_types:
        ctx.gap(GATEWAY_ATTACHED, "Heat's AWS::EC2::VPCGatewayAttachment already connects every route table "
                "of the VPC to the external network (with SNAT); the route needs no resource of its own", "",
                ctx.path())
        ctx.add(ctx.name, NONE, None, **({"depends_on": ctx.emitted_name(table) or table} if table else {}))
        return
    shared = router_of(ctx, table)
    router = emitted_body(ctx, shared)
    if router is None or router.get("type") != "OS::Neutron::Router":
        ctx.gap(GATEWAY_NOT_SET, "the route table is not a router of this template, so its external "
                "gateway could not be set", "set the router's external gateway by hand "
                "(openstack router set --external-gateway)", ctx.path("RouteTableId"))
        ctx.add(ctx.name, NONE)
        return
    properties = router.setdefault("properties", {})
    if "external_gateway_info" not in properties:
        _set_gateway(ctx, properties, vpc_tables(ctx, shared))
    if gateway == "nat":
        # SNAT is Neutron's default for a router gateway; setting it explicitly needs admin rights.
        ctx.gap(NAT_GATEWAY, "the route through the NAT gateway became SNAT on this route table's router",
                "", ctx.path("NatGatewayId"))
    ctx.add(ctx.name, NONE, None, depends_on=ctx.emitted_name(shared) or shared)


def _set_gateway(ctx: ResourceContext, properties: dict[str, Any], tables: list[str]) -> None:
    """The router's external gateway, present exactly when some default route of its tables is."""
    info = {"network": external_network(ctx)}
    condition = gateway_condition(ctx, tables)
    if condition is None:
        properties["external_gateway_info"] = info
        return
    ctx.gap(GATEWAY_ROUTE_CONDITION, f"the router's external gateway exists only under the condition {condition!r}, "
            "as the default routes to an internet or NAT gateway do", "", ctx.path())
    properties["external_gateway_info"] = ctx.optional(condition, info, MISSING, ctx.path())


def _gateway_kind(ctx: ResourceContext) -> str | None:
    if "NatGatewayId" in ctx.props:
        return "nat"
    value = ctx.props.get("GatewayId")
    if value is None:
        return None
    target = ctx.referenced_resource(value)
    kind = ctx.template.resources[target].type if target else None
    static = ctx.static(value)
    if kind == "AWS::EC2::VPNGateway" or (isinstance(static, str) and static.startswith("vgw-")):
        ctx.gap(VPN, "the route to a VPN gateway was not translated",
                "use Neutron VPNaaS and list the peer CIDRs there", ctx.path("GatewayId"))
        return None
    if kind not in (None, "AWS::EC2::InternetGateway"):
        return None
    if kind is None:
        ctx.gap(GATEWAY_ROUTE, "the gateway comes from outside the template; it was taken to be an "
                "internet gateway", "check the route", ctx.path("GatewayId"))
    return "internet"


def _extra_route(ctx: ResourceContext) -> None:
    """A route through an instance or an interface: an extra route on the router."""
    key = "InstanceId" if "InstanceId" in ctx.props else "NetworkInterfaceId"
    target = ctx.referenced_resource(ctx.props[key])
    if target is None:
        ctx.gap(UNSUPPORTED_ROUTE, "the route's next hop is not a resource of this template, so its "
                "address is unknown", "add the route by hand with the next hop's address", ctx.path(key))
        ctx.add(ctx.name, NONE)
        return
    attribute = "PrivateIp" if key == "InstanceId" else "PrivateIpAddress"
    nexthop = ctx.attribute(target, attribute, ctx.path(key))
    destination = ctx.prop("DestinationCidrBlock")
    if destination is MISSING:
        destination = ctx.prop("DestinationIpv6CidrBlock")
    ctx.gap(EXTRA_ROUTE, "the route became an extra route on the router; the next hop must forward "
            "traffic (on Neutron: allowed_address_pairs on its port, i.e. SourceDestCheck false)", "", ctx.path(key))
    ctx.consume("RouteTableId")
    shared = router_of(ctx, ctx.referenced_resource(ctx.props.get("RouteTableId")))
    router = ctx.dialect.get_resource(ctx.emitted_name(shared) or shared) if shared else \
        ctx.value(ctx.props.get("RouteTableId"), "RouteTableId")
    ctx.add(ctx.name, "OS::Neutron::ExtraRouteSet",
            {"router": router, "routes": [{"destination": destination, "nexthop": nexthop}]},
            because="a route to an instance or interface is an extra route on the router")


def route_table_association(ctx: ResourceContext) -> None:
    """A router interface on the router of the table's VPC (shared by all its route tables)."""
    table = ctx.referenced_resource(ctx.props.get("RouteTableId"))
    shared = router_of(ctx, table)
    properties = ctx.map_properties()
    if shared is not None and shared != table:
        properties["router"] = ctx.dialect.get_resource(ctx.emitted_name(shared) or shared)
    name = ctx.add(ctx.name, "OS::Neutron::RouterInterface", properties)
    subnet = ctx.referenced_resource(ctx.props.get("SubnetId"))
    for extra in ctx.emitted_names(subnet)[1:]:  # the subnet's IPv6 half joins the same router
        if (ctx.emitted(extra) or {}).get("type") == "OS::Neutron::Subnet":
            ctx.add(f"{name}Ipv6", "OS::Neutron::RouterInterface",
                    {**properties, "subnet": ctx.dialect.get_resource(extra)})
