"""CB2002: a function Heat lacks was evaluated at translation time."""

from cfnbridge.linting.rule import Rule


class FunctionEvaluated(Rule):
    """A function Heat does not implement (``Fn::Cidr``, ``Fn::Length`` …) had arguments known
    before deployment, so the translation wrote its result instead. If a parameter's value
    changes, the result no longer follows it."""

    id = "CB2002"
    severity = "info"
    summary = "Function replaced by its value at translation time"
