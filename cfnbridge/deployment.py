"""Deploy a template to a cloud: the Python API behind ``cfnbridge deploy``.

It needs no terminal, so that a pipeline can call it; what to show and what to ask is
passed in as callbacks (``on_event``, ``confirm``)::

    result = deploy("web.yaml", "aws", stack_name="web", params={"EnvName": "prod"},
                    on_event=lambda e: print(e.logical_id, e.status))
    result.ok, result.status, result.outputs, result.failure

Before any cloud call the template is loaded and its graph built, so that a broken
template stops here with its location. NoEcho values never reach a result, a callback or
a log record.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from cfnbridge.deploy_params import (
    MASK,
    Redactor,
    check_names,
    load_params_file,
    parse_assignments,
    printable_params,
    redacted_logging,
)
from cfnbridge.errors import CfnBridgeError, DeployError, ErrorGroup, InputError, Location, flatten
from cfnbridge.targets.base import (
    DeployRequest,
    DeployResult,
    EventCallback,
    Plan,
    StackEvent,
    Target,
)

if TYPE_CHECKING:
    from cfnbridge.template import Template

__all__ = [
    "MASK",
    "DeployResult",
    "Redactor",
    "check_template",
    "delete",
    "deploy",
    "load_params_file",
    "parse_assignments",
    "plan",
    "printable_params",
]

log = logging.getLogger("cfnbridge.deployment")

Confirm = Callable[[Plan], bool]


def check_template(
    template: str | Path | Template,
    force: bool = False,
    warn: Callable[[CfnBridgeError], None] | None = None,
) -> Template:
    """Load ``template`` (a path, the text, or a loaded Template), build its graph, lint it.

    Graph errors (undefined references, cycles) and error-level security findings of the
    lint (a secret in plain text in user data: as unsafe on AWS as on OpenStack) stop the
    deploy unless ``force``; then each is passed to ``warn`` instead. A template that does
    not load always stops it. Translation gaps are the Heat target's business, not this.
    """
    import cfnbridge

    if isinstance(template, Path):
        template = str(template)
    tpl = cfnbridge.load(template) if isinstance(template, str) else template
    problems: list[InputError] = []
    try:
        cfnbridge.build_graph(tpl)
    except InputError as error:
        problems.extend(e for e in flatten(error) if isinstance(e, InputError))
    problems.extend(_security_findings(tpl))
    if problems and not force:
        raise problems[0] if len(problems) == 1 else ErrorGroup(problems)
    for item in problems:
        if warn is not None:
            warn(item)
        log.warning("ignored because of --force: %s", item)
    return tpl


def _security_findings(tpl: Template) -> list[InputError]:
    """Error-level security findings of the lint (rules CB6xxx), as located input errors."""
    from cfnbridge.linting import lint

    result = lint([tpl])
    return [InputError(f"{d.rule_id} {d.message}" + (f" (hint: {d.hint})" if d.hint else ""),
                       Location(d.file, d.line, d.column))
            for d in result.diagnostics if d.severity == "error" and d.rule_id.startswith("CB6")]


def deploy(
    template: str | Path | Template,
    target: str | Target | list[str | Target] = "aws",
    *,
    stack_name: str,
    params: Mapping[str, str] | None = None,
    tags: Mapping[str, str] | None = None,
    capabilities: tuple[str, ...] | Literal["auto"] = "auto",
    on_failure: Literal["ROLLBACK", "DELETE", "DO_NOTHING"] = "ROLLBACK",
    timeout_minutes: int | None = None,
    on_event: EventCallback | None = None,
    confirm: Confirm | None = None,
    execute: bool = True,
    force: bool = False,
    warn: Callable[[CfnBridgeError], None] | None = None,
    **target_options: Any,
) -> DeployResult:
    """Create or update ``stack_name`` from ``template`` through a reviewed plan.

    ``target`` is ``"aws"``, ``"heat"``, ``"heat-cfn"`` or a Target. A list of them deploys
    to all at once and returns ``{name: DeployResult}`` (see ``multi_deploy.deploy_many``:
    there ``on_event`` gets ``(name, event)``, ``confirm`` all plans by name, and each
    target's options come from ``options={name: {...}}``).

    ``confirm`` sees the plan and returns whether to go on (None: go on); it may raise
    ``DeployError`` to refuse. ``execute=False`` leaves the plan for review. The result's
    ``status`` is the stack's final status, ``NO_CHANGES`` or ``NOT_EXECUTED``; a failed
    deploy is a result with ``ok`` false, not an exception. KeyboardInterrupt while
    waiting propagates and leaves the stack to carry on.
    """
    if isinstance(target, list | tuple):
        from cfnbridge.multi_deploy import deploy_many

        return deploy_many(  # type: ignore[return-value]
            template, target, stack_name=stack_name, params=params, tags=tags,
            capabilities=capabilities, on_failure=on_failure, timeout_minutes=timeout_minutes,
            on_event=on_event, confirm=confirm, execute=execute, force=force, warn=warn,
            options=target_options.pop("options", None), **target_options,
        )
    params = dict(params or {})
    tpl = check_template(template, force, warn)
    redact = Redactor.for_template(tpl, params)
    log.info("deploying %s with parameters %s", stack_name, printable_params(params, tpl, redact))
    with _secrets_kept(redact):
        tgt = _target(target, target_options)
        check_names(params, declared_parameters(tgt, tpl))
        request = DeployRequest(
            template=tpl,
            stack_name=stack_name,
            parameters=params,
            tags=dict(tags or {}),
            capabilities=capabilities,
            on_failure=on_failure,
            timeout_minutes=timeout_minutes,
        )
        planned = tgt.plan(request)
        if planned.no_changes:
            tgt.discard(planned)
            return DeployResult(stack_name, "NO_CHANGES")
        if not execute:
            return DeployResult(
                stack_name, "NOT_EXECUTED", changes=planned.changes, plan_id=planned.handle
            )
        if confirm is not None:
            try:
                go_on = confirm(planned)
            except BaseException:
                tgt.discard(planned)
                raise
            if not go_on:
                tgt.discard(planned)
                return DeployResult(stack_name, "NOT_EXECUTED", changes=planned.changes)
        operation = tgt.apply(planned)
        timeout = timeout_minutes * 60.0 if timeout_minutes else None
        result = tgt.wait(operation, _redacting(on_event, redact), timeout=timeout)
        result.changes = planned.changes
        return _redacted_result(result, redact)


def plan(
    template: str | Path | Template,
    target: str | Target = "aws",
    *,
    stack_name: str,
    params: Mapping[str, str] | None = None,
    force: bool = False,
    warn: Callable[[CfnBridgeError], None] | None = None,
    **target_options: Any,
) -> Plan:
    """What deploying ``template`` would change; the plan is discarded, nothing changes."""
    params = dict(params or {})
    tpl = check_template(template, force, warn)
    redact = Redactor.for_template(tpl, params)
    with _secrets_kept(redact):
        tgt = _target(target, target_options)
        check_names(params, declared_parameters(tgt, tpl))
        planned = tgt.plan(DeployRequest(template=tpl, stack_name=stack_name, parameters=params))
        tgt.discard(planned)
        return planned


def delete(
    stack_name: str,
    target: str | Target = "aws",
    *,
    on_event: EventCallback | None = None,
    timeout_minutes: int | None = None,
    **target_options: Any,
) -> DeployResult:
    """Delete ``stack_name`` and wait until it is gone (or its deletion failed)."""
    tgt = _target(target, target_options)
    operation = tgt.delete(stack_name)
    timeout = timeout_minutes * 60.0 if timeout_minutes else None
    return tgt.wait(operation, on_event, timeout=timeout)


def declared_parameters(target: Target, template: Template) -> tuple[str, ...]:
    """The parameters ``target`` will accept: the template's own, or for a target that
    translates (Heat), those of its translation, which may add some (ExternalNetwork)."""
    names = getattr(target, "parameter_names", None)
    return tuple(names(template)) if names is not None else tuple(template.parameters)


def _target(target: str | Target, options: Mapping[str, Any]) -> Target:
    if isinstance(target, str):
        from cfnbridge.targets import make_target

        return make_target(target, **options)
    if options:
        raise TypeError(f"connection options {sorted(options)} need a target name, not a Target")
    return target


@contextmanager
def _secrets_kept(redact: Redactor) -> Iterator[None]:
    """No secret in any log record, nor in the message of an error that leaves."""
    with redacted_logging(redact):
        try:
            yield
        except CfnBridgeError as error:
            for item in [error, *flatten(error)]:
                item.message = redact(item.message) or ""
                item.args = tuple(redact(a) if isinstance(a, str) else a for a in item.args)
            raise


def _redacting(on_event: EventCallback | None, redact: Redactor) -> EventCallback | None:
    if on_event is None:
        return None

    def callback(event: StackEvent) -> None:
        on_event(_redacted_event(event, redact))

    return callback


def _redacted_event(event: StackEvent, redact: Redactor) -> StackEvent:
    from dataclasses import replace

    if not redact or event.reason is None:
        return event
    return replace(event, reason=redact(event.reason))


def _redacted_result(result: DeployResult, redact: Redactor) -> DeployResult:
    if not redact:
        return result
    result.outputs = redact.mapping(result.outputs)
    result.events = [_redacted_event(e, redact) for e in result.events]
    if result.failure is not None:
        result.failure = _redacted_event(result.failure, redact)
    return result


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


def raise_for(result: DeployResult) -> DeployResult:
    """Return ``result`` if it is ok, else raise ``DeployError`` describing its failure."""
    if not result.ok:
        raise DeployError(describe_failure(result))
    return result
