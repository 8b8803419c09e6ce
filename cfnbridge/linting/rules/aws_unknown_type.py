"""CB0001: unknown resource type (what CloudFormation itself refuses)."""

from __future__ import annotations

from collections.abc import Iterator

from cfnbridge.linting.aws_validity import problems
from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule


class AwsUnknownType(Rule):
    """CloudFormation refuses a resource type it does not know ("Template format error: Unrecognized
    resource types"). A misspelt type such as ``AWS::EC2::NatGateWay`` is a typo to fix in the
    AWS template, not a service to model by hand on OpenStack, so the translation advice for
    that resource is left out. Types of custom resources, SAM and Heat are not judged."""

    id = "CB0001"
    severity = "error"
    summary = "Unknown resource type"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for problem in problems(ctx):
            if problem.kind == "type":
                yield ctx.report(self, problem.path, problem.message, problem.hint, of_key=problem.of_key)
