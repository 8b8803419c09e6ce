"""CB2004: a reference to a name the template does not define."""

from cfnbridge.linting.rule import Rule


class UndefinedReference(Rule):
    """A Ref or Sub variable names no parameter, resource or pseudo parameter. CloudFormation
    rejects the template, and so does Heat."""

    id = "CB2004"
    severity = "error"
    summary = "Reference to an undefined name"
