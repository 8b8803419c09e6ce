"""The command-line options a deploy target takes, declared by the target itself.

The CLI builds its ``--region``, ``--cloud``, ``--site`` ... options from these, so that
adding a target never means editing the CLI. Nothing here imports click: a declaration
is data, turned into click options in ``cfnbridge.cli._targets``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True, slots=True)
class TargetOption:
    """One option: its flag, the name the command receives it under, and its help."""

    flag: str
    dest: str
    help: str
    kind: Literal["text", "flag", "file", "choice"] = "text"
    multiple: bool = False
    choices: tuple[str, ...] = ()
    default: Any = None
    template_only: bool = False
    """Used only by commands that read a template (deploy, plan)."""


REGION = TargetOption("--region", "region", "AWS region (default: from the boto3 configuration).")
AWS_PROFILE = TargetOption("--profile", "aws_profile", "AWS named profile from ~/.aws/config.")
ENDPOINT_URL = TargetOption("--endpoint-url", "endpoint_url", "Talk to this endpoint instead of AWS.")
S3_BUCKET = TargetOption("--s3-bucket", "s3_bucket", "Upload templates over 51,200 bytes to this bucket.",
                         template_only=True)
CLOUD = TargetOption("--cloud", "cloud",
                     "OpenStack cloud from clouds.yaml (default: OS_CLOUD / OS_* variables).")
TO = TargetOption("--to", "to", "Heat: translate to HOT, or to Heat's CloudFormation dialect.",
                  kind="choice", choices=("hot", "native"), default="hot", template_only=True)
SITE = TargetOption("--site", "site_profile",
                    "Heat: site profile (images, flavors, networks) for the translation.",
                    kind="file", template_only=True)
ENV = TargetOption("--env", "env_files", "Heat: environment file; repeatable, later ones win.",
                   kind="file", multiple=True, template_only=True)
ALLOW_GAPS = TargetOption("--allow-gaps", "allow_gaps",
                          "Heat: deploy despite error-level translation gaps, with placeholders.",
                          kind="flag", template_only=True)
HEAT_CFN_URL = TargetOption("--heat-cfn-url", "heat_cfn_url",
                            "heat-cfn: the heat-api-cfn endpoint (http://HOST:8000/v1/).")


def flags(pairs: list[tuple[str, Any]]) -> str:
    """`` --flag value`` for each pair with a value, to repeat a connection in a hint."""
    return "".join(f" {flag} {value}" for flag, value in pairs if value)
