"""Nested stacks and wait condition handles: the two CloudFormation types a table cannot say.

A nested stack's TemplateURL names a file Heat cannot fetch the way CloudFormation does
(and which is itself untranslated CloudFormation). A local file is translated too and
becomes the resource's type (``type: child.yaml``), the values passed to it mapped as the
child uses them (an instance type to a flavor); anything else becomes a parameter.
A wait condition handle's Ref is a presigned URL that user data signals without
credentials; Heat's handle wants a token, so every place that signals it must change.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cfnbridge.errors import CfnBridgeError
from cfnbridge.gap_codes import NESTED_TEMPLATE, NESTED_TEMPLATE_BROKEN, NESTED_TEMPLATE_NOTE, WAIT_HANDLE_SIGNAL
from cfnbridge.references import all_references
from cfnbridge.translation import transforms
from cfnbridge.translation.plan import Child, Role

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

_ROLE_TRANSFORMS = {Role.FLAVOR: "flavor", Role.IMAGE: "image", Role.KEY: "key_name"}


def nested_stack(ctx: ResourceContext) -> None:
    """AWS::CloudFormation::Stack -> the translated child as a template resource (a local file),
    else OS::Heat::Stack whose template is passed as a parameter."""
    url = ctx.static(ctx.props.get("TemplateURL"))
    ctx.consume("TemplateURL")
    local = _local_file(ctx, url)
    if local is not None:
        try:
            child = ctx.child_template(local)
        except CfnBridgeError as error:
            ctx.gap(NESTED_TEMPLATE_BROKEN, f"the nested template {local} could not be translated: {error}",
                    "fix the child template", ctx.path("TemplateURL"))
        else:
            _template_resource(ctx, child)
            return
    parameter = ctx.name + "Template"
    where = f" ({url})" if isinstance(url, str) else ""
    ctx.gap(NESTED_TEMPLATE,
            f"the nested template{where} is not translated and Heat cannot fetch it like CloudFormation; its "
            f"content became the parameter {parameter!r}",
            f"translate it with cfnbridge, then: openstack stack create --parameter-file {parameter}=child.yaml "
            "(or give TemplateURL as a path to the local file, which is then translated too)",
            ctx.path("TemplateURL"))
    properties: dict[str, Any] = {"template": ctx.parameter(parameter, {
        "type": "string", "description": f"content of the nested template{where}"})}
    properties.update(ctx.map_properties())
    ctx.add(ctx.name, "OS::Heat::Stack", properties)


def _local_file(ctx: ResourceContext, url: Any) -> str | None:
    """The local file a TemplateURL names (a path or file:// URL, beside the parent if relative)."""
    chosen = not isinstance(url, str)
    if chosen:
        url = ctx.static_with_defaults(ctx.props.get("TemplateURL"))
    if not isinstance(url, str) or ("://" in url and not url.startswith("file://")):
        return None
    path = Path(url.removeprefix("file://"))
    if not path.is_absolute() and not ctx.template.filename.startswith("<"):
        path = Path(ctx.template.filename).parent / path
    if not path.is_file():
        return None
    if chosen:
        ctx.gap(NESTED_TEMPLATE, f"TemplateURL is chosen at deploy time; the file its default names "
                f"({url}) was translated and fixed as the nested stack's type", "translate again for another "
                "child template", ctx.path("TemplateURL"))
    return str(path)


def _template_resource(ctx: ResourceContext, child: Child) -> None:
    """The child's translation as the resource type; parameters mapped as the child uses them."""
    properties: dict[str, Any] = {}
    given = ctx.props.get("Parameters")
    ctx.consume("Parameters", "TimeoutInMinutes")
    for key, value in (given.items() if isinstance(given, dict) else ()):
        path = ctx.path("Parameters", key)
        if key not in child.parameters:
            ctx.gap(NESTED_TEMPLATE_BROKEN, f"the nested template has no parameter {key!r}; the value was dropped",
                    "check the parameter names of the child template", path)
            continue
        role = next((role for role, names in child.roles.items() if key in names), None)
        if role in _ROLE_TRANSFORMS:  # the same mapping as the child applies to its own uses
            properties[key] = transforms.apply(_ROLE_TRANSFORMS[role], ctx, value, path)
        else:
            properties[key] = ctx.value(value, "Parameters", key)
    for key, spec in child.added.items():  # what the child's translation asks for, the parent asks once
        properties.setdefault(key, ctx.parameter(key, dict(spec)))
    if "TimeoutInMinutes" in ctx.props:
        ctx.gap(NESTED_TEMPLATE_NOTE, "a template resource has no timeout of its own (the parent stack's "
                "applies); TimeoutInMinutes was dropped", "", ctx.path("TimeoutInMinutes"))
    ctx.map_properties()  # the remaining properties are reported, none applies to a template resource
    ctx.gap(NESTED_TEMPLATE if child.errors else NESTED_TEMPLATE_NOTE, f"the nested template was translated too, "
            f"as {child.name}: it is this resource's type and must be sent with the parent (openstack stack create "
            "reads it beside the template; cfnbridge deploy sends it)" + (
                f"; it has {child.errors} error gap(s) of its own, reported in its file" if child.errors else ""),
            "lint or translate the child for its own gaps" if child.errors else "", ctx.path("TemplateURL"))
    ctx.add(ctx.name, child.name, properties or None, because="the translated child template is the type")
    for output in child.outputs:
        ctx.set_computed_attribute(f"Outputs.{output}", ctx.dialect.get_attr(ctx.emitted_name(ctx.name), output))


def wait_condition_handle(ctx: ResourceContext) -> None:
    """AWS::CloudFormation::WaitConditionHandle -> OS::Heat::WaitConditionHandle (token signalling)."""
    properties = ctx.map_properties()
    signalled = [r for r in all_references(ctx.template)
                 if r.target == ctx.name and r.kind in ("Ref", "Sub") and not _is_wait_condition_handle(ctx, r.path)
                 and not (ctx.cloud_init and "UserData" in r.path)]  # the bootstrap rewrites or reports those
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

