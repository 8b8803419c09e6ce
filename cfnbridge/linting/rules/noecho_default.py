"""CB6001: NoEcho parameters with a default."""

from collections.abc import Iterator

from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule


class NoEchoDefault(Rule):
    """A NoEcho parameter hides its value from stack listings, but a Default is written in the
    template itself, in plain text, for anyone who can read the file or the repository."""

    id = "CB6001"
    severity = "warning"
    summary = "NoEcho parameter has a default value"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for name, parameter in ctx.template.parameters.items():
            if parameter.no_echo and parameter.has_default and parameter.default not in (None, ""):
                yield ctx.report(self, ("Parameters", name, "Default"),
                                 f"NoEcho parameter {name!r} has a default: the secret is in the template",
                                 "remove the Default and pass the value at deploy time", of_key=True)
