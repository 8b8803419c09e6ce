"""CB3107: hard-coded availability zone names."""

import re
from collections.abc import Iterator

from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule

ZONE = re.compile(r"\b(?:us-gov|us|eu|ap|sa|ca|me|af|il|mx|cn)-"
                  r"(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d[a-z]\b")


class AvailabilityZoneLiteral(Rule):
    """A literal zone name (``us-east-1a``) exists only in AWS. OpenStack zones are named by the
    operator and often there is just one (``nova``), so a resource pinned to an AWS zone fails
    to schedule."""

    id = "CB3107"
    severity = "warning"
    summary = "Hard-coded availability zone"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        if not ctx.mentions("east-", "west-", "central-", "north-", "south-"):
            return
        for path, value in ctx.strings():
            if not path or "-" not in value:
                continue
            if path[0] == "Resources" and not (len(path) > 2 and ctx.translated(path[1])):
                continue
            if path[0] not in ("Resources", "Parameters") or path[0] == "Parameters" and "Default" not in path:
                continue
            match = ZONE.search(value)
            if match:
                yield ctx.report(self, path, f"hard-coded AWS availability zone {match.group(0)!r}",
                                 "list the site's zones in the profile (availability_zones) or use a parameter")
