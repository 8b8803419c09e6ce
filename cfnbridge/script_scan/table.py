"""The data behind the script scan: ``resource_maps/scripts/aws_calls.yaml``, schema-checked.

One table of EC2 operations in the API's CamelCase; the CLI's kebab-case and boto3's
snake_case spellings are derived from it, so the three can never disagree.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

_WORD = re.compile(r"[A-Z][a-z0-9]*")


@cache
def data() -> dict[str, Any]:
    """The validated table (cached per process, and per content on disk like the maps)."""
    from cfnbridge.translation import maps

    folder = maps.maps_dir() / "scripts"
    return maps.validated_documents([folder / "aws_calls.yaml"], folder / "schema.json", "scripts")["aws_calls.yaml"]


def api_name(spelling: str) -> str:
    """``associate-address`` or ``associate_address`` -> ``AssociateAddress``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_]", spelling) if part)


def cli_name(operation: str) -> str:
    """``AssociateAddress`` -> ``associate-address`` (the AWS CLI's spelling)."""
    return "-".join(word.lower() for word in _WORD.findall(operation))


def ec2_accepted(operation: str) -> bool:
    """Whether OpenStack's EC2-compatible API accepts ``operation`` (CamelCase)."""
    return operation in _accepted()


@cache
def _accepted() -> frozenset[str]:
    return frozenset(data()["ec2_api"]["accepted"])


def ec2_equivalent(operation: str) -> str | None:
    """The native ``openstack`` CLI call for an EC2 operation, when the table has one."""
    return data()["ec2_api"]["equivalents"].get(operation)


def service_use(service: str) -> str | None:
    """What serves the purpose of an AWS service on OpenStack, when the table says."""
    entry = data()["services"].get(service)
    return entry["use"] if entry else None


def powershell_service(prefix: str) -> str | None:
    """The AWS service an AWS Tools for PowerShell noun prefix (``EC2``, ``S3``) stands for."""
    return data()["powershell_prefixes"].get(prefix)


@cache
def served_metadata() -> tuple[str, ...]:
    """The ``/latest/meta-data/`` entries Nova serves."""
    return tuple(data()["metadata"]["served"])


def tool(name: str) -> dict[str, str] | None:
    """Severity, message and hint for a helper tool (``cfn-hup``), if it is one the table knows."""
    return data()["tools"].get(name)


def ec2_rows() -> list[tuple[str, str, bool, str]]:
    """(API name, CLI name, accepted, openstack equivalent) for every operation the table names."""
    names = sorted(set(_accepted()) | set(data()["ec2_api"]["equivalents"]))
    return [(name, cli_name(name), name in _accepted(), ec2_equivalent(name) or "") for name in names]
