"""CB1002: the template needs a CloudFormation macro (Transform)."""

from cfnbridge.linting.rule import Rule


class TransformUsed(Rule):
    """A Transform (SAM, AWS::Include, a custom macro) is expanded by AWS CloudFormation before
    deployment. Heat has no macros and rejects a top-level Transform, so the template must be
    expanded first (for example ``sam build`` or the processed template CloudFormation shows)."""

    id = "CB1002"
    severity = "error"
    summary = "Transform (macro) cannot run on Heat"
