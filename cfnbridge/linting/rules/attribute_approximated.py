"""CB3007: attributes whose OpenStack value differs; its siblings of other severities (CB3407)."""

from cfnbridge.linting.rule import Rule


class AttributeApproximated(Rule):
    """The attribute maps to an OpenStack attribute that stands in for it (a container URL for
    an S3 domain name …) but does not mean exactly the same. Codes that resource maps declare
    on approximated attributes map here."""

    id = "CB3007"
    severity = "warning"
    summary = "Attribute only approximated"


class AttributeEquivalent(Rule):
    """``Fn::GetAtt`` reads the OpenStack attribute that holds the same value under another name."""

    id = "CB3407"
    severity = "info"
    summary = "Attribute read from an equivalent"
