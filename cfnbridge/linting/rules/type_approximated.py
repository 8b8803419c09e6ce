"""CB3002: resource types translated to something close, not equal; its siblings of other severities (CB3402)."""

from cfnbridge.linting.rule import Rule


class TypeApproximated(Rule):
    """The type translates, but the OpenStack resource behaves differently (an AWS load
    balancer becoming Octavia, a NAT gateway becoming router SNAT …). The resource map's
    message says how."""

    id = "CB3002"
    severity = "warning"
    summary = "Resource type only approximated on OpenStack"


class TypeStandIn(Rule):
    """Neutron has no object for this type (an internet or NAT gateway): what it did is done by the
    router, and an ``OS::Heat::None`` stands in so that references stay valid."""

    id = "CB3402"
    severity = "info"
    summary = "Resource type replaced by an OpenStack equivalent"
