"""The one deploy pipeline, for one target and for many: check -> plan -> confirm ->
apply -> wait, each cloud step in its own thread per target and within one deadline.

One target or several, it is the same code: a target that fails, or cannot even start,
gets a result of its own (``ERROR``) and never stops or hides the others; the caller
that wants one target's exception (``deployment.deploy``) asks for it with ``raise_errors``.
Everything that leaves (results, events, errors, log records) passes the ``Redactor``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from cfnbridge.deploy_secrets import Redactor, redacted_logging, scrub
from cfnbridge.errors import CfnBridgeError, ErrorGroup, InputError, Location, flatten
from cfnbridge.targets.base import AfterApply, DeployRequest, DeployResult, Plan, StackEvent, Target
from cfnbridge.targets.polling import GRACE, Deadline

if TYPE_CHECKING:
    from cfnbridge.template import Template

log = logging.getLogger("cfnbridge.deployment")

MultiEventCallback = Callable[[str, StackEvent], None]
ConfirmAll = Callable[[dict[str, Plan]], bool]
PLAN_SETTLE = 3.0
"""How long an interrupted deploy waits for plans in flight before removing what they made."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (or SIGTERM) during a deploy; ``applied``: whether any change was started
    (then the stacks carry on), else every pending plan was removed."""

    def __init__(self, stack_name: str, applied: bool, follow: Sequence[str] = ()) -> None:
        super().__init__(stack_name)
        self.stack_name = stack_name
        self.applied = applied
        self.follow = tuple(follow)


@dataclass(slots=True)
class Job:
    """One target's part of a deploy."""

    name: str
    target: Target
    settings: dict[str, Any]
    plan: Plan | None = None
    result: DeployResult | None = None
    seen: list[str] = field(default_factory=list)


def check_template(template: Any, force: bool = False,
                   warn: Callable[[CfnBridgeError], None] | None = None) -> Template:
    """Load ``template`` (a path, the text, or a loaded Template), build its graph, lint it.

    Graph errors (undefined references, cycles) and error-level security findings of the
    lint (a secret in plain text in user data: as unsafe on AWS as on OpenStack) stop the
    deploy unless ``force``; then each is passed to ``warn`` instead. A template that does
    not load always stops it. Translation gaps are the Heat target's business, not this.
    """
    import cfnbridge

    if not isinstance(template, str) and hasattr(template, "__fspath__"):
        template = str(template)
    tpl: Template = cfnbridge.load(template) if isinstance(template, str) else template
    problems: list[InputError] = []
    if _may_have_graph_errors(tpl):  # then the graph (networkx) says where, in its own words
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


def _may_have_graph_errors(tpl: Template) -> bool:
    """Whether the template may refer to something undefined or hold a cycle: a cheap
    look that spares the common, sound template the cost of importing networkx."""
    from cfnbridge.references import all_references

    defined = {**dict.fromkeys(tpl.parameters, "Parameters"), **dict.fromkeys(tpl.resources, "Resources"),
               **dict.fromkeys(tpl.conditions, "Conditions"), **dict.fromkeys(tpl.mappings, "Mappings")}
    needs: dict[str, set[str]] = {}
    for reference in all_references(tpl):
        if reference.is_pseudo:
            continue
        if reference.target not in defined:
            return True
        section, name = reference.source
        if section == "Resources" and defined[reference.target] == "Resources" and reference.kind != "Condition":
            needs.setdefault(name, set()).add(reference.target)
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def cyclic(node: str) -> bool:
        stack = [(node, iter(needs.get(node, ())))]
        state[node] = 1
        while stack:
            current, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[current] = 2
                stack.pop()
            elif state.get(child) == 1:
                return True
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(needs.get(child, ()))))
        return False

    return any(cyclic(name) for name in needs if name not in state)


def _security_findings(tpl: Template) -> list[InputError]:
    """Error-level security findings of the lint (rules CB6xxx), as located input errors."""
    from cfnbridge.linting import lint

    result = lint([tpl])
    return [InputError(f"{d.rule_id} {d.message}" + (f" (hint: {d.hint})" if d.hint else ""),
                       Location(d.file, d.line, d.column))
            for d in result.diagnostics if d.severity == "error" and d.rule_id.startswith("CB6")]


def build(target: str | Target, settings: Mapping[str, Any], deadline: Deadline) -> tuple[Target, dict[str, Any]]:
    """A target from its name and settings (a Target passes through as it is)."""
    if not isinstance(target, str):
        if settings:
            raise TypeError(f"connection options {sorted(settings)} need a target name, not a Target")
        return target, {}
    from cfnbridge.targets import make_target

    options = dict(settings)
    options.setdefault("read_timeout", deadline.read_timeout())
    return make_target(target, **options), options


