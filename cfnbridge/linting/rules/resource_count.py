"""CB1011: Heat's limit of 1,000 resources per stack."""

from collections.abc import Iterator

from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule

HEAT_MAX_RESOURCES = 1000


class ResourceCount(Rule):
    """Heat refuses a stack with more than 1,000 resources (``max_resources_per_stack``). The
    translation can emit more resources than the AWS template has (a VPC family becomes
    several Neutron resources), so the larger of the two counts is checked."""

    id = "CB1011"
    severity = "error"
    summary = "More resources than Heat allows per stack"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        count = len(ctx.template.resources)
        if ctx.translation is not None:
            document = ctx.translation.template
            emitted = document.get("resources", document.get("Resources")) or {}
            count = max(count, len(emitted))
        if count > HEAT_MAX_RESOURCES:
            yield ctx.report(self, ("Resources",), f"{count:,} resources after translation; Heat allows "
                             f"{HEAT_MAX_RESOURCES:,} per stack", "split the template into nested stacks",
                             of_key=True)
