"""CB3103: hard-coded AMI ids."""

import re
from collections.abc import Iterator

from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule

AMI = re.compile(r"\bami-(?:[0-9a-f]{17}|[0-9a-f]{8})\b")


class HardcodedAmi(Rule):
    """An AMI id exists in one AWS region only and means nothing to Glance. Literal AMI ids in
    resources, parameter defaults and mappings each need a Glance image on the target cloud
    (a site profile maps them). A mapping full of AMIs is reported once."""

    id = "CB3103"
    severity = "warning"
    summary = "Hard-coded AMI id"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        if not ctx.mentions("ami-"):
            return
        mappings: dict[str, list[tuple[tuple, str]]] = {}
        for path, value in ctx.strings():
            if "ami-" not in value or not AMI.search(value):
                continue
            section = path[0] if path else None
            if section == "Mappings" and len(path) > 1:
                mappings.setdefault(path[1], []).append((path, value))
            elif section == "Parameters" and "Default" in path or section == "Resources" and ctx.translated(path[1]):
                yield ctx.report(self, path, f"hard-coded AMI id {AMI.search(value).group(0)}",
                                 "map it to a Glance image in the site profile (images)")
        for mapping, found in mappings.items():
            path, value = found[0]
            yield ctx.report(self, path, f"mapping {mapping!r} holds {len(found)} hard-coded AMI id(s), "
                             f"starting with {AMI.search(value).group(0)}",
                             "map them to Glance images in the site profile (images)")
