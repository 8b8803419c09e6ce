"""CB3101: EC2 PublicIp and PrivateIp become the same address on Heat."""

from collections.abc import Iterator

from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule

ADDRESS_ATTRIBUTES = frozenset({"PublicIp", "PrivateIp", "PublicDnsName", "PrivateDnsName"})
_INSTANCE = "AWS::EC2::Instance"


class InstanceAddressCollapse(Rule):
    """On AWS an instance has a private address and, separately, a public one. Heat's
    ``AWS::EC2::Instance`` returns the server's first address for PublicIp, PrivateIp,
    PublicDnsName and PrivateDnsName alike, so a template that tells them apart (a public URL
    output, a private address in a config file) silently gets one address for both."""

    id = "CB3101"
    severity = "warning"
    summary = "PublicIp and PrivateIp collapse to one address"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        if not ctx.mentions("PublicIp", "PrivateIp", "DnsName"):
            return
        resources = ctx.template.resources
        seen: set[tuple[object, ...]] = set()
        for ref in ctx.references():
            if ref.kind not in ("GetAtt", "Sub") or ref.attribute not in ADDRESS_ATTRIBUTES:
                continue
            target = resources.get(ref.target)
            if target is None or target.type != _INSTANCE or (ref.path, ref.attribute) in seen:
                continue
            seen.add((ref.path, ref.attribute))
            yield ctx.report(self, ref.path, f"{ref.target}.{ref.attribute} is the server's first address on "
                             "Heat; public and private addresses are the same value",
                             "attach an OS::Neutron::FloatingIP and use its floating_ip_address for the "
                             "public address")
