"""CB3019: managed databases, queues and DNS differ on Trove, Zaqar and Designate.

Siblings of other severities: CB3219, CB3419.
"""

from cfnbridge.linting.rule import Rule


class ManagedServices(Rule):
    """RDS, SQS, SNS and Route 53 map to Trove, Zaqar and Designate where a site runs them.
    Engines, subscriptions, alias records and zone settings map only partly, and the services
    are optional on OpenStack."""

    id = "CB3019"
    severity = "warning"
    summary = "Managed service differs on OpenStack"


class ManagedServiceMissing(Rule):
    """A database engine Trove has no datastore for, a DNS record Designate cannot hold (an alias, a
    record set group, a record without a zone), a subscriber Zaqar cannot deliver to: that part will not
    work."""

    id = "CB3219"
    severity = "error"
    summary = "Managed service feature missing on OpenStack"


class ManagedServiceDetail(Rule):
    """A queue or zone name, a subnet group's network, an e-mail subscription format: OpenStack's service
    does the same with its own spelling."""

    id = "CB3419"
    severity = "info"
    summary = "Managed service detail OpenStack does its own way"