@contextmanager
def secrets_kept(redact: Redactor) -> Iterator[None]:
    """No secret in any log record, nor in an error that leaves (its causes included)."""
    with redacted_logging(redact):
        try:
            yield
        except BaseException as error:
            if isinstance(error, CfnBridgeError):
                for item in [error, *flatten(error)]:
                    item.message = redact(item.message) or ""
            scrub(error, redact)
            raise


class Pipeline:
    """Plan, confirm, apply and wait for every job, in parallel, within ``deadline``."""

    def __init__(self, stack_name: str, jobs: list[Job], redact: Redactor, deadline: Deadline,
                 raise_errors: bool) -> None:
        self.stack_name = stack_name
        self.jobs = {job.name: job for job in jobs}
        self.redact = redact
        self.deadline = deadline
        self.raise_errors = raise_errors
        self._threads: list[threading.Thread] = []

    def follow(self, job: Job) -> str:
        from cfnbridge.targets import follow_command

        if not job.settings:
            return f"cfnbridge status --stack-name {self.stack_name}"
        return follow_command(job.name, self.stack_name, job.settings)

    def run(self, request_for: Callable[[Job], DeployRequest], confirm: ConfirmAll | None, execute: bool,
            on_event: MultiEventCallback | None) -> dict[str, DeployResult]:
        live = list(self.jobs.values())
        try:
            self._parallel({j.name: (lambda j=j: self._plan(j, request_for(j))) for j in live}, "plan")
        except KeyboardInterrupt as stop:
            self._discard_all(wait=True)
            raise Interrupted(self.stack_name, applied=False) from stop
        pending = [j for j in live if j.result is None and j.plan is not None]
        for job in pending:
            assert job.plan is not None
            if job.plan.no_changes:
                job.target.discard(job.plan)
                job.result = DeployResult(self.stack_name, "NO_CHANGES", notes=_unknown_note(job.plan))
            elif not execute:
                job.result = DeployResult(self.stack_name, "NOT_EXECUTED", changes=job.plan.changes,
                                          plan_id=job.plan.handle, notes=_unknown_note(job.plan))
        pending = [j for j in pending if j.result is None]
        if pending and confirm is not None:
            try:
                go_on = confirm({j.name: j.plan for j in pending if j.plan is not None})
            except BaseException as stop:
                self._discard_all(wait=False)
                if isinstance(stop, KeyboardInterrupt):
                    raise Interrupted(self.stack_name, applied=False) from stop
                raise
            if not go_on:
                self._discard_all(wait=False)
                for job in pending:
                    job.result = DeployResult(self.stack_name, "NOT_EXECUTED",
                                              changes=job.plan.changes if job.plan else ())
                pending = []
        try:
            self._parallel({j.name: (lambda j=j: self._apply_and_wait(j, on_event)) for j in pending}, "wait")
        except KeyboardInterrupt as stop:
            raise Interrupted(self.stack_name, applied=True, follow=[self.follow(j) for j in pending]) from stop
        return {name: self._redacted(job.result or DeployResult(self.stack_name, "ERROR", error="no result"))
                for name, job in self.jobs.items()}

    # -- the steps -------------------------------------------------------------------------

    def _plan(self, job: Job, request: DeployRequest) -> None:
        learned = job.target.secrets(self.stack_name)
        self.redact.add(learned.values, learned.hidden_outputs, learned.no_echo)
        self.redact.learn_values(request.parameters)
        job.plan = job.target.plan(request)

    def _apply_and_wait(self, job: Job, on_event: MultiEventCallback | None) -> None:
        assert job.plan is not None
        operation = job.target.apply(job.plan)
        job.seen.append("applied")

        def report(event: StackEvent) -> None:
            if on_event is not None:
                on_event(job.name, _redacted_event(event, self.redact))

        try:
            result = job.target.wait(operation, report, timeout=self.deadline.remaining())
        except AfterApply as error:
            raise AfterApply(error.message, self.stack_name, error.state) from error
        result.changes = job.plan.changes
        result.notes = _unknown_note(job.plan)
        job.result = result

    def _discard_all(self, wait: bool) -> None:
        """Forget every plan made; ``wait``: first let plans in flight finish (briefly)."""
        if wait:
            settle = time.monotonic() + PLAN_SETTLE
            while any(t.is_alive() for t in self._threads) and time.monotonic() < settle:
                time.sleep(0.1)
        for job in self.jobs.values():
            try:
                if job.plan is not None and job.result is None:
                    job.target.discard(job.plan)
                elif job.plan is None and hasattr(job.target, "abandon"):
                    job.target.abandon(self.stack_name)  # a plan still in flight
            except CfnBridgeError as error:
                log.warning("could not remove the plan for %s: %s", job.name, error)

    # -- threads, errors, deadline --------------------------------------------------------

    def _parallel(self, work: dict[str, Callable[[], None]], phase: Literal["plan", "wait"]) -> None:
        """Run each job's step in a daemon thread, joined in short steps so that Ctrl-C
        reaches the caller at once; a step still running past the deadline is left behind.
        A step's CfnBridgeError becomes that job's result; other exceptions are raised."""
        unexpected: list[BaseException] = []
        errors: list[CfnBridgeError] = []

        def guarded(name: str, step: Callable[[], None]) -> None:
            try:
                step()
            except CfnBridgeError as error:
                if self._failed(name, error, phase):
                    errors.append(error)
            except BaseException as error:  # surfaced in the caller's thread below
                unexpected.append(error)

        self._threads = [threading.Thread(target=guarded, args=(n, s), name=f"deploy-{n}-{phase}", daemon=True)
                         for n, s in work.items()]
        for thread in self._threads:
            thread.start()
        end = None if self.deadline.end is None else self.deadline.end + GRACE
        for thread, name in zip(self._threads, work, strict=True):
            while thread.is_alive() and (end is None or time.monotonic() < end):
                thread.join(0.2)
            if thread.is_alive():
                self._timed_out(name, phase)
        if unexpected:
            raise unexpected[0]
        if self.raise_errors and errors:
            raise errors[0]

    def _failed(self, name: str, error: CfnBridgeError, phase: str) -> bool:
        """Record a step's error as the job's result; whether the caller must raise it
        (one target, before the cloud accepted anything)."""
        job = self.jobs[name]
        if phase == "wait" and (job.seen or isinstance(error, AfterApply)):
            state = getattr(error, "state", None)
            message = (f"{error}; the cloud had accepted the change, so stack {self.stack_name} may "
                       f"still be {state or 'changing'}: follow it with {self.follow(job)}")
            job.result = DeployResult(self.stack_name, state or "UNKNOWN", error=message)
            return False
        if self.raise_errors:
            return True
        job.result = DeployResult(self.stack_name, "ERROR", error=f"{name}: {error}")
        return False

    def _timed_out(self, name: str, phase: str) -> None:
        job = self.jobs[name]
        seconds = self.deadline.seconds or 0
        if phase == "wait":
            message = (f"gave up after {seconds:g} s (--timeout): the cloud did not answer in time; "
                       f"stack {self.stack_name} may still be changing: follow it with {self.follow(job)}")
            job.result = DeployResult(self.stack_name, "UNKNOWN", error=message)
        else:
            message = (f"gave up after {seconds:g} s (--timeout) while planning: nothing was applied "
                       f"to stack {self.stack_name}")
            job.result = DeployResult(self.stack_name, "ERROR", error=message)
            if self.raise_errors:
                from cfnbridge.targets.polling import TimedOut

                raise TimedOut(message)

    def _redacted(self, result: DeployResult) -> DeployResult:
        redact = self.redact
        if not redact:
            return result
        result.outputs = redact.outputs(result.outputs)
        result.events = [_redacted_event(e, redact) for e in result.events]
        if result.failure is not None:
            result.failure = _redacted_event(result.failure, redact)
        result.error = redact(result.error)
        return result


