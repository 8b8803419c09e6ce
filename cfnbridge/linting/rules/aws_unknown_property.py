"""CB0002: unknown property (what CloudFormation itself refuses)."""

from __future__ import annotations

from collections.abc import Iterator

from cfnbridge.linting.aws_validity import problems
from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule


class AwsUnknownProperty(Rule):
    """CloudFormation refuses a property the resource type does not have ("Encountered
    unsupported property"). A typo such as ``CidrBlok`` would otherwise read as a property with
    no OpenStack mapping, silently dropped, and leave the resource without the value it needs."""

    id = "CB0002"
    severity = "error"
    summary = "Unknown property"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for problem in problems(ctx):
            if problem.kind == "property":
                yield ctx.report(self, problem.path, problem.message, problem.hint, of_key=problem.of_key)
