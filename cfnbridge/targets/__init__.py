"""Deploy targets: one small protocol, one module per cloud.

``base`` holds the protocol and its data types and imports no SDK. A cloud's module
(``cloudformation``, ``heat``, ``heat_cfn``) imports its SDK only when a target is built, so that listing or
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
    "TARGET_NAMES",
    "Target",
    "make_target",
]


TARGET_NAMES = ("aws", "heat", "heat-cfn")
"""AWS CloudFormation; OpenStack Heat (heatclient); Heat's CloudFormation API (boto3)."""


def make_target(name: str, **options: Any) -> Target:
    """Build the target called ``name`` (see ``TARGET_NAMES``) with its connection options."""
    from cfnbridge.errors import InputError

    if name in {"aws", "cloudformation"}:
        from cfnbridge.targets.cloudformation import CloudFormationTarget

        return CloudFormationTarget(**options)
    if name == "heat":
        from cfnbridge.targets.heat import HeatTarget

        return HeatTarget(**options)
    if name == "heat-cfn":
        from cfnbridge.targets.heat_cfn import HeatCfnTarget

        return HeatCfnTarget(**options)
    raise InputError(f"unknown deploy target {name!r}; known: {', '.join(TARGET_NAMES)}")
