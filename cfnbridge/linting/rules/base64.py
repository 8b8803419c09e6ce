"""CB2006: Fn::Base64 is dropped."""

from cfnbridge.linting.rule import Rule


class Base64Dropped(Rule):
    """AWS wants user data base64-encoded; Nova encodes it itself, so ``Fn::Base64`` is dropped
    (Heat's CloudFormation dialect treats it as a no-op too). Only a value that really needed
    encoding for another reason would change."""

    id = "CB2006"
    severity = "info"
    summary = "Fn::Base64 dropped"
