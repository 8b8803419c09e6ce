"""CB0003: value of the wrong type (what CloudFormation itself refuses)."""

from __future__ import annotations

from collections.abc import Iterator

from cfnbridge.linting.aws_validity import problems
from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule


class AwsValueType(Rule):
    """A property given a value of the wrong kind (``MapPublicIpOnLaunch: maybe`` where a boolean
    is needed, a single string where a list is needed) fails on AWS. CloudFormation's own
    coercions are accepted: ``"true"`` is a boolean and ``"8080"`` an integer. Values computed
    by intrinsic functions are not judged."""

    id = "CB0003"
    severity = "error"
    summary = "Value of the wrong type"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for problem in problems(ctx):
            if problem.kind == "value":
                yield ctx.report(self, problem.path, problem.message, problem.hint, of_key=problem.of_key)
