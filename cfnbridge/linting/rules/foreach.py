"""CB1004: Fn::ForEach loops (AWS::LanguageExtensions)."""

from cfnbridge.linting.rule import Rule


class ForEach(Rule):
    """Heat has no loop, so ``Fn::ForEach`` is written out at translation time: a loop over a
    literal list becomes its copies; a loop over a list parameter is written out for the
    parameter's default (a warning: another value would make other resources on AWS); a loop
    whose collection is computed at deploy time is left out (an error)."""

    id = "CB1004"
    severity = "error"
    summary = "Fn::ForEach left out: its collection is known only at deploy time"


class ForEachWithDefault(Rule):
    """A loop over a list parameter is written out for the parameter's default: another value
    at deployment would make other resources on AWS, but not on Heat."""

    id = "CB1304"
    severity = "warning"
    summary = "Fn::ForEach written out for a parameter's default"
