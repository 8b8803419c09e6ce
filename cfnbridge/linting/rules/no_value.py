"""CB2005: AWS::NoValue and how HOT expresses it."""

from cfnbridge.linting.rule import Rule


class NoValue(Rule):
    """``Ref: AWS::NoValue`` removes a property. HOT says the same with a two-argument ``if``
    (2021-04-16); older HOT versions and Heat's CloudFormation dialect cannot, so the property
    may end up null."""

    id = "CB2005"
    severity = "warning"
    summary = "AWS::NoValue needs care on Heat"
