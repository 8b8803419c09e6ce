"""CB2005: AWS::NoValue and how HOT expresses it; its siblings of other severities (CB2405)."""

from cfnbridge.linting.rule import Rule


class NoValue(Rule):
    """``Ref: AWS::NoValue`` removes a property. HOT says the same with a two-argument ``if``
    (2021-04-16); older HOT versions and Heat's CloudFormation dialect cannot, so the property
    may end up null."""

    id = "CB2005"
    severity = "warning"
    summary = "AWS::NoValue needs care on Heat"


class NoValueNull(Rule):
    """Heat treats a property set to null as not set, which is what ``AWS::NoValue`` means."""

    id = "CB2405"
    severity = "info"
    summary = "AWS::NoValue written as null"
