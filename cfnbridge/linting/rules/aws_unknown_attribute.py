"""CB0006: unknown getatt attribute (what CloudFormation itself refuses)."""

from __future__ import annotations

from collections.abc import Iterator

from cfnbridge.linting.aws_validity import problems
from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule


class AwsUnknownAttribute(Rule):
    """``Fn::GetAtt`` (or ``${Resource.Attribute}`` in ``Fn::Sub``) of an attribute the resource
    type does not have fails on AWS ("Template error: resource X does not support attribute
    type Y")."""

    id = "CB0006"
    severity = "error"
    summary = "Unknown GetAtt attribute"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for problem in problems(ctx):
            if problem.kind == "attribute":
                yield ctx.report(self, problem.path, problem.message, problem.hint, of_key=problem.of_key)
