"""AWS CloudFormation as a deploy target, through boto3.

Every create and update goes through a change set, so the user sees what will happen
before it happens, as ``aws cloudformation deploy`` and rain do. Change sets have no
``TimeoutInMinutes``; the timeout is therefore a bound on how long we wait, never a
cancellation. boto3 is imported when a target is built, not when this module is.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from cfnbridge.errors import DeployError, InputError
from cfnbridge.targets.base import (
    SUCCESS_STATUSES,
    DeployedSecrets,
    DeployRequest,
    DeployResult,
    EventCallback,
    NoSuchStack,
    Operation,
    Plan,
    StackEvent,
    StackStatus,
)
from cfnbridge.targets.cfn_rules import (
    NO_CHANGE_REASONS,
    as_document,
    first_failure,
    plain_5xx_as_error,
    previous_values,
    required_capabilities,
    to_change,
)
from cfnbridge.targets.options import AWS_PROFILE, ENDPOINT_URL, REGION, S3_BUCKET, flags
from cfnbridge.targets.polling import CONNECT_TIMEOUT, READ_TIMEOUT, RETRIES, follow

if TYPE_CHECKING:
    from cfnbridge.template import Template

INLINE_LIMIT = 51_200
"""Largest TemplateBody CloudFormation accepts inline, in bytes."""

class CloudFormationTarget:
    """Deploys to CloudFormation in one account and region (the standard boto3 chain)."""

    name = "aws"
    options = (REGION, AWS_PROFILE, ENDPOINT_URL, S3_BUCKET)

    @classmethod
    def settings(cls, given: Mapping[str, Any], alone: bool) -> dict[str, Any]:
        found = {"region": given.get("region"), "profile_name": given.get("aws_profile"),
                 "endpoint_url": given.get("endpoint_url")}
        if given.get("s3_bucket"):
            found["s3_bucket"] = given["s3_bucket"]
        return found

    @classmethod
    def follow_flags(cls, settings: Mapping[str, Any]) -> str:
        return flags([("--region", settings.get("region")), ("--endpoint-url", settings.get("endpoint_url")),
                      ("--profile", settings.get("profile_name"))])

    def __init__(
        self,
        *,
        region: str | None = None,
        profile_name: str | None = None,
        endpoint_url: str | None = None,
        s3_bucket: str | None = None,
        poll_interval: float = 5.0,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:
        import boto3
        import botocore.exceptions
        import botocore.parsers
        from botocore.config import Config

        self._boto_errors: tuple[type[Exception], ...] = (
            botocore.exceptions.BotoCoreError,
            botocore.exceptions.ClientError,
            botocore.parsers.ResponseParserError,
        )
        with self._aws_errors("connect to AWS"):
            session = boto3.session.Session(profile_name=profile_name, region_name=region or None)
            config = Config(connect_timeout=CONNECT_TIMEOUT, read_timeout=read_timeout,
                            retries={"mode": "standard", "max_attempts": RETRIES})
            try:
                self._cfn = session.client("cloudformation", endpoint_url=endpoint_url,
                                           config=config)
                self._s3 = (
                    session.client("s3", endpoint_url=endpoint_url, config=config)
                    if s3_bucket
                    else None
                )
            except ValueError as error:  # botocore's word for a malformed endpoint URL
                raise InputError(f"cannot reach AWS: {error}") from error
        self._s3_bucket = s3_bucket
        self._poll_interval = poll_interval
        self._disable_rollback: dict[str, bool] = {}
        self._planning: dict[str, tuple[str, str, dict[str, Any]]] = {}
        """Stack name -> (change set name, kind, what CreateChangeSet returned) while planning."""
        for client in (self._cfn, self._s3):
            if client is not None:
                client.meta.events.register("before-parse.*.*", plain_5xx_as_error)

    # -- the Target protocol ---------------------------------------------------------

    def validate(self, template: Template) -> None:
        with self._aws_errors("validate the template"):
            self._cfn.validate_template(**self._template_source(template, "validate"))

    def plan(self, request: DeployRequest) -> Plan:
        existing = self._describe(request.stack_name)
        status = existing["StackStatus"] if existing else None
        if status == "ROLLBACK_COMPLETE":
            raise DeployError(
                f"stack {request.stack_name} is in ROLLBACK_COMPLETE after a failed create and "
                f"cannot be updated; delete it first: cfnbridge delete --stack-name "
                f"{request.stack_name}"
            )
        if status and status.endswith("_IN_PROGRESS") and status != "REVIEW_IN_PROGRESS":
            raise DeployError(
                f"stack {request.stack_name} is busy ({status}); follow it with "
                f"cfnbridge status --stack-name {request.stack_name}"
            )
        kind = "update" if status and status != "REVIEW_IN_PROGRESS" else "create"
        if kind == "create":
            from cfnbridge.deploy_preflight import check_parameters

            check_parameters(request.template, request.parameters, required=True)
        params = [
            {"ParameterKey": k, "ParameterValue": v} for k, v in request.parameters.items()
        ]
        if kind == "update":
            params += previous_values(request, existing or {})
        caps = (
            required_capabilities(request.template)
            if request.capabilities == "auto"
            else tuple(request.capabilities)
        )
        args: dict[str, Any] = {
            "StackName": request.stack_name,
            "ChangeSetName": f"cfnbridge-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**6}",
            "ChangeSetType": kind.upper(),
            "Parameters": params,
            "Capabilities": list(caps),
            "Tags": [{"Key": k, "Value": v} for k, v in request.tags.items()],
            "Description": "Created by cfnbridge",
            **self._template_source(request.template, request.stack_name),
        }
        if kind == "create":
            args["OnStackFailure"] = request.on_failure
        created: dict[str, Any] = {}
        self._planning[request.stack_name] = (args["ChangeSetName"], kind, created)
        try:
            with self._aws_errors("create a change set"):
                created.update(self._cfn.create_change_set(**args))
            handle, stack_id = created["Id"], created["StackId"]
            self._disable_rollback[handle] = request.on_failure == "DO_NOTHING"
            return self._read_change_set(request.stack_name, kind, handle, stack_id)
        except DeployError as error:
            if any(text in str(error) for text in NO_CHANGE_REASONS):
                return Plan(request.stack_name, kind, (), None, None, no_changes=True)  # type: ignore[arg-type]
            raise
        finally:
            self._planning.pop(request.stack_name, None)

    def abandon(self, stack_name: str) -> None:
        """Remove the change set a plan still in flight made (Ctrl-C while planning), found
        by its name when the call that made it has not returned; and the empty stack."""
        planning = self._planning.pop(stack_name, None)
        if planning is None:
            return
        change_set, kind, created = planning
        try:
            if "Id" not in created:
                with self._aws_errors("find the change set"):
                    found = self._cfn.describe_change_set(ChangeSetName=change_set, StackName=stack_name)
                created = {"Id": found["ChangeSetId"], "StackId": found["StackId"]}
            self.discard(Plan(stack_name, kind, (), created["Id"], created["StackId"]))  # type: ignore[arg-type]
        except (DeployError, KeyError):  # nothing was made, or it cannot be reached now
            pass

    def discard(self, plan: Plan) -> None:
        with self._aws_errors("delete the change set"):
            if plan.handle:
                self._cfn.delete_change_set(ChangeSetName=plan.handle)
            if plan.kind == "create" and plan.stack_id:
                stack = self._describe(plan.stack_id)
                if stack and stack["StackStatus"] == "REVIEW_IN_PROGRESS":
                    self._cfn.delete_stack(StackName=plan.stack_id)

    def apply(self, plan: Plan) -> Operation:
        if plan.handle is None or plan.stack_id is None:
            raise DeployError(f"nothing to apply for stack {plan.stack_name}")
        seen = self._recent_event_ids(plan.stack_id)
        args: dict[str, Any] = {"ChangeSetName": plan.handle}
        if plan.kind == "update" and self._disable_rollback.get(plan.handle):
            args["DisableRollback"] = True
        with self._aws_errors("execute the change set"):
            self._cfn.execute_change_set(**args)
        return Operation(plan.stack_name, plan.stack_id, plan.kind, frozenset(seen))

    def wait(
        self,
        operation: Operation,
        on_event: EventCallback | None = None,
        timeout: float | None = None,
    ) -> DeployResult:
        seen = set(operation.seen)

        def read() -> tuple[Any, str]:
            stack = self._describe(operation.stack_id)
            return stack, stack["StackStatus"] if stack else "DELETE_COMPLETE"

        followed = follow(read, lambda: self._new_events(operation.stack_id, seen), on_event, timeout,
                          self._poll_interval)
        stack, status, finished, events = followed.stack, followed.status, followed.finished, followed.events
        outputs = {}
        if stack and operation.kind != "delete":
            outputs = {o["OutputKey"]: o.get("OutputValue", "") for o in stack.get("Outputs", [])}
        failure = None if status in SUCCESS_STATUSES else first_failure(events, operation)
        if failure is None and stack and status not in SUCCESS_STATUSES and finished:
            reason = stack.get("StackStatusReason")
            if reason:
                failure = StackEvent("", stack.get("LastUpdatedTime") or stack["CreationTime"],
                                     operation.stack_name, "AWS::CloudFormation::Stack",
                                     status, reason)
        return DeployResult(
            stack_name=operation.stack_name,
            status=status,
            outputs=outputs,
            events=events,
            elapsed=followed.elapsed,
            failure=failure,
        )

    def outputs(self, stack_name: str) -> dict[str, str]:
        stack = self._require(stack_name)
        return {o["OutputKey"]: o.get("OutputValue", "") for o in stack.get("Outputs", [])}

    def status(self, stack_name: str) -> StackStatus:
        stack = self._require(stack_name)
        resources: list[tuple[str, str, str, str]] = []
        with self._aws_errors("list stack resources"):
            pages = self._cfn.get_paginator("list_stack_resources").paginate(
                StackName=stack["StackId"]
            )
            for page in pages:
                resources += [
                    (r["LogicalResourceId"], r["ResourceType"], r["ResourceStatus"],
                     r.get("PhysicalResourceId") or "")
                    for r in page["StackResourceSummaries"]
                ]
        return StackStatus(
            stack_name=stack["StackName"],
            status=stack["StackStatus"],
            stack_id=stack["StackId"],
            reason=stack.get("StackStatusReason"),
            resources=tuple(r[:3] for r in resources),
            physical_ids={r[0]: r[3] for r in resources if r[3]},
        )

    def events(self, stack_name: str, limit: int = 50) -> list[StackEvent]:
        stack = self._require(stack_name)
        found: list[StackEvent] = []
        for event in self._events_newest_first(stack["StackId"]):
            found.append(event)
            if len(found) >= limit:
                break
        return found[::-1]

    def delete(self, stack_name: str) -> Operation:
        stack = self._require(stack_name)
        seen = self._recent_event_ids(stack["StackId"])
        with self._aws_errors("delete the stack"):
            self._cfn.delete_stack(StackName=stack["StackId"])
        return Operation(stack["StackName"], stack["StackId"], "delete", frozenset(seen))

    def secrets(self, stack_name: str) -> DeployedSecrets:
        """From the deployed template alone, read before anything that returns outputs,
        so that the SDK's log of those answers is already masked."""
        from cfnbridge.deploy_secrets import document_secrets

        try:
            with self._aws_errors("read the deployed template"):
                body = self._cfn.get_template(StackName=stack_name)["TemplateBody"]
        except DeployError:  # no such stack (yet): nothing deployed to learn from
            return DeployedSecrets()
        names, outputs, defaults = document_secrets(as_document(body))
        return DeployedSecrets(frozenset(names), frozenset(outputs), frozenset(defaults))

    # -- helpers -----------------------------------------------------------------------

    @contextmanager
    def _aws_errors(self, action: str) -> Iterator[None]:
        """Turn boto errors into DeployError, so the user sees one line, not a traceback."""
        try:
            yield
        except self._boto_errors as error:
            response = getattr(error, "response", None)
            if isinstance(response, dict):
                info = response.get("Error", {})
                message = f"{info.get('Code', 'Error')}: {info.get('Message', error)}"
            else:
                message = str(error)
            raise DeployError(f"could not {action}: {message}") from error

    def _describe(self, stack: str) -> dict[str, Any] | None:
        """The stack's description, or None when no such stack exists."""
        try:
            with self._aws_errors("describe the stack"):
                return self._cfn.describe_stacks(StackName=stack)["Stacks"][0]
        except DeployError as error:
            if "does not exist" in str(error):
                return None
            raise

    def _require(self, stack_name: str) -> dict[str, Any]:
        stack = self._describe(stack_name)
        if stack is None:
            region = self._cfn.meta.region_name
            raise NoSuchStack(f"no stack named {stack_name} in {region}")
        return stack

    def _template_source(self, template: Template, stack_name: str) -> dict[str, str]:
        """TemplateBody when it fits, else upload to the S3 bucket and pass its URL."""
        body = template.source_text
        size = len(body.encode("utf-8"))
        if size <= INLINE_LIMIT:
            return {"TemplateBody": body}
        if self._s3 is None or not self._s3_bucket:
            raise InputError(
                f"the template is {size:,} bytes; CloudFormation accepts at most "
                f"{INLINE_LIMIT:,} inline: pass --s3-bucket to upload it"
            )
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
        key = f"cfnbridge/{stack_name}/{digest}.template"
        with self._aws_errors(f"upload the template to s3://{self._s3_bucket}"):
            self._s3.put_object(Bucket=self._s3_bucket, Key=key, Body=body.encode("utf-8"))
        region = self._cfn.meta.region_name
        return {"TemplateURL": f"https://{self._s3_bucket}.s3.{region}.amazonaws.com/{quote(key)}"}

    def _read_change_set(self, stack_name: str, kind: str, handle: str, stack_id: str) -> Plan:
        """Wait for the change set to be computed and turn it into a Plan."""
        delay = 0.1
        while True:
            with self._aws_errors("describe the change set"):
                described = self._cfn.describe_change_set(ChangeSetName=handle)
            if described["Status"] not in {"CREATE_PENDING", "CREATE_IN_PROGRESS"}:
                break
            time.sleep(delay)
            delay = min(delay * 1.5, self._poll_interval)
        raw = list(described.get("Changes", []))
        token = described.get("NextToken")
        while token:
            with self._aws_errors("describe the change set"):
                page = self._cfn.describe_change_set(ChangeSetName=handle, NextToken=token)
            raw += page.get("Changes", [])
            token = page.get("NextToken")
        plan = Plan(stack_name, kind, tuple(to_change(c) for c in raw), handle, stack_id)  # type: ignore[arg-type]
        if described["Status"] == "FAILED":
            reason = described.get("StatusReason") or "no reason given"
            if any(text in reason for text in NO_CHANGE_REASONS):
                return Plan(stack_name, kind, (), handle, stack_id, no_changes=True)  # type: ignore[arg-type]
            self.discard(plan)
            raise DeployError(f"CloudFormation could not plan the change: {reason}")
        return plan

    def _events_newest_first(self, stack_id: str) -> Iterator[StackEvent]:
        token = None
        while True:
            args = {"StackName": stack_id, **({"NextToken": token} if token else {})}
            with self._aws_errors("read stack events"):
                page = self._cfn.describe_stack_events(**args)
            for raw in page.get("StackEvents", []):
                yield StackEvent(
                    event_id=raw["EventId"],
                    timestamp=raw["Timestamp"],
                    logical_id=raw.get("LogicalResourceId", ""),
                    resource_type=raw.get("ResourceType", ""),
                    status=raw.get("ResourceStatus", ""),
                    reason=raw.get("ResourceStatusReason"),
                    physical_id=raw.get("PhysicalResourceId"),
                )
            token = page.get("NextToken")
            if not token:
                return

    def _recent_event_ids(self, stack_id: str) -> set[str]:
        """Ids of the newest events, so that waiting reports only what comes after."""
        try:
            with self._aws_errors("read stack events"):
                page = self._cfn.describe_stack_events(StackName=stack_id)
        except DeployError:  # a stack with no readable history yet: everything will be new
            return set()
        return {e["EventId"] for e in page.get("StackEvents", [])}

    def _new_events(self, stack_id: str, seen: set[str]) -> list[StackEvent]:
        """Events not seen before, oldest first; stops paging at the first known one."""
        fresh: list[StackEvent] = []
        try:
            for event in self._events_newest_first(stack_id):
                if event.event_id in seen:
                    break
                fresh.append(event)
        except DeployError:  # a missed poll of events is retried by the next one; the
            return []        # stack status, read separately, still decides when to stop
        seen.update(e.event_id for e in fresh)
        return fresh[::-1]
