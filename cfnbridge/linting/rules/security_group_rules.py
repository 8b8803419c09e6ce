"""CB3015: security group rules that change meaning on Neutron; its siblings of other severities (CB3215, CB3415)."""

from cfnbridge.linting.rule import Rule


class SecurityGroupRules(Rule):
    """Neutron security group rules are close to EC2's, with traps: a rule without a source is
    open to everyone, a rule naming another group needs ``remote_mode``, group names and
    owners have no Neutron meaning, and rules computed at deploy time cannot be checked."""

    id = "CB3015"
    severity = "warning"
    summary = "Security group rule changes meaning on Neutron"


class SecurityGroupRuleDropped(Rule):
    """A rule Neutron cannot express (a bad port range, rules computed at deploy time, a group list or a
    source Neutron cannot read) was dropped rather than opened wider: traffic it admitted is refused."""

    id = "CB3215"
    severity = "error"
    summary = "Security group rule dropped"


class SecurityGroupRuleKept(Rule):
    """Conditional rules and sources stay under their conditions, and names and owners that Neutron does
    not need are left out: the rules admit the same traffic."""

    id = "CB3415"
    severity = "info"
    summary = "Security group rule kept with its meaning"
