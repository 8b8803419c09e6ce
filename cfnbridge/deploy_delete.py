"""Deleting a stack, and saying what is left when the deletion fails.

A failed delete is only useful with a list: the resources the cloud still has (when the
stack can still be read), or, when the stack record is gone while its resources are not
(moto's DependencyViolation, a cloud that lost track), the physical ids last seen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cfnbridge.errors import DeployError
from cfnbridge.targets.base import AfterApply, DeployResult, NoSuchStack, StackStatus
from cfnbridge.targets.polling import TimedOut

if TYPE_CHECKING:
    from cfnbridge.deploy_pipeline import Pipeline
    from cfnbridge.deploy_secrets import Redactor
    from cfnbridge.targets.base import EventCallback, StackEvent, Target


def delete_one(pipeline: Pipeline, target: Target, stack_name: str, on_event: EventCallback | None,
               redact: Redactor) -> DeployResult:
    """Delete the stack within the pipeline's deadline; on failure, fill ``left``."""
    from dataclasses import replace

    deadline = pipeline.deadline
    before = deadline.run(lambda: target.status(stack_name), "read the stack")
    try:
        operation = deadline.run(lambda: target.delete(stack_name), "delete the stack")
    except DeployError as error:  # refused at once (moto's DependencyViolation): say what is left
        return DeployResult(stack_name, "DELETE_FAILED", error=redact(str(error)),
                            left=what_is_left(target, stack_name, before))

    def report(event: StackEvent) -> None:
        if on_event is not None:
            on_event(replace(event, reason=redact(event.reason)))

    job = next(iter(pipeline.jobs.values()))
    try:
        result = deadline.run(lambda: target.wait(operation, report, timeout=deadline.remaining()), "wait")
    except (AfterApply, TimedOut) as error:
        state = getattr(error, "state", None)
        result = DeployResult(stack_name, state or "UNKNOWN",
                              error=f"{error}; the deletion was accepted and may still be running: "
                                    f"follow it with {pipeline.follow(job)}")
    if result.ok:
        return result
    result.left = what_is_left(target, stack_name, before)
    result.error = redact(result.error)
    if result.failure is not None:
        result.failure = replace(result.failure, reason=redact(result.failure.reason))
    return result


def what_is_left(target: Target, stack_name: str, before: StackStatus) -> tuple[str, ...]:
    """Lines naming what a failed delete left: from the stack, or from what was last seen."""
    from cfnbridge.errors import CfnBridgeError

    try:
        now = target.status(stack_name)
    except NoSuchStack:
        seen = [f"{logical} ({kind}) {before.physical_ids[logical]}" for logical, kind, _ in before.resources
                if before.physical_ids.get(logical)]
        head = f"the stack record of {stack_name} is gone, but its resources may not be"
        return (head + (", last seen:" if seen else " (none was seen)"), *(f"  {line}" for line in seen))
    except CfnBridgeError as error:
        return (f"what is left could not be read: {error}",)
    remaining = [f"  {logical} ({kind}) {state} {now.physical_ids.get(logical, '')}".rstrip()
                 for logical, kind, state in now.resources if state != "DELETE_COMPLETE"]
    return (f"stack {stack_name} is {now.status}; still there:" if remaining
            else f"stack {stack_name} is {now.status}", *remaining)
