"""CB5001: DeletionPolicy values Heat does not honour; its siblings of other severities (CB5201, CB5301)."""

from cfnbridge.linting.rule import Rule


class DeletionPolicy(Rule):
    """Heat honours Delete, Retain and (for some types) Snapshot. ``RetainExceptOnCreate``
    becomes Retain, so a failed create leaves the resource behind."""

    id = "CB5001"
    severity = "info"
    summary = "DeletionPolicy differs on Heat"


class SnapshotPolicy(Rule):
    """Heat cannot snapshot this type on delete, so the resource is retained instead: deleting the stack
    leaves it running (and billed) rather than snapshotted and removed."""

    id = "CB5301"
    severity = "warning"
    summary = "DeletionPolicy changed for Heat (Snapshot becomes Retain, a chosen one fixed)"


class DeletionPolicyUnknown(Rule):
    """The DeletionPolicy is chosen by a function (AWS::LanguageExtensions) whose value cannot be
    known before deployment; Heat takes only a literal policy, so the resource gets Heat's
    default, Delete, and its data goes with the stack."""

    id = "CB5201"
    severity = "error"
    summary = "DeletionPolicy cannot be decided for Heat"
