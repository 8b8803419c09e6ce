"""CB1003: top-level sections Heat does not accept (Metadata, Rules); its siblings of other severities (CB1403)."""

from cfnbridge.linting.rule import Rule


class TopLevelSections(Rule):
    """Heat rejects top-level ``Metadata`` and ``Rules`` (InvalidTemplateSection). The translation
    drops them; Rules' parameter checks are lost unless they become parameter constraints."""

    id = "CB1003"
    severity = "warning"
    summary = "Top-level section dropped for Heat"


class SectionNotNeeded(Rule):
    """The template's own Metadata (the console's parameter groups, tool settings) says nothing about what
    is deployed; Heat has no such section, so it is left out and nothing changes."""

    id = "CB1403"
    severity = "info"
    summary = "Top-level section not needed on Heat"
