"""CB3013: the VPC network model differs from Neutron's."""

from cfnbridge.linting.rule import Rule


class NetworkModel(Rule):
    """VPCs, subnets, route tables, internet gateways and public addresses become Neutron
    networks, routers and floating IPs. The default VPC, per-subnet routing, zones per subnet
    and automatic public addresses have no direct Neutron form; the translator says what it
    chose (a network parameter, one router per route table, a floating IP)."""

    id = "CB3013"
    severity = "warning"
    summary = "Network model differs on Neutron"
