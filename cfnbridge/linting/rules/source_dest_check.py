"""CB3102: SourceDestCheck has no Heat implementation."""

from collections.abc import Iterator

from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule

_TYPES = ("AWS::EC2::Instance", "AWS::EC2::NetworkInterface")


class SourceDestCheck(Rule):
    """``SourceDestCheck: false`` makes an instance a NAT or router on AWS. Heat marks the
    property not implemented; on Neutron the same effect needs port security disabled or
    ``allowed_address_pairs`` on the port, which the template must say explicitly."""

    id = "CB3102"
    severity = "warning"
    summary = "SourceDestCheck is not implemented by Heat"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        if not ctx.mentions("SourceDestCheck"):
            return
        for name, resource in ctx.template.resources.items():
            props = resource.properties
            if resource.type in _TYPES and isinstance(props, dict) and "SourceDestCheck" in props:
                yield ctx.report(self, ("Resources", name, "Properties", "SourceDestCheck"),
                                 "SourceDestCheck is not implemented by Heat; a NAT or routing instance will "
                                 "drop forwarded traffic", "set port_security_enabled: false or "
                                 "allowed_address_pairs on the Neutron port", of_key=True)
