"""CB3014: load balancers behave differently on Octavia; its siblings of other severities (CB3214, CB3414)."""

from cfnbridge.linting.rule import Rule


class LoadBalancer(Rule):
    """ELB and ELBv2 become Octavia load balancers, listeners, pools and monitors. Listener
    rules, stickiness, attributes, schemes, health checks and target types map only partly, and
    an Octavia load balancer has no security group."""

    id = "CB3014"
    severity = "warning"
    summary = "Load balancer semantics differ on Octavia"


class LoadBalancerFeatureMissing(Rule):
    """An action, protocol, target type or security group Octavia does not have: requests are refused,
    unauthenticated or unfiltered, or the load balancer reaches nothing, until it is redesigned."""

    id = "CB3214"
    severity = "error"
    summary = "Load balancer feature missing on Octavia"


class LoadBalancerDetail(Rule):
    """A health check threshold, stickiness or attribute Octavia sets with its own default, a certificate
    unused because TLS passes through: the load balancer behaves the same for the application."""

    id = "CB3414"
    severity = "info"
    summary = "Load balancer detail Octavia does its own way"
