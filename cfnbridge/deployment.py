"""Deploy a template to one cloud or several: the Python API behind ``cfnbridge deploy``.

It needs no terminal, so that a pipeline can call it; what to show and what to ask is
passed in as callbacks (``on_event``, ``confirm``)::

    result = deploy("web.yaml", "aws", stack_name="web", params={"EnvName": "prod"},
                    on_event=lambda e: print(e.logical_id, e.status))
    result.ok, result.status, result.outputs, result.failure

    results = deploy_many("web.yaml", ["aws", "heat"], stack_name="web",
                          options={"aws": {"region": "eu-west-1"}, "heat": {"cloud": "lab"}},
                          on_event=lambda name, event: print(name, event.status))

Before any cloud call the template is loaded, its graph built, the stack name and every
parameter value checked against the template's constraints, so that bad input stops
here with its location. NoEcho values never reach a result, a callback, an error or a
log record. Both functions run the one pipeline of ``cfnbridge.deploy_pipeline``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from cfnbridge.deploy_pipeline import (
    ConfirmAll,
    Interrupted,
    Job,
    MultiEventCallback,
    Pipeline,
    build,
    check_template,
    log,
    secrets_kept,
)
from cfnbridge.deploy_secrets import Redactor, printable_params
from cfnbridge.errors import CfnBridgeError, InputError
from cfnbridge.targets.base import DeployRequest, DeployResult, EventCallback, Plan, StackStatus, Target
from cfnbridge.targets.polling import Deadline

if TYPE_CHECKING:
    from cfnbridge.targets.base import StackEvent
    from cfnbridge.template import Template

__all__ = [
    "DeployResult",
    "Interrupted",
    "check_template",
    "delete",
    "delete_many",
    "deploy",
    "deploy_many",
    "describe_failure",
    "events",
    "outputs",
    "plan",
    "status",
]

Confirm = Callable[[Plan], bool]
TemplateInput = str | Path | Any


def deploy(
    template: TemplateInput,
    target: str | Target = "aws",
    *,
    stack_name: str,
    params: Mapping[str, str] | None = None,
    tags: Mapping[str, str] | None = None,
    capabilities: tuple[str, ...] | Literal["auto"] = "auto",
    on_failure: Literal["ROLLBACK", "DELETE", "DO_NOTHING"] = "ROLLBACK",
    timeout_minutes: float | None = None,
    on_event: EventCallback | None = None,
    confirm: Confirm | None = None,
    execute: bool = True,
    force: bool = False,
    warn: Callable[[CfnBridgeError], None] | None = None,
    **target_options: Any,
) -> DeployResult:
    """Create or update ``stack_name`` from ``template`` on one target, through a reviewed plan.

    ``target`` is a name of ``cfnbridge.targets.TARGETS`` (``"aws"``, ``"heat"``,
    ``"heat-cfn"``) or a Target; for several, use ``deploy_many``. ``confirm`` sees the
    plan and returns whether to go on (None: go on); it may raise ``DeployError`` to
    refuse. ``execute=False`` leaves the plan for review. The result's ``status`` is the
    stack's final status, ``NO_CHANGES`` or ``NOT_EXECUTED``; a failed deploy is a result
    with ``ok`` false, not an exception. ``timeout_minutes`` bounds the whole deploy, even
    against an endpoint that never answers. Ctrl-C raises ``Interrupted`` (a
    KeyboardInterrupt): before anything was applied the plan is removed, after it the
    stack carries on.
    """
    if isinstance(target, list | tuple):
        raise TypeError("deploy() takes one target; deploy_many() takes several")
    name = target if isinstance(target, str) else target.name
    results = _run(template, [target], stack_name=stack_name, params=params, tags=tags,
                   capabilities=capabilities, on_failure=on_failure, timeout_minutes=timeout_minutes,
                   on_event=(lambda _name, event: on_event(event)) if on_event else None,
                   confirm=(lambda plans: confirm(plans[name])) if confirm else None,
                   execute=execute, force=force, warn=warn, options={name: target_options},
                   raise_errors=True)
    return results[name]


def deploy_many(
    template: TemplateInput,
    targets: Sequence[str | Target],
    *,
    stack_name: str,
    params: Mapping[str, str] | None = None,
    tags: Mapping[str, str] | None = None,
    capabilities: tuple[str, ...] | Literal["auto"] = "auto",
    on_failure: Literal["ROLLBACK", "DELETE", "DO_NOTHING"] = "ROLLBACK",
    timeout_minutes: float | None = None,
    on_event: MultiEventCallback | None = None,
    confirm: ConfirmAll | None = None,
    execute: bool = True,
    force: bool = False,
    warn: Callable[[CfnBridgeError], None] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, DeployResult]:
    """Create or update ``stack_name`` on every target at once; a result per target name.

    Each target plans, then (after one ``confirm`` covering every plan, by name) applies
    and waits in its own thread. A target that fails, or cannot even start, gets a result
    of its own with ``ok`` false (status ``ERROR`` and ``error``), never hiding the others.
    Parameters are shared: each target gets those its template (or translation) declares,
    and a name no target declares is an error. ``on_event`` gets ``(name, event)``.
    """
    return _run(template, list(targets), stack_name=stack_name, params=params, tags=tags,
                capabilities=capabilities, on_failure=on_failure, timeout_minutes=timeout_minutes,
                on_event=on_event, confirm=confirm, execute=execute, force=force, warn=warn,
                options=options or {}, raise_errors=False)


def _run(template: TemplateInput, targets: list[str | Target], *, stack_name: str,
         params: Mapping[str, str] | None, tags: Mapping[str, str] | None,
         capabilities: tuple[str, ...] | Literal["auto"], on_failure: Literal["ROLLBACK", "DELETE", "DO_NOTHING"],
         timeout_minutes: float | None, on_event: MultiEventCallback | None, confirm: ConfirmAll | None,
         execute: bool, force: bool, warn: Callable[[CfnBridgeError], None] | None,
         options: Mapping[str, Mapping[str, Any]], raise_errors: bool) -> dict[str, DeployResult]:
    from cfnbridge.deploy_preflight import check_parameters, check_stack_name

    params = dict(params or {})
    names = [t if isinstance(t, str) else t.name for t in targets]
    if len(set(names)) != len(names):
        raise InputError(f"each target once, please: {', '.join(names)}")
    deadline = Deadline(timeout_minutes * 60.0 if timeout_minutes else None)
    check_stack_name(stack_name)
    tpl = check_template(template, force, warn)
    redact = Redactor.for_template(tpl, params)
    with secrets_kept(redact):
        check_parameters(tpl, params, required=False)
        log.info("deploying %s to %s with parameters %s", stack_name, ", ".join(names),
                 printable_params(params, tpl, redact))
        jobs, failed = _jobs(targets, names, options, deadline, redact, raise_errors)
        declared = {job.name: _declared(job.target, tpl) for job in jobs}
        from cfnbridge.deploy_params import check_names

        check_names(params, sorted({p for found in declared.values() for p in found} or set(tpl.parameters)))

        def request_for(job: Job) -> DeployRequest:
            return DeployRequest(template=tpl, stack_name=stack_name,
                                 parameters={k: v for k, v in params.items() if k in declared[job.name]},
                                 tags=dict(tags or {}), capabilities=capabilities, on_failure=on_failure,
                                 timeout_minutes=timeout_minutes)

        pipeline = Pipeline(stack_name, jobs, redact, deadline, raise_errors)
        results = {**failed, **pipeline.run(request_for, confirm, execute, on_event)}
    return {name: results[name] for name in names}


def _jobs(targets: list[str | Target], names: list[str], options: Mapping[str, Mapping[str, Any]],
          deadline: Deadline, redact: Redactor, raise_errors: bool) -> tuple[list[Job], dict[str, DeployResult]]:
    """Build each target; one that cannot be built is an ERROR result (or, alone, raises)."""
    jobs: list[Job] = []
    failed: dict[str, DeployResult] = {}
    for target, name in zip(targets, names, strict=True):
        try:
            built, settings = build(target, options.get(name) or {}, deadline)
        except CfnBridgeError as error:
            if raise_errors:
                raise
            failed[name] = DeployResult("", "ERROR", error=f"{name}: {error}")
            continue
        redact.learn_values(getattr(built, "environment_parameters", {}))
        jobs.append(Job(name, built, settings))
    return jobs, failed


def _declared(target: Target, template: Template) -> tuple[str, ...]:
    """The parameters ``target`` will accept: the template's own, or for a target that
    translates (Heat), those of its translation, which may add some (ExternalNetwork)."""
    names = getattr(target, "parameter_names", None)
    return tuple(names(template)) if names is not None else tuple(template.parameters)


def plan(
    template: TemplateInput,
    target: str | Target = "aws",
    *,
    stack_name: str,
    params: Mapping[str, str] | None = None,
    force: bool = False,
    warn: Callable[[CfnBridgeError], None] | None = None,
    **target_options: Any,
) -> Plan:
    """What deploying ``template`` would change; the plan is discarded, nothing changes."""
    planned: list[Plan] = []

    def keep(one: Plan) -> bool:
        planned.append(one)
        return False

    result = deploy(template, target, stack_name=stack_name, params=params, force=force, warn=warn,
                    confirm=keep, **target_options)
    if planned:
        return planned[0]
    return Plan(stack_name, "update", (), no_changes=result.status == "NO_CHANGES")


# -- commands on a deployed stack ------------------------------------------------------------


def _on_stack(stack_name: str, target: str | Target, target_options: Mapping[str, Any],
              timeout_minutes: float | None = None) -> tuple[Target, Redactor, Pipeline]:
    deadline = Deadline(timeout_minutes * 60.0 if timeout_minutes else None)
    built, settings = build(target, target_options, deadline)
    redact = Redactor()
    name = target if isinstance(target, str) else target.name
    return built, redact, Pipeline(stack_name, [Job(name, built, settings)], redact, deadline, True)


def _learn(built: Target, stack_name: str, redact: Redactor) -> None:
    learned = built.secrets(stack_name)
    redact.add(learned.values, learned.hidden_outputs, learned.no_echo)


def outputs(stack_name: str, target: str | Target = "aws", **target_options: Any) -> dict[str, str]:
    """The stack's outputs, those fed by a NoEcho parameter masked."""
    built, redact, _ = _on_stack(stack_name, target, target_options)
    with secrets_kept(redact):
        _learn(built, stack_name, redact)
        return redact.outputs(built.outputs(stack_name))


