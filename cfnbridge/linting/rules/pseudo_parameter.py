"""CB2003: pseudo parameters with no or a different OpenStack meaning.

Siblings of other severities: CB2203, CB2403.
"""

from cfnbridge.linting.rule import Rule


class PseudoParameter(Rule):
    """Heat returns a fixed placeholder for ``AWS::Region`` and fails on ``AWS::AccountId``,
    ``AWS::Partition``, ``AWS::URLSuffix`` and ``AWS::NotificationARNs``. The translation
    turns them into parameters or literals; values built from them (ARNs, endpoints) are
    AWS-specific."""

    id = "CB2003"
    severity = "warning"
    summary = "Pseudo parameter differs on OpenStack"


class PseudoParameterMissing(Rule):
    """The pseudo parameter (``AWS::NotificationARNs`` …) has no counterpart on OpenStack, so the value it
    stood for is empty: whatever reads it will not work."""

    id = "CB2203"
    severity = "error"
    summary = "Pseudo parameter with no OpenStack value"


class PseudoParameterMapped(Rule):
    """``AWS::Region`` became a Region parameter and ``AWS::AccountId`` the project id: the value means
    the same on OpenStack."""

    id = "CB2403"
    severity = "info"
    summary = "Pseudo parameter with an OpenStack equivalent"
