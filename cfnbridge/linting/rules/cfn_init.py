"""CB3012: AWS::CloudFormation::Init depends on the image."""

from cfnbridge.linting.rule import Rule


class CfnInit(Rule):
    """cfn-init metadata runs only where the image has heat-cfntools and the user data calls
    cfn-init; stock cloud images have neither."""

    id = "CB3012"
    severity = "error"
    summary = "cfn-init needs heat-cfntools in the image"
