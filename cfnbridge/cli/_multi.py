"""The command line for several clouds at once (``--target aws --target heat``): one
progress view for all, one confirmation for all plans, outputs side by side, and every
target's own ending reported, whatever happened to the others.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import TYPE_CHECKING, Any

import click

from cfnbridge.cli._targets import options_for

if TYPE_CHECKING:
    from rich.console import Console
    from rich.live import Live
    from rich.table import Table

    from cfnbridge.targets.base import DeployResult, Plan, StackEvent

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 130


class MultiEventLines:
    """Plain event lines, each prefixed with its target: ``[heat] 12:00:01 ...``."""

    def __init__(self, err: bool = False) -> None:
        self._lock = threading.Lock()
        self._err = err

    def __call__(self, target: str, event: StackEvent) -> None:
        from cfnbridge.cli._progress import event_line

        with self._lock:
            click.echo(f"[{target}] {event_line(event)}", err=self._err)

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
    from cfnbridge.cli._deploy_io import (
        interrupted,
        refuse_destructive,
        signals_as_interrupts,
        terminal,
        warn,
        write_outputs,
    )
    from cfnbridge.cli._progress import fail, make_console, plan_table, result_data, write_json
    from cfnbridge.deployment import deploy_many as run
    from cfnbridge.deployment import describe_failure

    stack_name = kw["stack_name"]
    json_out = kw["fmt"] == "json"
    on_terminal = terminal() and not json_out
    console = make_console(on_terminal, stderr=json_out)
    options = {t: options_for(t, raw, single=False) for t in targets}

    def confirm(plans: dict[str, Plan]) -> bool:
        for name, plan in plans.items():
            console.print(plan_table(plan.changes, f"\\[{name}] Changes to {stack_name} ({plan.kind})"))
        if kw["yes"]:
            return True
        if on_terminal:
            return click.confirm("Apply these changes?", default=False)
        refuse_destructive([f"{n}: {c.logical_id} ({c.action})" for n, p in plans.items() for c in p.destructive])
        return True

    progress = MultiLiveTable(console, stack_name, targets) if on_terminal else MultiEventLines(err=json_out)
    try:
        with signals_as_interrupts(), progress:
            results = run(template, list(targets), stack_name=stack_name, params=params, tags=tags,
                          on_failure=kw["on_failure"], timeout_minutes=kw["timeout"], on_event=progress,
                          confirm=None if kw["no_execute"] else confirm, execute=not kw["no_execute"],
                          force=kw["force"], warn=warn, options=options)
    except KeyboardInterrupt as error:
        return interrupted(error, stack_name)
    failed = any(not r.ok for r in results.values())
    for name, result in results.items():
        for note in result.notes:
            warn(f"[{name}] {note}")
    if json_out:
        write_json({name: result_data(result) for name, result in results.items()})
        return EXIT_FAILED if failed else EXIT_OK
    for name, result in results.items():
        if result.ok:
            click.echo(f"[{name}] stack {stack_name}: {_ending(result)}")
        else:
            fail(f"[{name}] FAILED: {describe_failure(result)}")
            if result.status != "ERROR" and not result.error:
                click.echo(f"[{name}] stack {stack_name} ended in {result.status}", err=True)
    values = {n: r.outputs for n, r in results.items() if r.ok}
    if any(values.values()):
        for name, outputs in values.items():
            if not outputs:  # said, not left as an empty column (moto reports none for change-set stacks)
                click.echo(f"[{name}] the stack reported no outputs", err=True)
        outputs_side_by_side(console, values, kw["outputs_file"])
    elif kw["outputs_file"] and values:
        write_outputs(kw["outputs_file"], values)
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
        from cfnbridge.cli._deploy_io import write_outputs

        write_outputs(outputs_file, values)
    return EXIT_OK


def delete_many(stack_name: str, targets: tuple[str, ...], raw: dict[str, Any], on_terminal: bool,
                timeout: float | None) -> int:
    """Delete the stack on every target, at once; report each ending and what is left."""
    from cfnbridge.cli._progress import fail, make_console
    from cfnbridge.deployment import delete_many as run
    from cfnbridge.deployment import describe_failure

    progress = MultiLiveTable(make_console(on_terminal), stack_name, targets) if on_terminal else MultiEventLines()
    with progress:
        results = run(stack_name, list(targets), on_event=progress, timeout_minutes=timeout,
                      options={t: options_for(t, raw, single=False) for t in targets})
    failed = False
    for name in targets:
        result = results[name]
        if result.ok:
            click.echo(f"[{name}] stack {stack_name}: {result.status}")
        else:
            failed = True
            fail(f"[{name}] FAILED: {describe_failure(result)}")
            for line in result.left:
                click.echo(f"[{name}] {line}", err=True)
    return EXIT_FAILED if failed else EXIT_OK
