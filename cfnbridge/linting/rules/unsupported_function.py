"""CB2001: intrinsic functions Heat does not implement."""

from cfnbridge.linting.rule import Rule


class UnsupportedFunction(Rule):
    """Heat implements Ref, GetAtt, Join, Select, Split, Replace, Base64, FindInMap, GetAZs, If
    and the condition functions. ``Fn::Sub`` becomes ``str_replace``; ``Fn::Cidr``,
    ``Fn::Length``, ``Fn::ToJsonString`` and unknown ``Fn::`` names have no Heat form and pass
    through as literal data that fails at deploy time."""

    id = "CB2001"
    severity = "error"
    summary = "Intrinsic function with no Heat equivalent"
