"""CB3015: security group rules that change meaning on Neutron."""

from cfnbridge.linting.rule import Rule


class SecurityGroupRules(Rule):
    """Neutron security group rules are close to EC2's, with traps: a rule without a source is
    open to everyone, a rule naming another group needs ``remote_mode``, group names and
    owners have no Neutron meaning, and rules computed at deploy time cannot be checked."""

    id = "CB3015"
    severity = "warning"
    summary = "Security group rule changes meaning on Neutron"
