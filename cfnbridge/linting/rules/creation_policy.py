"""CB5003: CreationPolicy is ignored by Heat."""

from cfnbridge.linting.rule import Rule


class CreationPolicy(Rule):
    """Heat does not wait for ``CreationPolicy`` signals (cfn-signal): the stack reports the
    resource complete as soon as it exists, before the software on it is ready. Use
    ``OS::Heat::WaitCondition`` instead."""

    id = "CB5003"
    severity = "warning"
    summary = "CreationPolicy is ignored by Heat"
