"""CB4001: parameter types Heat does not know; its siblings of other severities (CB4401)."""

from cfnbridge.linting.rule import Rule


class ParameterType(Rule):
    """Heat knows String, Number, CommaDelimitedList, Json and Boolean. AWS-specific types
    (``AWS::EC2::KeyPair::KeyName``, ``List<AWS::EC2::Subnet::Id>``, SSM parameter types) are
    rejected by Heat and become plain types, losing the validation AWS did."""

    id = "CB4001"
    severity = "warning"
    summary = "Parameter type unknown to Heat"


class ParameterCheckedLess(Rule):
    """AWS-specific parameter types and constraints become plain strings, lists or numbers (Heat cannot
    check that an AWS id exists), or a default comes from the site profile: the values still work."""

    id = "CB4401"
    severity = "info"
    summary = "Parameter checked less strictly on Heat"
