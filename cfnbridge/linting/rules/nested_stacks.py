"""CB3017: nested stacks and wait conditions."""

from cfnbridge.linting.rule import Rule


class NestedStacks(Rule):
    """A nested stack's template URL usually points at S3, which Heat cannot read, and wait
    condition handles are signalled differently (a Heat signal URL rather than a presigned S3
    URL)."""

    id = "CB3017"
    severity = "warning"
    summary = "Nested stack or wait condition needs rework"
