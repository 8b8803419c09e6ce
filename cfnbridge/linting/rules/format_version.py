"""CB1005: Heat's CloudFormation dialect requires AWSTemplateFormatVersion."""

from collections.abc import Iterator

from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule


class FormatVersion(Rule):
    """CloudFormation treats ``AWSTemplateFormatVersion`` as optional, but Heat needs it (or
    ``HeatTemplateFormatVersion``) to recognise a CloudFormation template at all. Only the
    ``native`` target keeps the CloudFormation format, so only it is checked."""

    id = "CB1005"
    severity = "error"
    summary = "AWSTemplateFormatVersion missing (native target)"
    targets = ("native",)

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        root = ctx.template.root
        if "AWSTemplateFormatVersion" not in root and "HeatTemplateFormatVersion" not in root:
            yield ctx.report(self, (), "the template has no AWSTemplateFormatVersion; Heat will not "
                             "recognise it as CloudFormation", "add AWSTemplateFormatVersion: '2010-09-09'")
