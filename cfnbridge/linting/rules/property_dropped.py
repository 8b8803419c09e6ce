"""CB3003: properties with no OpenStack meaning; its siblings of other severities (CB3203, CB3403)."""

from cfnbridge.linting.rule import Rule


class PropertyDropped(Rule):
    """The property has no counterpart on the OpenStack resource and was dropped, or is not a
    property of the type at all. Whatever it configured on AWS does not happen."""

    id = "CB3003"
    severity = "warning"
    summary = "Property not translated"


class PropertyLost(Rule):
    """The property has no OpenStack form and what it set is needed: a required property Heat's own type
    cannot get, addresses that were not added, a setting without which the resource cannot do its job."""

    id = "CB3203"
    severity = "error"
    summary = "Property dropped, so the resource will not work"


class PropertyNotNeeded(Rule):
    """The property has no OpenStack meaning (tags on an object Neutron does not have, ClassicLink, a name
    AWS shows only in its console); dropping it changes nothing that deploys."""

    id = "CB3403"
    severity = "info"
    summary = "Property not needed on OpenStack"
