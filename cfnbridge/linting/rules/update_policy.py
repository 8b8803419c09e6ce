"""CB5004: UpdatePolicy without a Heat equivalent; its siblings of other severities (CB5404)."""

from cfnbridge.linting.rule import Rule


class UpdatePolicy(Rule):
    """Rolling-update and replacing-update policies of auto scaling groups have only partial
    Heat equivalents; an update may replace all instances at once."""

    id = "CB5004"
    severity = "warning"
    summary = "UpdatePolicy has no Heat equivalent"


class UpdateSetting(Rule):
    """A rolling-update or scheduled-action setting Heat has no knob for, and whose absence changes
    nothing Heat does (it rolls by batch size and pause only)."""

    id = "CB5404"
    severity = "info"
    summary = "UpdatePolicy setting Heat does without"
