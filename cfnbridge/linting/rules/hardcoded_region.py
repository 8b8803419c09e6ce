"""CB3106: hard-coded AWS region names."""

import re
from collections.abc import Iterator

from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule
from cfnbridge.linting.rules.hardcoded_arn import _relevant

REGION = re.compile(r"\b(?:us-gov|us|eu|ap|sa|ca|me|af|il|mx|cn)-"
                    r"(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d(?![a-z0-9])")


class HardcodedRegion(Rule):
    """A literal AWS region (``us-east-1``) in a resource or a default assumes the template runs
    in that region. OpenStack region names are chosen by the operator (``RegionOne``), and
    endpoints built from the region point at AWS. Regions inside ARNs are left to CB3104."""

    id = "CB3106"
    severity = "warning"
    summary = "Hard-coded AWS region"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        if not ctx.mentions("east-", "west-", "central-", "north-", "south-"):
            return
        for path, value in ctx.strings():
            if "-" not in value or "arn:" in value or not _relevant(ctx, path):
                continue
            match = REGION.search(value)
            if match:
                yield ctx.report(self, path, f"hard-coded AWS region {match.group(0)!r}",
                                 "use the site's region (profile 'region') or a parameter")
