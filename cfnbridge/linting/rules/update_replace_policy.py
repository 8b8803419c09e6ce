"""CB5002: UpdateReplacePolicy is ignored by Heat."""

from cfnbridge.linting.rule import Rule


class UpdateReplacePolicy(Rule):
    """Heat ignores ``UpdateReplacePolicy``: when an update replaces the resource, the old one
    is deleted, even where AWS would have retained or snapshotted it. Data can be lost."""

    id = "CB5002"
    severity = "warning"
    summary = "UpdateReplacePolicy is ignored by Heat"
