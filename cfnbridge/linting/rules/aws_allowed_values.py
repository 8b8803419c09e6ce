"""CB0004: value outside the allowed values (what CloudFormation itself refuses)."""

from __future__ import annotations

from collections.abc import Iterator

from cfnbridge.linting.aws_validity import problems
from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule


class AwsAllowedValues(Rule):
    """The provider schema lists the values a property accepts (a volume type, a protocol, a
    scheme); any other string fails on AWS. The nearest allowed value is suggested."""

    id = "CB0004"
    severity = "error"
    summary = "Value outside the allowed values"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for problem in problems(ctx):
            if problem.kind == "enum":
                yield ctx.report(self, problem.path, problem.message, problem.hint, of_key=problem.of_key)
