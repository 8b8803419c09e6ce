"""CB5001: DeletionPolicy values Heat does not honour."""

from cfnbridge.linting.rule import Rule


class DeletionPolicy(Rule):
    """Heat honours Delete, Retain and (for some types) Snapshot. ``RetainExceptOnCreate``
    becomes Retain, so a failed create leaves the resource behind."""

    id = "CB5001"
    severity = "info"
    summary = "DeletionPolicy differs on Heat"