def _unknown_note(plan: Plan) -> tuple[str, ...]:
    if not plan.unknown:
        return ()
    names = ", ".join(plan.unknown)
    return (f"not compared: NoEcho parameter(s) {names} (the cloud never shows their deployed value); "
            "a change to them alone is not detected",)


def _redacted_event(event: StackEvent, redact: Redactor) -> StackEvent:
    if not redact or event.reason is None:
        return event
    return replace(event, reason=redact(event.reason))


def run_in_threads(jobs: dict[str, Callable[[], DeployResult]], stack_name: str) -> dict[str, DeployResult]:
    """Each job in a daemon thread (joined in short steps, so Ctrl-C reaches the caller);
    a job's CfnBridgeError becomes an ERROR result; other exceptions are raised here."""
    done: dict[str, DeployResult] = {}
    unexpected: list[BaseException] = []

    def work(name: str, job: Callable[[], DeployResult]) -> None:
        try:
            done[name] = job()
        except CfnBridgeError as error:
            done[name] = DeployResult(stack_name, "ERROR", error=f"{name}: {error}")
        except BaseException as error:  # surfaced in the caller's thread below
            unexpected.append(error)

    threads = [threading.Thread(target=work, args=(n, j), name=f"deploy-{n}", daemon=True) for n, j in jobs.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(0.2)
    if unexpected:
        raise unexpected[0]
    return {name: done[name] for name in jobs}
