"""Deploy targets: one small protocol, one module per cloud, one table of names.

``base`` holds the protocol and its data types and imports no SDK. A cloud's module
(``cloudformation``, ``heat``, ``heat_cfn``) imports its SDK only when a target is built,
so that listing targets or their options stays cheap. A new target is a module with a
class implementing ``Target`` (its ``options``, ``settings`` and ``follow_flags`` included)
and one line in ``TARGETS``.
"""

from __future__ import annotations

import importlib
from typing import Any

from cfnbridge.targets.base import (
    Change,
    DeployRequest,
    DeployResult,
    NoSuchStack,
    Operation,
    Plan,
    StackEvent,
    StackStatus,
    Target,
)

__all__ = [
    "TARGETS",
    "TARGET_NAMES",
    "Change",
    "DeployRequest",
    "DeployResult",
    "NoSuchStack",
    "Operation",
    "Plan",
    "StackEvent",
    "StackStatus",
    "Target",
    "follow_command",
    "make_target",
    "target_class",
]

TARGETS: dict[str, str] = {
    "aws": "cfnbridge.targets.cloudformation:CloudFormationTarget",
    "heat": "cfnbridge.targets.heat:HeatTarget",
    "heat-cfn": "cfnbridge.targets.heat_cfn:HeatCfnTarget",
}
"""Target name -> "module:Class": AWS CloudFormation; OpenStack Heat (heatclient);
Heat's CloudFormation API (boto3)."""

TARGET_NAMES = tuple(TARGETS)


def target_class(name: str) -> Any:
    """The class of the target called ``name``; its module loads now, its SDK does not."""
    from cfnbridge.errors import InputError

    spec = TARGETS.get(name)
    if spec is None:
        raise InputError(f"unknown deploy target {name!r}; known: {', '.join(TARGET_NAMES)}")
    module, attr = spec.split(":")
    return getattr(importlib.import_module(module), attr)


def make_target(name: str, **options: Any) -> Target:
    """Build the target called ``name`` (see ``TARGETS``) with its connection options."""
    target: Target = target_class(name)(**options)
    return target


def follow_command(name: str, stack_name: str, settings: dict[str, Any]) -> str:
    """The command that shows the stack from here, with the options that reach it."""
    chosen = "" if name == TARGET_NAMES[0] else f" --target {name}"
    return f"cfnbridge status{chosen} --stack-name {stack_name}{target_class(name).follow_flags(settings)}"
