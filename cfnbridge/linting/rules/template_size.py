"""CB1010: Heat's template size limit (512 KB)."""

from collections.abc import Iterator

from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule

HEAT_MAX_TEMPLATE_BYTES = 524_288


class TemplateSize(Rule):
    """Heat refuses templates larger than 524,288 bytes (``max_template_size``). CloudFormation
    accepts up to 1 MB from S3, so a large AWS template may need splitting into nested stacks."""

    id = "CB1010"
    severity = "error"
    summary = "Template larger than Heat's 512 KB limit"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        size = len(ctx.template.source_text.encode("utf-8"))
        if size > HEAT_MAX_TEMPLATE_BYTES:
            yield ctx.report(self, (), f"the template is {size:,} bytes; Heat accepts at most "
                             f"{HEAT_MAX_TEMPLATE_BYTES:,}", "split it into nested stacks")
