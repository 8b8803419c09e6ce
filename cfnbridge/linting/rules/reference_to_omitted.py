"""CB3008: references to resources that are not translated; its siblings of other severities (CB3308, CB3408)."""

from cfnbridge.linting.rule import Rule


class ReferenceToOmitted(Rule):
    """A Ref, GetAtt or DependsOn points at a resource with no OpenStack translation. The
    reference breaks the Heat template unless the resource is kept as a placeholder."""

    id = "CB3008"
    severity = "error"
    summary = "Reference to a resource that is not translated"


class ReferenceToPlaceholder(Rule):
    """The reference reads a resource kept as an ``OS::Heat::None`` placeholder (``--placeholder``), or an
    output or parameter had to go with the resource it read: the stack deploys, but the value is empty."""

    id = "CB3308"
    severity = "warning"
    summary = "Reference to a placeholder or a removed part"


class DependencyDropped(Rule):
    """``DependsOn`` names a resource with no OpenStack form; the dependency is dropped, and the omitted
    resource has its own finding."""

    id = "CB3408"
    severity = "info"
    summary = "Dependency on an omitted resource dropped"
