"""CB3004: properties translated to something close, not equal; its siblings of other severities (CB3404)."""

from cfnbridge.linting.rule import Rule


class PropertyApproximated(Rule):
    """The property maps to an OpenStack property whose meaning differs in detail (canned ACLs
    to Swift ACLs, instance types to flavors …). Review the value."""

    id = "CB3004"
    severity = "warning"
    summary = "Property only approximated"


class PropertyEquivalent(Rule):
    """The property became the OpenStack setting that does the same (a device name Nova picks, a dead-
    letter policy in Zaqar's queue metadata, a single value as the one-item list Heat requires)."""

    id = "CB3404"
    severity = "info"
    summary = "Property translated to an equivalent"
