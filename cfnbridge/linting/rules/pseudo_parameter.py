"""CB2003: pseudo parameters with no or a different OpenStack meaning."""

from cfnbridge.linting.rule import Rule


class PseudoParameter(Rule):
    """Heat returns a fixed placeholder for ``AWS::Region`` and fails on ``AWS::AccountId``,
    ``AWS::Partition``, ``AWS::URLSuffix`` and ``AWS::NotificationARNs``. The translation
    turns them into parameters or literals; values built from them (ARNs, endpoints) are
    AWS-specific."""

    id = "CB2003"
    severity = "warning"
    summary = "Pseudo parameter differs on OpenStack"
