"""CB3003: properties with no OpenStack meaning."""

from cfnbridge.linting.rule import Rule


class PropertyDropped(Rule):
    """The property has no counterpart on the OpenStack resource and was dropped, or is not a
    property of the type at all. Whatever it configured on AWS does not happen."""

    id = "CB3003"
    severity = "warning"
    summary = "Property not translated"
