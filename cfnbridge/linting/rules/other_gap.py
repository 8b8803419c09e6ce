"""CB3999: any translation gap no other rule claims."""

from cfnbridge.linting.rule import Rule


class OtherGap(Rule):
    """A translation gap whose code no rule lists yet. It keeps the gap's own severity and
    message, so nothing the translator reports is lost from the lint output."""

    id = "CB3999"
    severity = "warning"
    summary = "Other translation gap"
