"""CB3016: auto scaling and alarms differ on Heat and Aodh."""

from cfnbridge.linting.rule import Rule


class ScalingAndAlarms(Rule):
    """Auto scaling groups, launch templates, scaling policies and CloudWatch alarms become
    Heat auto scaling and Aodh alarms. Metrics, dimensions, statistics, adjustment types and
    mixed instance policies have no exact counterpart."""

    id = "CB3016"
    severity = "warning"
    summary = "Scaling or alarm semantics differ"
