"""The command line for several clouds at once (``--target aws --target heat``): one
progress view for all, one confirmation for all plans, outputs side by side, and every
target's own ending reported, whatever happened to the others.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import click

from cfnbridge.cli._targets import options_for, resume_hint
from cfnbridge.errors import DeployError, InputError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.live import Live
    from rich.table import Table

    from cfnbridge.targets.base import DeployResult, Plan, StackEvent

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 130


class MultiEventLines:
    """Plain event lines, each prefixed with its target: ``[heat] 12:00:01 ...``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def __call__(self, target: str, event: StackEvent) -> None:
        from cfnbridge.cli._progress import event_line

        with self._lock:
            click.echo(f"[{target}] {event_line(event)}")

    def __enter__(self) -> MultiEventLines:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class MultiLiveTable:
    """One live table for every target: a row per (target, resource), redrawn in place."""

    def __init__(self, console: Console, stack_name: str, targets: tuple[str, ...]) -> None:
        self._console = console
        self._stack_name = stack_name
        self._status = {t: "waiting" for t in targets}
        self._rows: dict[tuple[str, str], tuple[str, str, str]] = {}
        self._lock = threading.Lock()
        self._live: Live | None = None

    def __enter__(self) -> MultiLiveTable:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._live is not None:
            self._live.update(self._render())
            self._live.stop()

    def __call__(self, target: str, event: StackEvent) -> None:
        with self._lock:
            if event.logical_id == self._stack_name and event.resource_type.endswith("::Stack"):
                self._status[target] = event.status
            else:
                self._rows[(target, event.logical_id)] = (event.resource_type, event.status,
                                                          event.reason or "")
            if self._live is None:
                from rich.live import Live

                self._live = Live(self._render(), console=self._console, refresh_per_second=8)
                self._live.start()
            else:
                self._live.update(self._render())

    def _render(self) -> Table:
        from rich.table import Table
        from rich.text import Text

        from cfnbridge.cli._progress import status_style

        title = "  ".join(f"{t}: {s}" for t, s in self._status.items())
        table = Table(title=f"{self._stack_name}  ({title})", title_justify="left")
        for column in ("Target", "Resource", "Type", "Status", "Reason"):
            table.add_column(column, overflow="fold" if column == "Reason" else "ellipsis")
        for (target, logical_id), (kind, status, reason) in sorted(self._rows.items()):
            table.add_row(target, logical_id, kind, Text(status, style=status_style(status)), Text(reason))
        return table


def deploy_many(template: str, targets: tuple[str, ...], raw: dict[str, Any], params: dict[str, str],
                tags: dict[str, str], kw: dict[str, Any]) -> int:
    """``cfnbridge deploy T --target A --target B``: the multi-target deploy, then a report."""
    from cfnbridge.cli._progress import make_console, plan_table
    from cfnbridge.deployment import describe_failure
    from cfnbridge.multi_deploy import deploy_many as run

    stack_name = kw["stack_name"]
    terminal = click.get_text_stream("stdin").isatty() and click.get_text_stream("stdout").isatty()
    console = make_console(terminal)
    options = {t: options_for(t, raw, single=False) for t in targets}

    def confirm(plans: dict[str, Plan]) -> bool:
        for name, plan in plans.items():
            console.print(plan_table(plan.changes, f"[{name}] Changes to {stack_name} ({plan.kind})"))
        if kw["yes"]:
            return True
        if terminal:
            return click.confirm("Apply these changes?", default=False)
        destructive = [f"{n}: {c.logical_id} ({c.action})" for n, p in plans.items() for c in p.destructive]
        if destructive:
            raise DeployError("refusing to replace or remove resources without a terminal: "
                              f"{', '.join(destructive)}; pass --yes to allow it")
        return True

    progress = MultiLiveTable(console, stack_name, targets) if terminal else MultiEventLines()
    try:
        with progress:
            results = run(template, list(targets), stack_name=stack_name, params=params, tags=tags,
                          on_failure=kw["on_failure"], timeout_minutes=kw["timeout"], on_event=progress,
                          confirm=None if kw["no_execute"] else confirm, execute=not kw["no_execute"],
                          force=kw["force"], warn=lambda e: click.echo(f"warning: {e}", err=True),
                          options=options)
    except KeyboardInterrupt:
        hints = "; ".join(resume_hint(stack_name, t, options[t]) for t in targets)
        click.echo(f"\nStopped waiting. The stacks were not cancelled and carry on; follow them with: {hints}",
                   err=True)
        return EXIT_INTERRUPTED
    failed = False
    for name, result in results.items():
        if result.ok:
            click.echo(f"[{name}] stack {stack_name}: {_ending(result)}")
        else:
            failed = True
            click.secho(f"[{name}] FAILED: {describe_failure(result)}", fg="red", bold=True, err=True)
            if result.status != "ERROR":
                click.echo(f"[{name}] stack {stack_name} ended in {result.status}", err=True)
    values = {n: r.outputs for n, r in results.items() if r.ok}
    if any(values.values()):
        for name, outputs in values.items():
            if not outputs:  # said, not left as an empty column (moto reports none for change-set stacks)
                click.echo(f"[{name}] the stack reported no outputs", err=True)
        outputs_side_by_side(console, values, kw["outputs_file"])
    return EXIT_FAILED if failed else EXIT_OK


def _ending(result: DeployResult) -> str:
    if result.status == "NO_CHANGES":
        return "no changes, up to date"
    if result.status == "NOT_EXECUTED":
        return "not applied"
    return f"{result.status} in {result.elapsed:.1f} s"


def outputs_side_by_side(console: Console, values: dict[str, dict[str, str]], outputs_file: str | None) -> int:
    """One row per output name, one column per target (blank where a target lacks it)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Outputs", title_justify="left")
    table.add_column("Output")
    for name in values:
        table.add_column(name, overflow="fold")
    keys = list(dict.fromkeys(k for outputs in values.values() for k in outputs))
    for key in keys:
        table.add_row(key, *(Text(values[name].get(key, "")) for name in values))
    console.print(table)
    if outputs_file:
        try:
            Path(outputs_file).write_text(json.dumps(values, indent=2, sort_keys=True) + "\n")
        except OSError as error:
            raise InputError(f"cannot write --outputs-file: {error}") from error
    return EXIT_OK


def delete_many(stack_name: str, targets: tuple[str, ...], raw: dict[str, Any], terminal: bool) -> int:
    """Delete the stack on every target, at once; report each ending."""
    from cfnbridge.cli._progress import make_console
    from cfnbridge.deployment import delete, describe_failure
    from cfnbridge.multi_deploy import _in_threads

    progress = MultiLiveTable(make_console(terminal), stack_name, targets) if terminal else MultiEventLines()
    failures: dict[str, DeployResult] = {}
    with progress:
        results = _in_threads({t: (lambda t=t: delete(stack_name, t, on_event=lambda e, t=t: progress(t, e),
                                                      **options_for(t, raw, single=False)))
                               for t in targets}, failures, stack_name)
    results.update(failures)
    failed = False
    for name in targets:
        result = results[name]
        if result.ok:
            click.echo(f"[{name}] stack {stack_name}: {result.status}")
        else:
            failed = True
            click.secho(f"[{name}] FAILED: {describe_failure(result)}", fg="red", bold=True, err=True)
    return EXIT_FAILED if failed else EXIT_OK
