"""CB0005: required property missing (what CloudFormation itself refuses)."""

from __future__ import annotations

from collections.abc import Iterator

from cfnbridge.linting.aws_validity import problems
from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule


class AwsRequiredProperty(Rule):
    """A resource (or a nested property block) without a property its schema requires fails on
    AWS, and its translation would lack the same value on OpenStack."""

    id = "CB0005"
    severity = "error"
    summary = "Required property missing"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for problem in problems(ctx):
            if problem.kind == "required":
                yield ctx.report(self, problem.path, problem.message, problem.hint, of_key=problem.of_key)
