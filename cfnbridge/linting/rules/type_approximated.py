"""CB3002: resource types translated to something close, not equal."""

from cfnbridge.linting.rule import Rule


class TypeApproximated(Rule):
    """The type translates, but the OpenStack resource behaves differently (an AWS load
    balancer becoming Octavia, a NAT gateway becoming router SNAT …). The resource map's
    message says how."""

    id = "CB3002"
    severity = "warning"
    summary = "Resource type only approximated on OpenStack"
