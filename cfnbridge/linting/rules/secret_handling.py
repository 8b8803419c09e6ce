"""CB6005: secrets generated or managed by AWS; its siblings of other severities (CB6405)."""

from cfnbridge.linting.rule import Rule


class SecretHandling(Rule):
    """AWS can generate and keep secrets (Secrets Manager, managed master passwords, generated
    key pairs). On OpenStack the secret becomes a parameter or a Barbican secret that someone
    must create, rotate and protect."""

    id = "CB6005"
    severity = "warning"
    summary = "Secret handling differs on OpenStack"


class SecretGenerated(Rule):
    """Barbican does not generate secrets; an ``OS::Heat::RandomString`` generates the password instead,
    with the same length and character classes."""

    id = "CB6405"
    severity = "info"
    summary = "Secret generated another way on OpenStack"
