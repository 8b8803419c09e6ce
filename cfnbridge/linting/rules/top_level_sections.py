"""CB1003: top-level sections Heat does not accept (Metadata, Rules)."""

from cfnbridge.linting.rule import Rule


class TopLevelSections(Rule):
    """Heat rejects top-level ``Metadata`` and ``Rules`` (InvalidTemplateSection). The translation
    drops them; Rules' parameter checks are lost unless they become parameter constraints."""

    id = "CB1003"
    severity = "warning"
    summary = "Top-level section dropped for Heat"
