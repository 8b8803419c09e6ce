"""CB1004: Fn::ForEach loops (AWS::LanguageExtensions)."""

from cfnbridge.linting.rule import Rule


class ForEach(Rule):
    """``Fn::ForEach`` generates resources at deploy time through the LanguageExtensions
    transform. Heat has no such loop; the generated resources are not translated."""

    id = "CB1004"
    severity = "error"
    summary = "Fn::ForEach has no Heat equivalent"
