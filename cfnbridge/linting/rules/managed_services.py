"""CB3019: managed databases, queues and DNS differ on Trove, Zaqar and Designate."""

from cfnbridge.linting.rule import Rule


class ManagedServices(Rule):
    """RDS, SQS, SNS and Route 53 map to Trove, Zaqar and Designate where a site runs them.
    Engines, subscriptions, alias records and zone settings map only partly, and the services
    are optional on OpenStack."""

    id = "CB3019"
    severity = "warning"
    summary = "Managed service differs on OpenStack"
