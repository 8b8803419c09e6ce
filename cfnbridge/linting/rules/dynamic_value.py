"""CB3009: structure computed at deploy time that the translation cannot see through.

Siblings of other severities: CB3209.
"""

from cfnbridge.linting.rule import Rule


class DynamicValue(Rule):
    """A whole property list or tag key comes from a function evaluated at deploy time, so the
    translation cannot map its parts one by one; part of it was dropped or kept as is."""

    id = "CB3009"
    severity = "warning"
    summary = "Value known only at deploy time"


class UnreadableValue(Rule):
    """The translation has to read this value to write the OpenStack resources (listeners, addresses,
    actions, conditions, properties), but a function computes it at deploy time, so that part was not
    translated."""

    id = "CB3209"
    severity = "error"
    summary = "Value the translation must read is known only at deploy time"
