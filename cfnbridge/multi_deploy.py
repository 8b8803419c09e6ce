"""Deploy one template to several clouds at once (``--target aws --target heat``).

Each target plans, then (after one confirmation covering every plan) applies and waits in
its own thread. A target that fails, or cannot even start, gets a result of its own with
``ok`` false; it never stops or hides the others::

    results = deploy_many("web.yaml", ["aws", "heat"], stack_name="web",
                          params={"AdminPassword": "..."},
                          options={"aws": {"region": "eu-west-1"}, "heat": {"cloud": "lab"}},
                          on_event=lambda name, event: print(name, event.logical_id, event.status))
    results["aws"].outputs, results["heat"].outputs

Parameters are shared: each target gets those its template (or translation) declares, and
a name no target declares is an error. NoEcho values are redacted as for one target.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from cfnbridge.deploy_params import Redactor, check_names, printable_params
from cfnbridge.deployment import (
    _redacted_result,
    _redacting,
    _secrets_kept,
    _target,
    check_template,
    declared_parameters,
    log,
)
from cfnbridge.errors import CfnBridgeError, InputError
from cfnbridge.targets.base import DeployRequest, DeployResult, Plan, StackEvent, Target

if TYPE_CHECKING:
    from cfnbridge.template import Template

MultiEventCallback = Callable[[str, StackEvent], None]
ConfirmAll = Callable[[dict[str, Plan]], bool]


def deploy_many(
    template: str | Path | Template,
    targets: Sequence[str | Target],
    *,
    stack_name: str,
    params: Mapping[str, str] | None = None,
    tags: Mapping[str, str] | None = None,
    capabilities: tuple[str, ...] | Literal["auto"] = "auto",
    on_failure: Literal["ROLLBACK", "DELETE", "DO_NOTHING"] = "ROLLBACK",
    timeout_minutes: int | None = None,
    on_event: MultiEventCallback | None = None,
    confirm: ConfirmAll | None = None,
    execute: bool = True,
    force: bool = False,
    warn: Callable[[CfnBridgeError], None] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, DeployResult]:
    """Create or update ``stack_name`` on every target at once; a result per target name."""
    params = dict(params or {})
    names = [t if isinstance(t, str) else t.name for t in targets]
    if len(set(names)) != len(names):
        raise InputError(f"each target once, please: {', '.join(names)}")
    tpl = check_template(template, force, warn)
    redact = Redactor.for_template(tpl, params)
    log.info("deploying %s to %s with parameters %s", stack_name, ", ".join(names),
             printable_params(params, tpl, redact))
    results: dict[str, DeployResult] = {}
    with _secrets_kept(redact):
        built = _in_threads({n: (lambda t=t, n=n: _target(t, dict((options or {}).get(n, {}))))
                             for t, n in zip(targets, names, strict=True)}, results, stack_name)
        declared = {n: declared_parameters(tgt, tpl) for n, tgt in built.items()}
        check_names(params, sorted({p for names_ in declared.values() for p in names_}
                                   or set(tpl.parameters)))

        def request_for(name: str) -> DeployRequest:
            return DeployRequest(template=tpl, stack_name=stack_name,
                                 parameters={k: v for k, v in params.items() if k in declared[name]},
                                 tags=dict(tags or {}), capabilities=capabilities,
                                 on_failure=on_failure, timeout_minutes=timeout_minutes)

        plans = _in_threads({n: (lambda n=n: built[n].plan(request_for(n))) for n in built},
                            results, stack_name)
        for name, planned in list(plans.items()):
            if planned.no_changes:
                built[name].discard(planned)
                results[name] = DeployResult(stack_name, "NO_CHANGES")
                del plans[name]
            elif not execute:
                results[name] = DeployResult(stack_name, "NOT_EXECUTED", changes=planned.changes,
                                             plan_id=planned.handle)
                del plans[name]
        if plans and confirm is not None:
            try:
                go_on = confirm(dict(plans))
            except BaseException:
                for name, planned in plans.items():
                    built[name].discard(planned)
                raise
            if not go_on:
                for name, planned in plans.items():
                    built[name].discard(planned)
                    results[name] = DeployResult(stack_name, "NOT_EXECUTED", changes=planned.changes)
                plans = {}
        timeout = timeout_minutes * 60.0 if timeout_minutes else None

        def run(name: str) -> DeployResult:
            tgt, planned = built[name], plans[name]
            operation = tgt.apply(planned)
            callback = _redacting(_tagged(on_event, name), redact)
            result = tgt.wait(operation, callback, timeout=timeout)
            result.changes = planned.changes
            return _redacted_result(result, redact)

        results.update(_in_threads({n: (lambda n=n: run(n)) for n in plans}, results, stack_name))
    return {name: results[name] for name in names}


def _tagged(on_event: MultiEventCallback | None, name: str) -> Callable[[StackEvent], None] | None:
    if on_event is None:
        return None
    return lambda event: on_event(name, event)


def _in_threads(
    jobs: dict[str, Callable[[], Any]],
    failures: dict[str, DeployResult],
    stack_name: str,
) -> dict[str, Any]:
    """Run each job in a daemon thread; a job's CfnBridgeError becomes an ERROR result.

    Daemon threads, joined in short steps, so that Ctrl-C reaches the caller at once (the
    stacks carry on, as with one target). Other exceptions are re-raised here.
    """
    done: dict[str, Any] = {}
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def work(name: str, job: Callable[[], Any]) -> None:
        try:
            value = job()
        except CfnBridgeError as error:
            with lock:
                failures[name] = DeployResult(stack_name, "ERROR", error=f"{name}: {error}")
            return
        except BaseException as error:  # surfaced in the caller's thread below
            with lock:
                unexpected.append(error)
            return
        with lock:
            done[name] = value

    threads = [threading.Thread(target=work, args=(n, j), name=f"deploy-{n}", daemon=True)
               for n, j in jobs.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(0.2)
    if unexpected:
        raise unexpected[0]
    return done
