"""CB3013: the VPC network model differs from Neutron's; its siblings of other severities (CB3213, CB3413)."""

from cfnbridge.linting.rule import Rule


class NetworkModel(Rule):
    """VPCs, subnets, route tables, internet gateways and public addresses become Neutron
    networks, routers and floating IPs. The default VPC, per-subnet routing, zones per subnet
    and automatic public addresses have no direct Neutron form; the translator says what it
    chose (a network parameter, one router per route table, a floating IP)."""

    id = "CB3013"
    severity = "warning"
    summary = "Network model differs on Neutron"


class NetworkBroken(Rule):
    """A route, prefix list, gateway or interface attachment that Neutron cannot express, so traffic will
    not flow as the template means until it is set up by hand."""

    id = "CB3213"
    severity = "error"
    summary = "Network will not work on Neutron"


class NetworkHandled(Rule):
    """A difference of form only: the external network, a port on the server, a route table joined to the
    VPC's router with the same routes, a floating IP for a public address. Nothing changes for traffic."""

    id = "CB3413"
    severity = "info"
    summary = "Network detail Neutron handles itself"
