"""A narrow compatibility layer that makes moto 5.2.5 behave like CloudFormation where
the deploy tests need it, and nowhere else.

Stock moto runs change sets inline, reports only stack-level events, leaves a stack whose
resource failed in REVIEW_IN_PROGRESS (returning the resource's error from the API call
itself), evaluates no outputs for stacks created through a change set, and never deletes
an ``AWS::EC2::Volume`` that a stack created. Real CloudFormation does none of that. This
module patches moto's in-process backend (``ThreadedMotoServer`` shares our process) so:

1. ``ExecuteChangeSet`` returns at once and the work runs in a worker thread; the stack
   is ``*_IN_PROGRESS`` meanwhile, so the client really has to poll.
2. Each resource moto creates, updates or deletes gets ``*_IN_PROGRESS`` and
   ``*_COMPLETE`` / ``*_FAILED`` events (moto's own resource code does the work).
3. When a resource fails during a create, moto's own error becomes that resource's
   ``CREATE_FAILED`` reason, the resources created so far are deleted by moto's own
   delete code, and the stack ends ``ROLLBACK_COMPLETE``. A failure during an update
   ends ``UPDATE_FAILED`` (no update rollback is simulated, and none is tested).
4. After a change set runs, the stack's outputs are evaluated from its new template.
5. Deleting a stack's ``AWS::EC2::Volume`` deletes the volume, through moto's EC2 backend.

What fails, and why, is always moto's own behaviour (for example its check that a
subnet's CIDR lies inside its VPC); only the orchestration around it is added here.
``OnStackFailure`` other than ROLLBACK is not simulated.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from moto.cloudformation import models, parsing
from moto.ec2.models import ec2_backends

_lock = threading.Lock()
_workers: list[threading.Thread] = []
_deleting: dict[str, Any] = {}
_settings = {"delay": 0.0}


def _find_stack(account_id: str, region: str, stack_id: str) -> Any | None:
    backend = models.cloudformation_backends[account_id][region]
    return backend.stacks.get(stack_id) or _deleting.get(stack_id) or backend.deleted_stacks.get(
        stack_id
    )


def _event(stack: Any, logical_id: str, kind: str, status: str, reason: str | None = None,
           physical_id: str | None = None) -> None:
    if stack is None:
        return
    stack.events.append(
        models.Event(
            stack_id=stack.stack_id,
            stack_name=stack.name,
            logical_resource_id=logical_id,
            physical_resource_id=physical_id or "",
            resource_type=kind,
            resource_status=status,
            resource_status_reason=reason,
            resource_properties=None,
        )
    )


def _reason(error: BaseException) -> str:
    code = getattr(error, "error_type", None) or getattr(error, "code", None)
    message = getattr(error, "message", None) or str(error)
    return f"{message} ({code})" if code else message


def _with_events(original: Callable[..., Any], verb: str) -> Callable[..., Any]:
    """Wrap moto's parse_and_{create,update}_resource to report the resource's events."""

    def wrapper(logical_id: str, resource_json: dict[str, Any], resources_map: Any,
                account_id: str, region_name: str) -> Any:
        stack = _find_stack(account_id, region_name, resources_map.stack_id)
        kind = resource_json.get("Type", "")
        condition = resource_json.get("Condition")
        if condition and not resources_map.lazy_condition_map[condition]:
            return original(logical_id, resource_json, resources_map, account_id, region_name)
        _event(stack, logical_id, kind, f"{verb}_IN_PROGRESS")
        time.sleep(_settings["delay"])
        try:
            resource = original(logical_id, resource_json, resources_map, account_id, region_name)
        except Exception as error:
            _event(stack, logical_id, kind, f"{verb}_FAILED", _reason(error))
            raise
        physical = getattr(resource, "physical_resource_id", None) if resource else None
        _event(stack, logical_id, kind, f"{verb}_COMPLETE", physical_id=physical)
        return resource

    return wrapper


def _delete_resource(original: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(self: Any, parsed_resource: Any, resource_json: dict[str, Any]) -> None:
        kind = resource_json.get("Type", "")
        physical = getattr(parsed_resource, "physical_resource_id", None)
        logical = getattr(parsed_resource, "logical_resource_id", "")
        if kind == "AWS::EC2::Volume" and physical:
            ec2_backends[self._account_id][self._region_name].delete_volume(physical)
        else:
            original(self, parsed_resource, resource_json)
        stack = _find_stack(self._account_id, self._region_name, self.stack_id)
        _event(stack, logical, kind, "DELETE_IN_PROGRESS", physical_id=physical)
        time.sleep(_settings["delay"])
        _event(stack, logical, kind, "DELETE_COMPLETE", physical_id=physical)

    return wrapper


def _stack_delete(original: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(self: Any) -> None:
        _deleting[self.stack_id] = self
        try:
            original(self)
        finally:
            _deleting.pop(self.stack_id, None)

    return wrapper


class _KeptOutputs(dict):  # type: ignore[type-arg]
    """The outputs a stack had before a change started, as CloudFormation shows them
    until the change completes (moto would evaluate them against half-changed resources)."""

    def __init__(self, output_map: Any) -> None:
        super().__init__({key: output_map[key] for key in output_map})
        self.exports = output_map.exports


def _run_change_set(stack: Any, change_set: Any) -> None:
    kind = change_set.change_set_type
    stack.output_map = _KeptOutputs(stack.output_map)
    try:
        change_set.apply()
    except Exception as error:
        if kind != "CREATE":
            stack._add_stack_event("UPDATE_FAILED", resource_status_reason=_reason(error))
            stack.status = "UPDATE_FAILED"
            return
        failed = [e.logical_resource_id for e in stack.events
                  if e.resource_status == "CREATE_FAILED"]
        stack.status = "ROLLBACK_IN_PROGRESS"
        stack._add_stack_event(
            "ROLLBACK_IN_PROGRESS",
            resource_status_reason=f"The following resource(s) failed to create: {failed}. "
            "Rollback requested by user.",
        )
        stack.resource_map.delete()
        # Nothing is left; stop moto's lazy map from re-creating resources when listed.
        stack.resource_map._resource_json_map = {}
        stack.status = "ROLLBACK_COMPLETE"
        stack._add_stack_event("ROLLBACK_COMPLETE")
        change_set.execution_status = "EXECUTE_FAILED"
        return
    stack.template = change_set.template
    stack._parse_template()
    stack.description = stack.template_dict.get("Description")
    stack.output_map = stack._create_output_map()
    stack.status = f"{kind}_COMPLETE"
    stack._add_stack_event(f"{kind}_COMPLETE")
    change_set.execution_status = "EXECUTE_COMPLETE"


def _execute_change_set(self: Any, change_set_name: str, stack_name: str | None = None) -> None:
    change_set = self.describe_change_set(change_set_name)
    stack = self.stacks[change_set.stack_id]
    kind = change_set.change_set_type
    stack.status = f"{kind}_IN_PROGRESS"
    stack._add_stack_event(f"{kind}_IN_PROGRESS", resource_status_reason="User Initiated")
    change_set.execution_status = "EXECUTE_IN_PROGRESS"
    worker = threading.Thread(target=_run_change_set, args=(stack, change_set), daemon=True)
    with _lock:
        _workers.append(worker)
    worker.start()


def settle(timeout: float = 30.0) -> None:
    """Wait for every change set still running, so that a reset finds moto quiet."""
    with _lock:
        workers, _workers[:] = list(_workers), []
    for worker in workers:
        worker.join(timeout)


@contextmanager
def slow(delay: float) -> Iterator[None]:
    """Make each resource take ``delay`` seconds, to leave time to interrupt a wait."""
    _settings["delay"] = delay
    try:
        yield
    finally:
        _settings["delay"] = 0.0


@contextmanager
def installed() -> Iterator[None]:
    """Apply the layer for the duration of the block, then restore moto as it was."""
    saved = [
        (parsing, "parse_and_create_resource", parsing.parse_and_create_resource),
        (parsing, "parse_and_update_resource", parsing.parse_and_update_resource),
        (parsing.ResourceMap, "_delete_resource", parsing.ResourceMap._delete_resource),
        (models.Stack, "delete", models.Stack.delete),
        (models.CloudFormationBackend, "execute_change_set",
         models.CloudFormationBackend.execute_change_set),
    ]
    parsing.parse_and_create_resource = _with_events(parsing.parse_and_create_resource, "CREATE")
    parsing.parse_and_update_resource = _with_events(parsing.parse_and_update_resource, "UPDATE")
    parsing.ResourceMap._delete_resource = _delete_resource(parsing.ResourceMap._delete_resource)
    models.Stack.delete = _stack_delete(models.Stack.delete)
    models.CloudFormationBackend.execute_change_set = _execute_change_set
    try:
        yield
    finally:
        settle()
        for owner, name, value in saved:
            setattr(owner, name, value)
