"""How a deploy looks while it runs: a live per-resource table on a terminal, plain
event lines anywhere else (logs, CI), and the plan and outputs tables.

The library reports events through a callback; these classes are such callbacks, so the
library never knows whether a terminal is there.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from rich.console import Console
    from rich.live import Live
    from rich.table import Table

    from cfnbridge.targets.base import Change, DeployResult, Plan, StackEvent, StackStatus

_ACTION_STYLE = {"add": "green", "modify": "yellow", "replace": "bold red", "remove": "bold red"}


def status_style(status: str) -> str:
    if status.endswith("_FAILED") or status.startswith("ROLLBACK") or "ROLLBACK" in status:
        return "red"
    if status.endswith("_IN_PROGRESS"):
        return "yellow"
    if status.endswith("_COMPLETE"):
        return "green"
    return ""


def colour() -> bool:
    """Whether colour may be used at all: not when NO_COLOR is set (https://no-color.org)."""
    return not os.environ.get("NO_COLOR")


def make_console(terminal: bool, stderr: bool = False) -> Console:
    """A console for stdout (or stderr); off a terminal, wide and without colour, for logs."""
    from rich.console import Console

    return Console(highlight=False, width=None if terminal else 160, no_color=not (terminal and colour()),
                   stderr=stderr)


def fail(text: str) -> None:
    """A failure line on stderr: red and bold on a terminal that allows colour."""
    click.secho(text, fg="red", bold=True, err=True, color=None if colour() else False)


def write_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, sort_keys=True, default=str))


def change_data(change: Change) -> dict[str, Any]:
    return {"action": change.action, "logical_id": change.logical_id, "resource_type": change.resource_type,
            "physical_id": change.physical_id, "details": list(change.details)}


def event_data(event: StackEvent) -> dict[str, Any]:
    return {"timestamp": event.timestamp.isoformat(), "logical_id": event.logical_id,
            "resource_type": event.resource_type, "status": event.status, "reason": event.reason,
            "physical_id": event.physical_id}


def plan_data(plan: Plan) -> dict[str, Any]:
    return {"stack_name": plan.stack_name, "kind": plan.kind, "no_changes": plan.no_changes,
            "changes": [change_data(c) for c in plan.changes], "not_compared": list(plan.unknown)}


def result_data(result: DeployResult) -> dict[str, Any]:
    return {"stack_name": result.stack_name, "status": result.status, "ok": result.ok,
            "elapsed": round(result.elapsed, 3), "outputs": result.outputs,
            "changes": [change_data(c) for c in result.changes],
            "failure": event_data(result.failure) if result.failure else None,
            "error": result.error, "left": list(result.left), "notes": list(result.notes),
            "plan_id": result.plan_id}


def status_data(found: StackStatus) -> dict[str, Any]:
    return {"stack_name": found.stack_name, "status": found.status, "stack_id": found.stack_id,
            "reason": found.reason,
            "resources": [{"logical_id": logical, "resource_type": kind, "status": state,
                           "physical_id": found.physical_ids.get(logical)}
                          for logical, kind, state in found.resources]}


def event_line(event: StackEvent) -> str:
    """One event as a plain line: time, status, logical id, type, reason."""
    reason = f"  {event.reason}" if event.reason else ""
    when = event.timestamp.strftime("%H:%M:%S")
    return f"{when}  {event.status:<28} {event.logical_id}  ({event.resource_type}){reason}"


class EventLines:
    """Prints each event as one plain line, as it arrives (to stderr when stdout is JSON)."""

    def __init__(self, err: bool = False) -> None:
        self._err = err

    def __call__(self, event: StackEvent) -> None:
        click.echo(event_line(event), err=self._err)

    def __enter__(self) -> EventLines:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class LiveTable:
    """A table with one row per resource, redrawn in place as events arrive."""

    def __init__(self, console: Console, stack_name: str) -> None:
        self._console = console
        self._stack_name = stack_name
        self._rows: dict[str, tuple[str, str, str]] = {}
        self._stack_status = "waiting"
        self._live: Live | None = None

    def __enter__(self) -> LiveTable:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._live is not None:
            self._live.update(self._render())
            self._live.stop()

    def __call__(self, event: StackEvent) -> None:
        if event.logical_id == self._stack_name and event.resource_type.endswith("::Stack"):
            self._stack_status = event.status
            if event.reason and event.status.endswith("_FAILED"):
                self._rows.setdefault("(stack)", ("", event.status, event.reason))
        else:
            self._rows[event.logical_id] = (event.resource_type, event.status, event.reason or "")
        if self._live is None:  # started on the first event, after any confirmation prompt
            from rich.live import Live

            self._live = Live(self._render(), console=self._console, refresh_per_second=8)
            self._live.start()
        else:
            self._live.update(self._render())

    def _render(self) -> Table:
        from rich.table import Table
        from rich.text import Text

        table = Table(title=f"{self._stack_name}: {self._stack_status}", title_justify="left")
        table.add_column("Resource")
        table.add_column("Type")
        table.add_column("Status")
        table.add_column("Reason", overflow="fold")
        for logical_id, (kind, status, reason) in self._rows.items():
            table.add_row(logical_id, kind, Text(status, style=status_style(status)), Text(reason))
        return table


def plan_table(changes: tuple[Change, ...], title: str) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left")
    table.add_column("Action")
    table.add_column("Resource")
    table.add_column("Type")
    table.add_column("Because of", overflow="fold")
    for change in changes:
        style = _ACTION_STYLE.get(change.action, "")
        table.add_row(
            Text(change.action, style=style),
            change.logical_id,
            change.resource_type,
            ", ".join(change.details),
        )
    return table


def outputs_table(outputs: Mapping[str, str], title: str = "Outputs") -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left")
    table.add_column("Output")
    table.add_column("Value", overflow="fold")
    for key, value in outputs.items():
        table.add_row(key, Text(value))
    return table
