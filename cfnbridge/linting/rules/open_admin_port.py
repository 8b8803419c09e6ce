"""CB6004: admin and database ports open to the whole internet."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule

ADMIN_PORTS = {22: "SSH", 23: "Telnet", 3389: "RDP", 5985: "WinRM", 5986: "WinRM", 3306: "MySQL",
               5432: "PostgreSQL", 1433: "SQL Server", 1521: "Oracle", 6379: "Redis", 27017: "MongoDB",
               9200: "Elasticsearch", 11211: "Memcached", 2379: "etcd"}
OPEN = ("0.0.0.0/0", "::/0")
_ALL_PROTOCOLS = ("-1", "all")
_PORT_PROTOCOLS = ("tcp", "udp", "6", "17")


class OpenAdminPort(Rule):
    """An ingress rule from 0.0.0.0/0 (or ::/0) on SSH, RDP or a database port exposes it to
    every scanner on the internet. On OpenStack the same rule is applied as written, and a
    parameter default of 0.0.0.0/0 counts as written."""

    id = "CB6004"
    severity = "warning"
    summary = "Admin port open to 0.0.0.0/0"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        if not ctx.mentions("0.0.0.0/0", "::/0"):
            return
        for name, resource in ctx.template.resources.items():
            props = resource.properties
            if not isinstance(props, dict):
                continue
            base = ("Resources", name, "Properties")
            if resource.type == "AWS::EC2::SecurityGroup":
                rules = props.get("SecurityGroupIngress")
                if isinstance(rules, list):
                    for index, rule in enumerate(rules):
                        yield from self._rule(ctx, rule, (*base, "SecurityGroupIngress", index))
            elif resource.type == "AWS::EC2::SecurityGroupIngress":
                yield from self._rule(ctx, props, base)

    def _rule(self, ctx: LintContext, rule: Any, path: tuple) -> Iterator[Diagnostic]:
        if not isinstance(rule, dict):
            return
        for key in ("CidrIp", "CidrIpv6"):
            if key not in rule:
                continue
            cidr, via = rule[key], ""
            default = ctx.parameter_default(cidr)
            if default is not None:
                via = f" (the default of parameter {default[0]!r})"
                cidr = default[1]
            if cidr not in OPEN:
                continue
            ports = _open_ports(rule)
            if ports:
                names = ", ".join(f"{port} ({ADMIN_PORTS[port]})" for port in ports[:4])
                yield ctx.report(self, (*path, key), f"{cidr}{via} may reach {names}",
                                 "restrict the source to an admin network or a bastion's security group")


def _open_ports(rule: dict[str, Any]) -> list[int]:
    protocol = str(rule.get("IpProtocol", "")).lower()
    if protocol in _ALL_PROTOCOLS:
        return sorted(ADMIN_PORTS)
    if protocol not in _PORT_PROTOCOLS:
        return []
    try:
        low, high = int(rule.get("FromPort")), int(rule.get("ToPort"))
    except (TypeError, ValueError):
        return []
    if low == -1 and high == -1:
        return sorted(ADMIN_PORTS)
    return [port for port in sorted(ADMIN_PORTS) if low <= port <= high]
