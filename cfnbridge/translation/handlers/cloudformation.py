"""Nested stacks and wait condition handles: the two CloudFormation types a table cannot say.

A nested stack's TemplateURL names a file Heat cannot fetch the way CloudFormation does
(and which is itself untranslated CloudFormation), so its content becomes a parameter.
A wait condition handle's Ref is a presigned URL that user data signals without
credentials; Heat's handle wants a token, so every place that signals it must change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import NESTED_TEMPLATE, WAIT_HANDLE_SIGNAL
from cfnbridge.references import all_references

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext


def nested_stack(ctx: ResourceContext) -> None:
    """AWS::CloudFormation::Stack -> OS::Heat::Stack whose template is passed as a parameter."""
    url = ctx.static(ctx.props.get("TemplateURL"))
    ctx.consume("TemplateURL")
    parameter = ctx.name + "Template"
    where = f" ({url})" if isinstance(url, str) else ""
    ctx.gap(NESTED_TEMPLATE,
            f"the nested template{where} is not translated and Heat cannot fetch it like CloudFormation; its "
            f"content became the parameter {parameter!r}",
            f"translate it with cfnbridge, then: openstack stack create --parameter-file {parameter}=child.yaml",
            ctx.path("TemplateURL"))
    properties: dict[str, Any] = {"template": ctx.parameter(parameter, {
        "type": "string", "description": f"content of the nested template{where}"})}
    properties.update(ctx.map_properties())
    ctx.add(ctx.name, "OS::Heat::Stack", properties)


def wait_condition_handle(ctx: ResourceContext) -> None:
    """AWS::CloudFormation::WaitConditionHandle -> OS::Heat::WaitConditionHandle (token signalling)."""
    properties = ctx.map_properties()
    signalled = [r for r in all_references(ctx.template)
                 if r.target == ctx.name and r.kind in ("Ref", "Sub") and not _is_wait_condition_handle(ctx, r.path)]
    if signalled:
        ctx.gap(WAIT_HANDLE_SIGNAL,
                "Ref to a wait condition handle was a presigned URL that cfn-signal or 'curl -X PUT' could call "
                "without credentials; it became the handle's Heat endpoint, which needs a POST with an "
                "X-Auth-Token header and lowercase JSON keys (status, reason, data, id)",
                f"signal with: {{get_attr: [{ctx.name}, curl_cli]}} --data-binary '{{\"status\": \"SUCCESS\"}}', "
                "or translate with --to native to keep Heat's CloudFormation-compatible handle",
                signalled[0].path)
    ctx.add(ctx.name, "OS::Heat::WaitConditionHandle", properties or None)


def _is_wait_condition_handle(ctx: ResourceContext, path: tuple[Any, ...]) -> bool:
    """Whether ``path`` is the Handle property of a wait condition (which needs the handle itself)."""
    if len(path) < 4 or path[0] != "Resources" or path[2:4] != ("Properties", "Handle"):
        return False
    resource = ctx.template.resources.get(path[1])
    return resource is not None and resource.type == "AWS::CloudFormation::WaitCondition"

