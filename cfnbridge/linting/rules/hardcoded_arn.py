"""CB3104: hard-coded ARNs."""

import re
from collections.abc import Iterator

from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule

ARN = re.compile(r"\barn:(?:aws[a-z-]*|\$\{AWS::Partition\}):[a-z0-9-]*:")


class HardcodedArn(Rule):
    """An ARN names an AWS resource (a role, a certificate, a topic) in an AWS account. Nothing
    on OpenStack answers to it, so a translated resource that carries one points nowhere."""

    id = "CB3104"
    severity = "warning"
    summary = "Hard-coded ARN"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        if not ctx.mentions("arn:"):
            return
        for path, value in ctx.strings():
            if "arn:" not in value or not _relevant(ctx, path):
                continue
            match = ARN.search(value)
            if match:
                yield ctx.report(self, path, f"AWS ARN {_short(value[match.start():])!r} has no OpenStack meaning",
                                 "replace it with the OpenStack resource's id or a parameter")


def _relevant(ctx: LintContext, path: tuple) -> bool:
    if not path:
        return False
    if path[0] == "Resources":
        return len(path) > 2 and ctx.translated(path[1])
    return path[0] == "Outputs" or (path[0] == "Parameters" and "Default" in path)


def _short(text: str) -> str:
    text = text.split()[0] if text.split() else text
    return text if len(text) <= 60 else text[:57] + "..."
