"""What CloudFormation's answers mean, as pure functions: the capabilities a template
needs, a change-set row as a ``Change``, which parameters keep their previous value, and
which event explains a failure. Kept apart from the boto3 calls so they read (and test)
on their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge.targets.base import Change, ChangeAction, DeployRequest, Operation, StackEvent

if TYPE_CHECKING:
    from cfnbridge.template import Template

NO_CHANGE_REASONS = ("didn't contain changes", "No updates are to be performed")
_CANCELLED = ("cancelled", "canceled")
_NAMED_IAM_PROPERTIES = {
    "AWS::IAM::Role": "RoleName",
    "AWS::IAM::User": "UserName",
    "AWS::IAM::Group": "GroupName",
    "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
    "AWS::IAM::InstanceProfile": "InstanceProfileName",
}
_ACTIONS: dict[str, ChangeAction] = {
    "Add": "add",
    "Import": "add",
    "Modify": "modify",
    "Dynamic": "modify",
    "SyncWithActual": "modify",
    "Remove": "remove",
}


def required_capabilities(template: Template) -> tuple[str, ...]:
    """The capabilities CloudFormation will demand for ``template``.

    IAM resources need CAPABILITY_IAM, or CAPABILITY_NAMED_IAM when they carry an
    explicit name; a Transform (SAM, macros) needs CAPABILITY_AUTO_EXPAND.
    """
    caps: list[str] = []
    named = False
    iam = False
    for resource in template.resources.values():
        if resource.type.startswith("AWS::IAM::"):
            iam = True
            name_key = _NAMED_IAM_PROPERTIES.get(resource.type)
            props = getattr(resource, "properties", None)
            if name_key and isinstance(props, dict) and name_key in props:
                named = True
    if iam:
        caps.append("CAPABILITY_NAMED_IAM" if named else "CAPABILITY_IAM")
    serverless = any(r.type.startswith("AWS::Serverless::") for r in template.resources.values())
    if template.transform or serverless:
        caps.append("CAPABILITY_AUTO_EXPAND")
    return tuple(caps)


def previous_values(request: DeployRequest, stack: dict[str, Any]) -> list[dict[str, Any]]:
    """Keep the value of every parameter not given now, as ``aws cloudformation deploy``
    does; a value equal to the template default needs no mention."""
    from cfnbridge.deploy_params import as_parameter_string

    previous = {p["ParameterKey"]: p.get("ParameterValue") for p in stack.get("Parameters", [])}
    kept = []
    for name, parameter in request.template.parameters.items():
        if name in request.parameters or name not in previous:
            continue
        default = parameter.default
        if default is not None and as_parameter_string(default) == previous[name]:
            continue
        kept.append({"ParameterKey": name, "UsePreviousValue": True})
    return kept


def first_failure(events: list[StackEvent], operation: Operation) -> StackEvent | None:
    """The event that explains a failure: the first resource that failed for a reason
    of its own (not "cancelled" because another one failed)."""
    failed = [e for e in events if e.failed]
    for event in failed:
        own = event.logical_id != operation.stack_name
        if own and not any(word in (event.reason or "") for word in _CANCELLED):
            return event
    return failed[0] if failed else None


def to_change(raw: dict[str, Any]) -> Change:
    rc = raw.get("ResourceChange", {})
    action = _ACTIONS.get(rc.get("Action", ""), "modify")
    if action == "modify" and rc.get("Replacement") in {"True", "Conditional"}:
        action = "replace"
    details = []
    for detail in rc.get("Details", []):
        target = detail.get("Target", {})
        name = target.get("Name") or target.get("Attribute")
        if name and name not in details:
            details.append(name)
    return Change(
        action=action,
        logical_id=rc.get("LogicalResourceId", ""),
        resource_type=rc.get("ResourceType", ""),
        physical_id=rc.get("PhysicalResourceId"),
        details=tuple(details),
    )


def as_document(body: Any) -> Any:
    """A template body as plain data: CloudFormation returns JSON parsed, YAML as text."""
    if not isinstance(body, str):
        return body
    from cfnbridge.deploy_secrets import plain
    from cfnbridge.errors import CfnBridgeError
    from cfnbridge.template import load

    try:
        return plain(load(body, filename="<deployed template>").root)
    except CfnBridgeError:
        return {}


def plain_5xx_as_error(response_dict: dict[str, Any], **_: Any) -> None:
    """A 5xx whose body is not XML (a proxy's "Service Unavailable") as a CloudFormation
    error, so that botocore retries it like any other 5xx instead of failing to parse it."""
    from xml.sax.saxutils import escape

    body = response_dict.get("body") or b""
    if response_dict.get("status_code", 0) >= 500 and not body.lstrip().startswith(b"<"):
        text = escape(body[:200].decode("utf-8", "replace"))
        response_dict["body"] = (f"<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code>"
                                 f"<Message>{text}</Message></Error></ErrorResponse>").encode()
