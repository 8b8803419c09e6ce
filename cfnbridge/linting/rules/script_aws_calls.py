"""CB3020: a server's scripts call AWS."""

from cfnbridge.linting.rule import Rule


class ScriptAwsCalls(Rule):
    """User data and cfn-init commands and files that call the AWS CLI, boto3 or AWS's PowerShell
    cmdlets, reach ``*.amazonaws.com`` names (S3 downloads, EFS mounts), read what Nova's
    metadata service does not serve (IAM credentials, IMDSv2 tokens) or run CloudFormation
    helper tools such as ``cfn-hup``. On OpenStack the server has no instance role and no AWS
    endpoint, so the call fails or does nothing, at its line inside the script; the finding
    names the OpenStack equivalent (for EC2, whether OpenStack's EC2 API accepts the operation
    and the ``openstack`` command that does the same)."""

    id = "CB3020"
    severity = "error"
    summary = "Server script calls AWS"


class ScriptAwsDifferent(Rule):
    """A server's script reaches AWS in a way that still works from OpenStack only with
    internet access, or reads something Nova's metadata service does not serve (IMDSv2
    tokens, other entries), or runs a CloudFormation helper that is not there (``cfn-hup``):
    the server deploys, but the script does something else."""

    id = "CB3320"
    severity = "warning"
    summary = "Server script reaches AWS or its helpers"


class ScriptAwsHarmless(Rule):
    """A server's script runs an AWS helper whose absence changes nothing on OpenStack."""

    id = "CB3420"
    severity = "info"
    summary = "Harmless AWS helper in a server script"
