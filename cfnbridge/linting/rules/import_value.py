"""CB4003: Fn::ImportValue across stacks."""

from cfnbridge.linting.rule import Rule


class ImportValue(Rule):
    """``Fn::ImportValue`` reads another stack's export. Heat has no exports, so the value
    becomes a parameter that the deployer fills with the other stack's output."""

    id = "CB4003"
    severity = "warning"
    summary = "Fn::ImportValue has no Heat equivalent"
