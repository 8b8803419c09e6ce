"""Deploy targets: one small protocol, one module per cloud.

``base`` holds the protocol and its data types and imports no SDK. A cloud's module
(``cloudformation``) imports its SDK only when a target is built, so that listing or
importing targets stays cheap.
"""

from __future__ import annotations

from typing import Any

from cfnbridge.targets.base import (
    Change,
    DeployRequest,
    DeployResult,
    Operation,
    Plan,
    StackEvent,
    StackStatus,
    Target,
)

__all__ = [
    "Change",
    "DeployRequest",
    "DeployResult",
    "Operation",
    "Plan",
    "StackEvent",
    "StackStatus",
    "Target",
    "make_target",
]


def make_target(name: str, **options: Any) -> Target:
    """Build the target called ``name`` (``aws``) with its connection options."""
    from cfnbridge.errors import InputError

    if name in {"aws", "cloudformation"}:
        from cfnbridge.targets.cloudformation import CloudFormationTarget

        return CloudFormationTarget(**options)
    raise InputError(f"unknown deploy target {name!r}; known: aws")
