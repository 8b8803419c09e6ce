"""CB3012: AWS::CloudFormation::Init depends on the image."""

from cfnbridge.linting.rule import Rule


class CfnInit(Rule):
    """cfn-init metadata runs only where the image has heat-cfntools and the user data calls
    cfn-init; stock cloud images have neither. The metadata is usually the application's
    configuration (packages, files, services), so on a stock image the server boots without
    it: an error until the image has heat-cfntools or the setup moves to cloud-init."""

    id = "CB3012"
    severity = "error"
    summary = "cfn-init needs heat-cfntools in the image"
