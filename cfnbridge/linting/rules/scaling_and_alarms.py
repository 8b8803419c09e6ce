"""CB3016: auto scaling and alarms differ on Heat and Aodh; its siblings of other severities (CB3416)."""

from cfnbridge.linting.rule import Rule


class ScalingAndAlarms(Rule):
    """Auto scaling groups, launch templates, scaling policies and CloudWatch alarms become
    Heat auto scaling and Aodh alarms. Metrics, dimensions, statistics, adjustment types and
    mixed instance policies have no exact counterpart."""

    id = "CB3016"
    severity = "warning"
    summary = "Scaling or alarm semantics differ"


class ScalingHandled(Rule):
    """A launch template has no OpenStack resource of its own; its data is copied into the servers and
    scaling groups that use it."""

    id = "CB3416"
    severity = "info"
    summary = "Scaling detail handled another way"
