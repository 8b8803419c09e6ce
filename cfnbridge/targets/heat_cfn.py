"""OpenStack Heat through its CloudFormation-compatible API (heat-api-cfn), with boto3.

The same AWS tooling, pointed at a private cloud: the template is translated to Heat's
native CloudFormation dialect and sent with boto3's ``cloudformation`` client. What
heat-api-cfn does differently from AWS, and how it is handled here:

- no change sets: a plan is computed here, by comparing the translated template with the
  deployed one (add, modify, remove; replacements are not known in advance), and applied
  with ``CreateStack`` / ``UpdateStack`` directly;
- the endpoint needs a trailing ``/v1/``; it is added when missing;
- ``TimeoutInMinutes`` is sent on create (60 unless a timeout is given); ``UpdateStack``
  does not take it;
- ``DescribeStackEvents`` fails with HTTP 500 (a Heat bug): progress then comes from
  polling the stack's resources, each status change reported as an event;
- a deleted stack is reported as ``InvalidParameterValue`` rather than "does not exist".
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from cfnbridge.errors import DeployError, InputError
from cfnbridge.targets.base import Change, DeployRequest, Operation, Plan, StackEvent
from cfnbridge.targets.cloudformation import CloudFormationTarget
from cfnbridge.targets.heat_rules import (
    HeatTemplate,
    hidden_changes,
    require_parameters,
    site_values,
    template_diff,
    translate_for_heat,
)
from cfnbridge.targets.options import ALLOW_GAPS, AWS_PROFILE, HEAT_CFN_URL, REGION, SITE, flags
from cfnbridge.targets.polling import READ_TIMEOUT

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from cfnbridge.template import Template

DEFAULT_TIMEOUT_MINUTES = 60
_EVENTS_BROKEN: set[str] = set()
"""heat-api-cfn endpoints whose DescribeStackEvents failed: this process asks them no more."""
_GONE = ("does not exist", "InvalidParameterValue", "not found", "could not be found")


class HeatCfnTarget(CloudFormationTarget):
    """Deploys the native-dialect translation through heat-api-cfn."""

    name = "heat-cfn"
    options = (HEAT_CFN_URL, REGION, AWS_PROFILE, SITE, ALLOW_GAPS)

    @classmethod
    def settings(cls, given: Mapping[str, Any], alone: bool) -> dict[str, Any]:
        return {"endpoint_url": given.get("heat_cfn_url") or (given.get("endpoint_url") if alone else None),
                "region": given.get("region") if alone else None, "profile_name": given.get("aws_profile"),
                "profile": given.get("site_profile"), "allow_gaps": bool(given.get("allow_gaps")),
                "on_gap": given.get("on_gap")}

    @classmethod
    def follow_flags(cls, settings: Mapping[str, Any]) -> str:
        return flags([("--heat-cfn-url", settings.get("endpoint_url")), ("--profile", settings.get("profile_name"))])

    def __init__(
        self,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        profile_name: str | None = None,
        profile: Any = None,
        allow_gaps: bool = False,
        on_gap: Callable[[str], None] | None = None,
        poll_interval: float = 2.0,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:
        if not endpoint_url:
            raise InputError("--target heat-cfn needs --heat-cfn-url (or --endpoint-url when it is the only target): "
                             "the heat-api-cfn endpoint, e.g. http://HOST:8000/v1/")
        endpoint_url = endpoint_url.rstrip("/") + "/"
        if not endpoint_url.endswith("/v1/"):
            endpoint_url += "v1/"
        super().__init__(region=region or "RegionOne", profile_name=profile_name,
                         endpoint_url=endpoint_url, poll_interval=poll_interval, read_timeout=read_timeout)
        self._profile = profile
        self._allow_gaps = allow_gaps
        self._warn = on_gap
        self._pending: dict[str, dict[str, Any]] = {}
        self._translated: dict[int, tuple[Template, HeatTemplate]] = {}
        self._endpoint = endpoint_url

    # -- the Target protocol, where heat-api-cfn differs ------------------------------

    def parameter_names(self, template: Template) -> tuple[str, ...]:
        return self._translate(template).parameters

    def validate(self, template: Template) -> None:
        with self._aws_errors("validate the template"):
            self._cfn.validate_template(TemplateBody=self._body(template))

    def plan(self, request: DeployRequest) -> Plan:
        heat_template = self._translate(request.template)
        existing = self._describe(request.stack_name)
        status = existing["StackStatus"] if existing else None
        if existing is None:
            require_parameters(heat_template, request.parameters)
        if status and status.endswith("_IN_PROGRESS"):
            raise DeployError(f"stack {request.stack_name} is busy ({status})")
        args: dict[str, Any] = {
            "StackName": request.stack_name,
            "TemplateBody": json.dumps(heat_template.document),
            "Parameters": [{"ParameterKey": k, "ParameterValue": v} for k, v in site_values(
                request.template, heat_template.document, self._profile,
                {k: v for k, v in request.parameters.items() if k in heat_template.parameters}).items()],
        }
        new = heat_template.types
        if existing is None:
            from cfnbridge.deploy_preflight import check_parameters

            check_parameters(request.template, request.parameters, required=True)
            args["DisableRollback"] = request.on_failure == "DO_NOTHING"
            args["TimeoutInMinutes"] = (math.ceil(request.timeout_minutes)
                                        if request.timeout_minutes else DEFAULT_TIMEOUT_MINUTES)
            changes = tuple(Change("add", name, kind) for name, kind in new.items())
            kind = "create"
        else:
            with self._aws_errors("read the deployed template"):
                body = self._cfn.get_template(StackName=existing["StackId"])["TemplateBody"]
            old = body if isinstance(body, dict) else json.loads(body)
            current = {p["ParameterKey"]: p.get("ParameterValue") for p in existing.get("Parameters", [])}
            given = {p["ParameterKey"]: p["ParameterValue"] for p in args["Parameters"]}
            unknown = hidden_changes(current, given)
            changed = [k for k, v in given.items() if k not in unknown and current.get(k) != v]
            changes = template_diff(old, heat_template.document, changed)
            kind = "update"
            if not changes and old == heat_template.document and not changed:
                return Plan(request.stack_name, "update", (), None, existing["StackId"], no_changes=True,
                            unknown=unknown)
        handle = str(uuid.uuid4())
        self._pending[handle] = args
        stack_id = existing["StackId"] if existing else None
        return Plan(request.stack_name, kind, changes, handle, stack_id)  # type: ignore[arg-type]

    def discard(self, plan: Plan) -> None:
        if plan.handle:
            self._pending.pop(plan.handle, None)

    def apply(self, plan: Plan) -> Operation:
        args = self._pending.pop(plan.handle or "", None)
        if args is None:
            raise DeployError(f"nothing to apply for stack {plan.stack_name}")
        if plan.kind == "create":
            with self._aws_errors("create the stack"):
                stack_id = self._cfn.create_stack(**args)["StackId"]
            return Operation(plan.stack_name, stack_id, "create")
        assert plan.stack_id is not None
        seen = self._recent_event_ids(plan.stack_id)
        with self._aws_errors("update the stack"):
            self._cfn.update_stack(**args)
        return Operation(plan.stack_name, plan.stack_id, "update", frozenset(seen))

    # -- heat-api-cfn's quirks ---------------------------------------------------------

    def _describe(self, stack: str) -> dict[str, Any] | None:
        try:
            with self._aws_errors("describe the stack"):
                return self._cfn.describe_stacks(StackName=stack)["Stacks"][0]
        except DeployError as error:
            if any(text in str(error) for text in _GONE):
                return None
            raise

    def _events_newest_first(self, stack_id: str) -> Iterator[StackEvent]:
        if self._endpoint not in _EVENTS_BROKEN:
            try:
                yield from super()._events_newest_first(stack_id)
                return
            except DeployError:  # HTTP 500 from DescribeStackEvents: not asked (and retried) again
                _EVENTS_BROKEN.add(self._endpoint)
        yield from reversed(self._resource_states(stack_id))

    def _new_events(self, stack_id: str, seen: set[str]) -> list[StackEvent]:
        """Resource states are not a log in time order: collect every unseen one instead of
        stopping at the first known one (a resource finishing earlier than another's last
        report would otherwise be skipped)."""
        try:
            fresh = [e for e in self._events_newest_first(stack_id) if e.event_id not in seen]
        except DeployError:
            return []
        seen.update(e.event_id for e in fresh)
        return sorted(fresh, key=lambda e: e.timestamp)

    def _resource_states(self, stack_id: str) -> list[StackEvent]:
        """Each resource's current status as an event whose id changes with the status."""
        try:
            with self._aws_errors("list stack resources"):
                raw = self._cfn.describe_stack_resources(StackName=stack_id)["StackResources"]
        except DeployError:
            return []
        states = []
        for item in raw:
            stamp = item.get("Timestamp") or datetime.now(UTC)
            states.append(StackEvent(
                event_id=f"{item['LogicalResourceId']}:{item['ResourceStatus']}:{stamp}",
                timestamp=stamp,
                logical_id=item["LogicalResourceId"],
                resource_type=item.get("ResourceType", ""),
                status=item["ResourceStatus"],
                reason=item.get("ResourceStatusReason") or None,
                physical_id=item.get("PhysicalResourceId") or None,
            ))
        return sorted(states, key=lambda e: e.timestamp)

    def _recent_event_ids(self, stack_id: str) -> set[str]:
        return {e.event_id for e in self._events_newest_first(stack_id)}

    def _translate(self, template: Template) -> HeatTemplate:
        cached = self._translated.get(id(template))
        if cached is not None and cached[0] is template:
            return cached[1]
        result = translate_for_heat(template, "native", self._profile, self._allow_gaps, self._warn)
        self._translated[id(template)] = (template, result)
        return result

    def _body(self, template: Template) -> str:
        return json.dumps(self._translate(template).document)

