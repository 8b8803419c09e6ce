"""CB1012: Heat's nested stack depth limit (5), followed through local template files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule

HEAT_MAX_NESTED_DEPTH = 5
_STACK_TYPES = ("AWS::CloudFormation::Stack", "OS::Heat::Stack")


class NestedDepth(Rule):
    """Heat stops nesting at depth 5 (``max_nested_stack_depth``). Nested stacks whose
    ``TemplateURL`` names a local file are followed and their depth measured; remote URLs
    cannot be followed offline."""

    id = "CB1012"
    severity = "error"
    summary = "Nested stacks deeper than Heat allows"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        if ctx.file.startswith("<"):
            return
        here = os.path.dirname(os.path.abspath(ctx.file))
        for name, resource in ctx.template.resources.items():
            child = _local_child(resource, here)
            if child is None:
                continue
            depth = 1 + _depth(child, {os.path.abspath(ctx.file)})
            if depth > HEAT_MAX_NESTED_DEPTH:
                yield ctx.report(self, ("Resources", name, "Properties", "TemplateURL"),
                                 f"nested stacks below this one reach depth {depth}; Heat allows "
                                 f"{HEAT_MAX_NESTED_DEPTH}", "flatten some levels")


def reads_local_children(template: Any) -> bool:
    """Whether linting ``template`` reads other files (a nested stack's local ``TemplateURL``)."""
    if template.filename.startswith("<"):
        return False
    here = os.path.dirname(os.path.abspath(template.filename))
    return any(_local_child(resource, here) is not None for resource in template.resources.values())


def _local_child(resource: Any, here: str) -> str | None:
    if resource.type not in _STACK_TYPES or not isinstance(resource.properties, dict):
        return None
    url = resource.properties.get("TemplateURL", resource.properties.get("template"))
    if not isinstance(url, str) or "://" in url and not url.startswith("file://"):
        return None
    path = os.path.join(here, url.removeprefix("file://"))
    return path if os.path.isfile(path) else None


def _depth(path: str, seen: set[str]) -> int:
    """Levels of nesting below ``path`` (0 for a leaf); cycles and unreadable files stop the count."""
    real = os.path.abspath(path)
    if real in seen or len(seen) > HEAT_MAX_NESTED_DEPTH + 2:
        return 0
    from cfnbridge.errors import CfnBridgeError
    from cfnbridge.template import load

    try:
        template = load(real)
    except CfnBridgeError:
        return 0
    here = os.path.dirname(real)
    deepest = 0
    for resource in template.resources.values():
        child = _local_child(resource, here)
        if child is not None:
            deepest = max(deepest, 1 + _depth(child, seen | {real}))
    return deepest
