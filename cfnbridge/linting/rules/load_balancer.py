"""CB3014: load balancers behave differently on Octavia."""

from cfnbridge.linting.rule import Rule


class LoadBalancer(Rule):
    """ELB and ELBv2 become Octavia load balancers, listeners, pools and monitors. Listener
    rules, stickiness, attributes, schemes, health checks and target types map only partly, and
    an Octavia load balancer has no security group."""

    id = "CB3014"
    severity = "warning"
    summary = "Load balancer semantics differ on Octavia"
