"""CB3001: resource types with no OpenStack translation; its siblings of other severities (CB3301, CB3401)."""

from cfnbridge.linting.rule import Rule


class UnsupportedType(Rule):
    """The AWS type has no OpenStack counterpart in the resource maps (Lambda, SQS, IAM roles
    …). The resource is omitted (or kept as an ``OS::Heat::None`` placeholder) and whatever
    refers to it breaks. Type-level gap codes that a resource map declares for an omitted type
    also map here."""

    id = "CB3001"
    severity = "error"
    summary = "Resource type has no OpenStack translation"


class TypeLeftOut(Rule):
    """The AWS type has no OpenStack counterpart (an IAM policy, a KMS key, a parameter group …). It is
    omitted and the rest deploys, but what it did (a permission, an encryption key, a setting) is missing."""

    id = "CB3301"
    severity = "warning"
    summary = "Resource type left out; the stack deploys without it"


class TypeNotNeeded(Rule):
    """The AWS type does something OpenStack does on its own or that does not matter there (a dashboard, a
    subnet group of a service reported elsewhere); it is omitted and nothing that deploys changes."""

    id = "CB3401"
    severity = "info"
    summary = "Resource type not needed on OpenStack"
