"""OpenStack Heat as a deploy target, through python-heatclient over a keystoneauth session.

The CloudFormation template is translated on the fly (``to="hot"`` or ``"native"``).
Credentials come the OpenStack way, through openstacksdk's config loader: ``clouds.yaml``,
``OS_CLOUD`` or the ``OS_*`` variables. A Heat without Keystone is a clouds.yaml entry
with ``auth_type: none`` and ``auth: {endpoint: http://HOST:PORT/v1/PROJECT}``.

A plan is Heat's ``preview`` (create) or ``preview_update`` (update). Rollback is ON unless
``on_failure="DO_NOTHING"``: Heat's own default is off (``disable_rollback`` true), which
leaves a failed stack half-built; cfnbridge asks for rollback explicitly, as
CloudFormation does by default. Heat has no "delete on failure"; ``DELETE`` rolls back.

heatclient, keystoneauth and openstacksdk are imported when a target is built.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from cfnbridge.errors import DeployError, InputError
from cfnbridge.targets.base import (
    SUCCESS_STATUSES,
    Change,
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
from cfnbridge.targets.cfn_rules import first_failure
from cfnbridge.targets.heat_rules import (
    STACK_TYPE,
    HeatTemplate,
    created_changes,
    hidden_changes,
    load_environments,
    log,
    outputs_of,
    parse_time,
    preview_changes,
    reconcile,
    require_parameters,
    site_values,
    stack_tags,
    template_diff,
    to_event,
    translate_for_heat,
    types_of,
)
from cfnbridge.targets.options import ALLOW_GAPS, CLOUD, ENV, SITE, TO, flags
from cfnbridge.targets.polling import CONNECT_TIMEOUT, READ_TIMEOUT, RETRIES, follow

if TYPE_CHECKING:
    from cfnbridge.template import Template

_BUSY_OK = {"REVIEW_IN_PROGRESS"}
_PASSING = {"CREATE_FAILED", "UPDATE_FAILED"}
"""With rollback on, Heat shows these for a moment before ROLLBACK_IN_PROGRESS."""
_RETRIED_STATUSES = [429, 500, 502, 503, 504]


class HeatTarget:
    """Deploys to one OpenStack cloud's Heat (orchestration) service."""

    name = "heat"
    options = (CLOUD, TO, SITE, ENV, ALLOW_GAPS)

    @classmethod
    def settings(cls, given: Mapping[str, Any], alone: bool) -> dict[str, Any]:
        return {"cloud": given.get("cloud"), "to": given.get("to") or "hot", "profile": given.get("site_profile"),
                "environment_files": tuple(given.get("env_files") or ()),
                "allow_gaps": bool(given.get("allow_gaps")), "on_gap": given.get("on_gap")}

    @classmethod
    def follow_flags(cls, settings: Mapping[str, Any]) -> str:
        return flags([("--cloud", settings.get("cloud"))])

    def __init__(
        self,
        *,
        cloud: str | None = None,
        to: str = "hot",
        profile: Any = None,
        environment_files: tuple[str, ...] | list[str] = (),
        allow_gaps: bool = False,
        on_gap: Callable[[str], None] | None = None,
        poll_interval: float = 2.0,
        client: Any = None,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:
        if to not in {"hot", "native"}:
            raise InputError(f"--to must be hot or native, not {to!r}")
        self._to = to
        self._profile = profile
        self._allow_gaps = allow_gaps
        self._warn = on_gap
        self._poll_interval = poll_interval
        self._cloud = cloud
        self._translated: dict[int, tuple[Template, HeatTemplate]] = {}
        self._pending: dict[str, dict[str, Any]] = {}
        self._types: dict[str, dict[str, str]] = {}
        self._errors = self._client_errors()
        self._files, self._environment = load_environments(environment_files)
        self._hc = client if client is not None else self._connect(cloud, read_timeout)

    @property
    def environment_parameters(self) -> dict[str, Any]:
        """Parameter values the ``--env`` files give (``parameters`` and ``parameter_defaults``)."""
        env = self._environment
        return {**(env.get("parameter_defaults") or {}), **(env.get("parameters") or {})}

    # -- the Target protocol ---------------------------------------------------------

    def parameter_names(self, template: Template) -> tuple[str, ...]:
        """The parameters of the translated template (translation may add some)."""
        return self._translate(template).parameters

    def validate(self, template: Template) -> None:
        heat_template = self._translate(template)
        with self._heat_errors("validate the template"):
            self._hc.stacks.validate(template=heat_template.document, files={**self._files, **heat_template.files},
                                     environment=self._environment)

    def plan(self, request: DeployRequest) -> Plan:
        heat_template = self._translate(request.template)
        existing = self._find(request.stack_name)
        status = existing.stack_status if existing else None
        if existing is None:
            require_parameters(heat_template, {**self.environment_parameters, **request.parameters})
        if status and status.endswith("_IN_PROGRESS") and status not in _BUSY_OK:
            raise DeployError(f"stack {request.stack_name} is busy ({status}); follow it with "
                              f"cfnbridge status --target heat --stack-name {request.stack_name}")
        given = {k: v for k, v in request.parameters.items() if k in heat_template.parameters}
        fields: dict[str, Any] = {
            "template": heat_template.document,
            "parameters": site_values(request.template, heat_template.document, self._profile, given),
            "files": {**self._files, **heat_template.files},
            "environment": self._environment,
            "disable_rollback": request.on_failure == "DO_NOTHING",
        }
        if request.timeout_minutes:
            fields["timeout_mins"] = math.ceil(request.timeout_minutes)
        tags = stack_tags(request.tags)
        if tags:
            fields["tags"] = tags
        handle = str(uuid.uuid4())
        if existing is None:
            from cfnbridge.deploy_preflight import check_parameters

            check_parameters(request.template, {**self.environment_parameters, **request.parameters},
                             required=True)
            with self._heat_errors("preview the stack"):
                preview = self._hc.stacks.preview(stack_name=request.stack_name, **fields)
            changes = created_changes(getattr(preview, "resources", None) or [])
            self._pending[handle] = {"stack_name": request.stack_name, **fields}
            return Plan(request.stack_name, "create", changes, handle, None)
        stack_id = f"{existing.stack_name}/{existing.id}"
        unknown = hidden_changes(getattr(existing, "parameters", {}) or {}, fields["parameters"])
        changes = self._preview_update(stack_id, existing, fields, unknown)
        if not changes and self._same_as_deployed(stack_id, existing, fields, unknown):
            return Plan(request.stack_name, "update", (), None, stack_id, no_changes=True, unknown=unknown)
        self._pending[handle] = {"existing": True, **fields}
        return Plan(request.stack_name, "update", changes, handle, stack_id, unknown=unknown)

    def discard(self, plan: Plan) -> None:
        if plan.handle:
            self._pending.pop(plan.handle, None)

    def apply(self, plan: Plan) -> Operation:
        fields = self._pending.pop(plan.handle or "", None)
        if fields is None:
            raise DeployError(f"nothing to apply for stack {plan.stack_name}")
        self._types[plan.stack_name] = types_of(fields["template"])
        if plan.kind == "create":
            with self._heat_errors("create the stack"):
                created = self._hc.stacks.create(**fields)
            stack_id = f"{plan.stack_name}/{created['stack']['id']}"
            return Operation(plan.stack_name, stack_id, "create")
        assert plan.stack_id is not None
        seen = self._event_ids(plan.stack_id)
        with self._heat_errors("update the stack"):
            self._hc.stacks.update(plan.stack_id, **fields)
        return Operation(plan.stack_name, plan.stack_id, "update", frozenset(seen))

    def wait(
        self,
        operation: Operation,
        on_event: EventCallback | None = None,
        timeout: float | None = None,
    ) -> DeployResult:
        seen = set(operation.seen)

        def read() -> tuple[Any, str]:
            stack = self._find(operation.stack_id)
            return stack, stack.stack_status if stack else "DELETE_COMPLETE"

        # Heat flips the stack to *_IN_PROGRESS a moment after accepting an update or delete.
        followed = follow(read, lambda: self._new_events(operation, seen), on_event, timeout,
                          self._poll_interval, wait_for_start=operation.kind != "create",
                          passing=self._passing)
        stack, status, finished, events = followed.stack, followed.status, followed.finished, followed.events
        failure = None if status in SUCCESS_STATUSES else first_failure(events, operation)
        if failure is None and stack is not None and finished and status not in SUCCESS_STATUSES:
            failure = StackEvent("", parse_time(getattr(stack, "updated_time", None)
                                                or getattr(stack, "creation_time", None)),
                                 operation.stack_name, STACK_TYPE, status,
                                 getattr(stack, "stack_status_reason", None))
        outputs = outputs_of(stack) if stack is not None and operation.kind != "delete" else {}
        return DeployResult(stack_name=operation.stack_name, status=status, outputs=outputs,
                            events=events, elapsed=followed.elapsed, failure=failure)

    @staticmethod
    def _passing(stack: Any, status: str) -> bool:
        """CREATE_FAILED / UPDATE_FAILED with rollback on: Heat is about to roll back."""
        return status in _PASSING and stack is not None and not getattr(stack, "disable_rollback", True)

    def outputs(self, stack_name: str) -> dict[str, str]:
        return outputs_of(self._require(stack_name))

    def status(self, stack_name: str) -> StackStatus:
        stack = self._require(stack_name)
        with self._heat_errors("list the stack's resources"):
            resources = self._hc.resources.list(stack.id)
        return StackStatus(
            stack_name=stack.stack_name,
            status=stack.stack_status,
            stack_id=stack.id,
            reason=getattr(stack, "stack_status_reason", None),
            resources=tuple((r.resource_name, r.resource_type, r.resource_status) for r in resources),
            physical_ids={r.resource_name: r.physical_resource_id for r in resources
                          if getattr(r, "physical_resource_id", None)},
        )

    def events(self, stack_name: str, limit: int = 50) -> list[StackEvent]:
        stack = self._require(stack_name)
        types = self._types.get(stack.stack_name) or self._deployed_types(stack.id)
        with self._heat_errors("read stack events"):
            raw = self._hc.events.list(stack.id, sort_dir="desc", limit=limit)
        return [to_event(e, stack.stack_name, types) for e in raw][::-1]

    def delete(self, stack_name: str) -> Operation:
        stack = self._require(stack_name)
        stack_id = f"{stack.stack_name}/{stack.id}"
        self._types.setdefault(stack.stack_name, self._deployed_types(stack.id))
        seen = self._event_ids(stack_id)
        with self._heat_errors("delete the stack"):
            self._hc.stacks.delete(stack_id)
        return Operation(stack.stack_name, stack_id, "delete", frozenset(seen))

    def secrets(self, stack_name: str) -> DeployedSecrets:
        """From the deployed template alone, read before anything that returns outputs,
        so that the SDK's log of those answers is already masked."""
        from cfnbridge.deploy_secrets import document_secrets

        try:
            with self._heat_errors("read the deployed template"):
                document = self._hc.stacks.template(stack_name)
        except DeployError:  # no such stack (yet): nothing deployed to learn from
            return DeployedSecrets()
        names, outputs, defaults = document_secrets(document)
        return DeployedSecrets(frozenset(names), frozenset(outputs), frozenset(defaults))

    # -- helpers -----------------------------------------------------------------------

    @staticmethod
    def _client_errors() -> tuple[type[Exception], ...]:
        from heatclient import exc as heat_exc
        from keystoneauth1 import exceptions as ksa_exc

        return (heat_exc.BaseException, heat_exc.HTTPException, ksa_exc.ClientException)

    def _connect(self, cloud: str | None, read_timeout: float) -> Any:
        """A heatclient over a keystoneauth session from openstacksdk's config loader."""
        import openstack.config
        import openstack.exceptions
        from heatclient import client as heat_client

        try:
            region = openstack.config.OpenStackConfig().get_one(cloud=cloud)
            session = region.get_session()
            session.timeout = (CONNECT_TIMEOUT, read_timeout)
            endpoint = region.get_endpoint("orchestration")
        except (openstack.exceptions.ConfigException, *self._errors) as error:
            where = f"cloud {cloud!r}" if cloud else "the OpenStack cloud (OS_CLOUD / OS_* / clouds.yaml)"
            raise InputError(f"cannot use {where}: {error}") from error
        options: dict[str, Any] = {"session": session, "service_type": "orchestration",
                                   "interface": region.get_interface("orchestration"),
                                   "connect_retries": RETRIES - 1, "status_code_retries": RETRIES - 1,
                                   "retriable_status_codes": _RETRIED_STATUSES}
        if endpoint:
            options["endpoint_override"] = endpoint
        if region.get_region_name("orchestration"):
            options["region_name"] = region.get_region_name("orchestration")
        return heat_client.Client("1", **options)

    @contextmanager
    def _heat_errors(self, action: str) -> Iterator[None]:
        """heatclient's errors as one-line DeployErrors, in Heat's own words."""
        try:
            yield
        except self._errors as error:
            message = str(error).strip()
            message = message.removeprefix("ERROR: ")
            raise DeployError(f"could not {action}: {message}") from error

    def _translate(self, template: Template) -> HeatTemplate:
        cached = self._translated.get(id(template))
        if cached is not None and cached[0] is template:
            return cached[1]
        result = translate_for_heat(template, self._to, self._profile, self._allow_gaps, self._warn)
        self._translated[id(template)] = (template, result)
        return result

    def _find(self, stack: str) -> Any | None:
        from heatclient import exc as heat_exc

        try:
            with self._heat_errors("describe the stack"):
                return self._hc.stacks.get(stack)
        except DeployError as error:
            if isinstance(error.__cause__, heat_exc.HTTPNotFound):
                return None
            raise

    def _require(self, stack_name: str) -> Any:
        stack = self._find(stack_name)
        if stack is None:
            raise NoSuchStack(f"no stack named {stack_name} in Heat")
        return stack

    def _preview_update(self, stack_id: str, stack: Any, fields: dict[str, Any],
                        unknown: tuple[str, ...]) -> tuple[Change, ...]:
        """Heat's preview of the update; when Heat cannot preview it, the template diff.

        Heat's preview resolves ``get_attr``/``Fn::GetAtt`` of resources it has not
        updated to nothing, so a property fed by an attribute looks changed, and an
        immutable one makes the preview fail ("Update to properties ... is not
        supported") while the update itself would succeed.
        """
        from heatclient import exc as heat_exc

        try:
            with self._heat_errors("preview the update"):
                previewed = preview_changes(self._hc.stacks.preview_update(stack_id, existing=True, **fields))
            with self._heat_errors("read the deployed template"):
                deployed = self._hc.stacks.template(stack_id)
            current = getattr(stack, "parameters", {}) or {}
            changed = [k for k, v in fields["parameters"].items()
                       if k not in unknown and str(current.get(k)) != str(v)]
            return reconcile(previewed, deployed, fields["template"], changed)
        except DeployError as error:
            if not (isinstance(error.__cause__, heat_exc.HTTPBadRequest) and "not supported" in str(error)):
                raise
            message = (f"Heat could not preview this update ({error}); showing the template "
                       "difference instead: replacements are not known in advance")
            log.warning("%s", message)
            if self._warn is not None:
                self._warn(message)
        with self._heat_errors("read the deployed template"):
            deployed = self._hc.stacks.template(stack_id)
        current = getattr(stack, "parameters", {}) or {}
        changed = [k for k, v in fields["parameters"].items()
                   if k not in unknown and str(current.get(k)) != str(v)]
        return template_diff(deployed, fields["template"], changed)

    def _same_as_deployed(self, stack_id: str, stack: Any, fields: dict[str, Any],
                          unknown: tuple[str, ...]) -> bool:
        """No resource changes can still be an output or parameter change; compare what
        can be compared (a hidden parameter's value Heat never shows)."""
        with self._heat_errors("read the deployed template"):
            deployed = self._hc.stacks.template(stack_id)
        if deployed != fields["template"]:
            return False
        current = getattr(stack, "parameters", {}) or {}
        return all(str(current.get(k)) == str(v) for k, v in fields["parameters"].items() if k not in unknown)

    def _deployed_types(self, stack_id: str) -> dict[str, str]:
        try:
            with self._heat_errors("read the deployed template"):
                return types_of(self._hc.stacks.template(stack_id))
        except DeployError:  # types only label events; carry on without them
            return {}

    def _event_ids(self, stack_id: str) -> set[str]:
        try:
            with self._heat_errors("read stack events"):
                return {str(e.id) for e in self._hc.events.list(stack_id)}
        except DeployError:
            return set()

    def _new_events(self, operation: Operation, seen: set[str]) -> list[StackEvent]:
        """Events not seen before, oldest first; a failed poll is retried by the next one."""
        types = self._types.get(operation.stack_name, {})
        try:
            with self._heat_errors("read stack events"):
                raw = self._hc.events.list(operation.stack_id, sort_dir="asc")
        except DeployError:
            return []
        fresh = [to_event(e, operation.stack_name, types) for e in raw if str(e.id) not in seen]
        seen.update(e.event_id for e in fresh)
        return fresh
