"""CB3105: hard-coded AWS account ids."""

import re
from collections.abc import Iterator

from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule
from cfnbridge.linting.rules.hardcoded_arn import _relevant

ACCOUNT = re.compile(r"(?<![\w.:-])\d{12}(?![\w.-])")


class HardcodedAccountId(Rule):
    """A 12-digit AWS account id ties the template to one AWS account (cross-account roles,
    bucket policies, trusted principals). An OpenStack project id looks nothing like it.
    Ids inside ARNs are left to CB3104."""

    id = "CB3105"
    severity = "warning"
    summary = "Hard-coded AWS account id"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for path, value in ctx.strings():
            if "arn:" in value or len(value) < 12 or not _relevant(ctx, path):
                continue
            match = ACCOUNT.search(value)
            if match:
                yield ctx.report(self, path, f"hard-coded AWS account id {match.group(0)}",
                                 "use the OpenStack project id (get_param: OS::project_id) or a parameter")
