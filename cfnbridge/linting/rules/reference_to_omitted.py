"""CB3008: references to resources that are not translated."""

from cfnbridge.linting.rule import Rule


class ReferenceToOmitted(Rule):
    """A Ref, GetAtt or DependsOn points at a resource with no OpenStack translation. The
    reference breaks the Heat template unless the resource is kept as a placeholder."""

    id = "CB3008"
    severity = "error"
    summary = "Reference to a resource that is not translated"
