"""CB3017: nested stacks and wait conditions; its siblings of other severities (CB3217, CB3417)."""

from cfnbridge.linting.rule import Rule


class NestedStacks(Rule):
    """A nested stack's template URL usually points at S3, which Heat cannot read, and wait
    condition handles are signalled differently (a Heat signal URL rather than a presigned S3
    URL)."""

    id = "CB3017"
    severity = "warning"
    summary = "Nested stack or wait condition needs rework"


class WaitSignalBroken(Rule):
    """The instance signals the wait condition handle the AWS way (a presigned URL); Heat's handle needs
    an authenticated POST, so the wait times out and the stack fails until the signal is rewritten."""

    id = "CB3217"
    severity = "error"
    summary = "Wait condition will not be signalled"


class MemberStack(Rule):
    """The members of a scaling group with a load balancer are a small nested stack (server and pool
    member), as Heat scales them."""

    id = "CB3417"
    severity = "info"
    summary = "Scaling group members became a nested stack"
