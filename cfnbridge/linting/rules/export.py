"""CB4002: Outputs exported for other stacks."""

from cfnbridge.linting.rule import Rule


class Export(Rule):
    """CloudFormation exports let other stacks import a value by name. Heat ignores
    ``Export`` silently: the output stays, but no other stack can import it."""

    id = "CB4002"
    severity = "warning"
    summary = "Output export is ignored by Heat"
