"""CB3001: resource types with no OpenStack translation."""

from cfnbridge.linting.rule import Rule


class UnsupportedType(Rule):
    """The AWS type has no OpenStack counterpart in the resource maps (Lambda, SQS, IAM roles
    …). The resource is omitted (or kept as an ``OS::Heat::None`` placeholder) and whatever
    refers to it breaks. Type-level gap codes that a resource map declares for an omitted type
    also map here."""

    id = "CB3001"
    severity = "error"
    summary = "Resource type has no OpenStack translation"