def status(stack_name: str, target: str | Target = "aws", **target_options: Any) -> StackStatus:
    """Where the stack stands; raises ``NoSuchStack`` (an InputError) when there is none."""
    from dataclasses import replace

    built, redact, _ = _on_stack(stack_name, target, target_options)
    with secrets_kept(redact):
        _learn(built, stack_name, redact)
        found = built.status(stack_name)
        return replace(found, reason=redact(found.reason))


def events(stack_name: str, target: str | Target = "aws", limit: int = 50,
           **target_options: Any) -> list[StackEvent]:
    """The stack's most recent events, oldest first, reasons redacted."""
    from dataclasses import replace

    built, redact, _ = _on_stack(stack_name, target, target_options)
    with secrets_kept(redact):
        _learn(built, stack_name, redact)
        return [replace(e, reason=redact(e.reason)) for e in built.events(stack_name, limit)]


def delete(stack_name: str, target: str | Target = "aws", *, on_event: EventCallback | None = None,
           timeout_minutes: float | None = None, **target_options: Any) -> DeployResult:
    """Delete ``stack_name`` and wait until it is gone; a failed delete's result lists
    what is left (``left``): the stack's remaining resources, or, when the stack record is
    gone, the physical ids last seen."""
    from cfnbridge.deploy_delete import delete_one

    built, redact, pipeline = _on_stack(stack_name, target, target_options, timeout_minutes)
    with secrets_kept(redact):
        _learn(built, stack_name, redact)
        return delete_one(pipeline, built, stack_name, on_event, redact)


def delete_many(stack_name: str, targets: Sequence[str], *, on_event: MultiEventCallback | None = None,
                timeout_minutes: float | None = None,
                options: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, DeployResult]:
    """Delete the stack on every target at once; a result per target, none hiding another."""
    from cfnbridge.deploy_pipeline import run_in_threads

    def one(name: str) -> DeployResult:
        return delete(stack_name, name, timeout_minutes=timeout_minutes,
                      on_event=(lambda e: on_event(name, e)) if on_event else None,
                      **dict((options or {}).get(name) or {}))

    return run_in_threads({name: (lambda n=name: one(n)) for name in targets}, stack_name)


def describe_failure(result: DeployResult) -> str:
    """One line naming what failed and why, for humans."""
    if result.error:
        return result.error
    failure = result.failure
    if failure is None:
        return f"stack {result.stack_name} ended in {result.status}"
    return (
        f"{failure.logical_id} ({failure.resource_type}) {failure.status}: "
        f"{failure.reason or 'no reason given'}"
    )

