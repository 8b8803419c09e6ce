"""CB2008: Fn::Select with an index above 0 over Fn::GetAZs."""

from collections.abc import Iterator

from cfnbridge.intrinsics import GetAZs, Select
from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule


class GetAZsIndex(Rule):
    """``!Select [1, !GetAZs '']`` assumes the region has at least two zones. Every AWS region
    does; many OpenStack clouds have exactly one, and the select fails at deploy time."""

    id = "CB2008"
    severity = "warning"
    summary = "Template assumes more than one availability zone"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        if not ctx.mentions("GetAZs"):
            return
        for function, path in ctx.functions():
            if not isinstance(function, Select) or not isinstance(function.args, list) or len(function.args) != 2:
                continue
            index, values = function.args
            if not isinstance(values, GetAZs):
                continue
            try:
                number = int(index)
            except (TypeError, ValueError):
                continue
            if number > 0:
                yield ctx.report(self, path, f"selects zone {number + 1} of Fn::GetAZs; an OpenStack cloud "
                                 f"may have fewer zones", "list the site's zones in the profile, or use one zone")
