"""CB3006: attributes (Fn::GetAtt) with no OpenStack value."""

from cfnbridge.linting.rule import Rule


class UnsupportedAttribute(Rule):
    """The attribute has no OpenStack counterpart (a Swift container has no ARN …), so the
    GetAtt has nothing to return and whatever uses it breaks."""

    id = "CB3006"
    severity = "error"
    summary = "Attribute has no OpenStack value"
