"""``cfnbridge deploy``, ``plan``, ``outputs``, ``status``, ``events`` and ``delete``.

Thin on purpose: parse options, call :mod:`cfnbridge.deployment` or a target, show the
result, return the exit code (0 ok, 1 failed, 2 bad input, 130 interrupted). Ctrl-C
while waiting stops the waiting only: the stack carries on, and we say how to follow it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from cfnbridge.cli._targets import connection, options_for, pop_connection, resume_hint, single
from cfnbridge.errors import DeployError, InputError

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 130
_ON_FAILURE = ["ROLLBACK", "DELETE", "DO_NOTHING"]


def _terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _params(params_file: str | None, params: tuple[str, ...]) -> dict[str, str]:
    from cfnbridge.deploy_params import load_params_file, parse_assignments

    values = load_params_file(params_file) if params_file else {}
    values.update(parse_assignments(params, "--param"))
    return values


def _capabilities(values: tuple[str, ...]) -> tuple[str, ...] | str:
    caps = tuple(c.strip() for v in values for c in v.split(",") if c.strip())
    if not caps or caps == ("auto",):
        return "auto"
    if "auto" in caps:
        raise InputError("--capabilities: use either auto or a list of capabilities")
    return caps


def _warn(error: Exception) -> None:
    click.echo(f"warning: {error}", err=True)


@click.command("deploy")
@click.argument("template", type=click.Path(exists=True, dir_okay=False))
@connection
@click.option("--param", "params", multiple=True, metavar="K=V", help="A parameter value.")
@click.option("--params-file", type=click.Path(exists=True, dir_okay=False),
              help="CloudFormation JSON list, or a key: value YAML/JSON mapping.")
@click.option("--tags", multiple=True, metavar="K=V", help="A stack tag.")
@click.option("--capabilities", multiple=True, default=("auto",), show_default=True,
              help="auto, or CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND.")
@click.option("--yes", is_flag=True, help="Apply without asking, replacements included.")
@click.option("--no-execute", is_flag=True, help="Create the change set and leave it for review.")
@click.option("--on-failure", type=click.Choice(_ON_FAILURE), default="ROLLBACK",
              show_default=True, help="What a failed create or update does.")
@click.option("--timeout", type=click.IntRange(min=1), metavar="MINUTES",
              help="Stop waiting after this long; the stack carries on.")
@click.option("--outputs-file", type=click.Path(dir_okay=False), help="Write outputs as JSON.")
@click.option("--s3-bucket", help="Upload templates over 51,200 bytes to this bucket.")
@click.option("--force", is_flag=True, help="Deploy despite template check errors.")
def deploy(template: str, **kw: Any) -> int:
    """Create or update a stack from TEMPLATE, through a change set."""
    from cfnbridge.cli._progress import EventLines, LiveTable, make_console, plan_table
    from cfnbridge.deployment import deploy as run_deploy
    from cfnbridge.deployment import describe_failure

    targets, raw = pop_connection(kw)
    stack_name: str = kw["stack_name"]
    params = _params(kw["params_file"], kw["params"])
    from cfnbridge.deploy_params import parse_assignments

    tags = parse_assignments(kw["tags"], "--tags")
    if len(targets) > 1:
        from cfnbridge.cli._multi import deploy_many

        return deploy_many(template, targets, raw, params, tags, kw)
    target = targets[0]
    target_options = options_for(target, raw, single=True)
    terminal = _terminal()
    console = make_console(terminal)

    def confirm(plan: Any) -> bool:
        console.print(plan_table(plan.changes, f"Changes to {stack_name} ({plan.kind})"))
        if kw["yes"]:
            return True
        if terminal:
            return click.confirm("Apply these changes?", default=False)
        if plan.destructive:
            listed = ", ".join(f"{c.logical_id} ({c.action})" for c in plan.destructive)
            raise DeployError(
                f"refusing to replace or remove resources without a terminal: {listed}; "
                "pass --yes to allow it"
            )
        return True

    progress = LiveTable(console, stack_name) if terminal else EventLines()
    try:
        with progress:
            result = run_deploy(
                template,
                target,
                stack_name=stack_name,
                params=params,
                tags=tags,
                capabilities=_capabilities(kw["capabilities"]),  # type: ignore[arg-type]
                on_failure=kw["on_failure"],
                timeout_minutes=kw["timeout"],
                on_event=progress,
                confirm=None if kw["no_execute"] else confirm,
                execute=not kw["no_execute"],
                force=kw["force"],
                warn=_warn,
                **target_options,
            )
    except KeyboardInterrupt:
        click.echo(
            f"\nStopped waiting. Stack {stack_name} was not cancelled and carries on; "
            f"follow it with: {resume_hint(stack_name, target, target_options)}",
            err=True,
        )
        return EXIT_INTERRUPTED

    if result.status == "NO_CHANGES":
        click.echo(f"no changes: stack {stack_name} is up to date")
        return EXIT_OK
    if result.status == "NOT_EXECUTED":
        if kw["no_execute"]:
            console.print(plan_table(result.changes, f"Changes to {stack_name}"))
            click.echo(f"change set left for review: {result.plan_id}")
        else:
            click.echo("not applied; the change set was deleted")
        return EXIT_OK
    if not result.ok:
        if result.status.endswith("_IN_PROGRESS"):
            click.echo(
                f"gave up waiting after {kw['timeout']} min; stack {stack_name} is still "
                f"{result.status}: {resume_hint(stack_name, target, target_options)}",
                err=True,
            )
            return EXIT_FAILED
        click.secho(f"FAILED: {describe_failure(result)}", fg="red", bold=True, err=True)
        click.echo(f"stack {stack_name} ended in {result.status}", err=True)
        return EXIT_FAILED
    click.echo(f"stack {stack_name}: {result.status} in {result.elapsed:.1f} s")
    _show_outputs(console, result.outputs, kw["outputs_file"])
    return EXIT_OK


@click.command("plan")
@click.argument("template", type=click.Path(exists=True, dir_okay=False))
@connection
@click.option("--param", "params", multiple=True, metavar="K=V", help="A parameter value.")
@click.option("--params-file", type=click.Path(exists=True, dir_okay=False),
              help="CloudFormation JSON list, or a key: value YAML/JSON mapping.")
@click.option("--force", is_flag=True, help="Plan despite template check errors.")
def plan(template: str, **kw: Any) -> int:
    """Show what deploying TEMPLATE would add, modify, replace or remove."""
    from cfnbridge.cli._progress import make_console, plan_table
    from cfnbridge.deployment import plan as run_plan

    target, target_options = single(kw)
    planned = run_plan(
        template,
        target,
        stack_name=kw["stack_name"],
        params=_params(kw["params_file"], kw["params"]),
        force=kw["force"],
        warn=_warn,
        **target_options,
    )
    if planned.no_changes or not planned.changes:
        click.echo(f"no changes: stack {kw['stack_name']} is up to date")
        return EXIT_OK
    console = make_console(_terminal())
    console.print(plan_table(planned.changes, f"Changes to {kw['stack_name']} ({planned.kind})"))
    return EXIT_OK


@click.command("outputs")
@connection
@click.option("--outputs-file", type=click.Path(dir_okay=False), help="Write outputs as JSON.")
def outputs(**kw: Any) -> int:
    """Show a stack's outputs."""
    from cfnbridge.cli._progress import make_console
    from cfnbridge.targets import make_target

    targets, raw = pop_connection(kw)
    if len(targets) > 1:
        from cfnbridge.cli._multi import outputs_side_by_side

        values = {t: make_target(t, **options_for(t, raw, single=False)).outputs(kw["stack_name"])
                  for t in targets}
        return outputs_side_by_side(make_console(_terminal()), values, kw["outputs_file"])
    target = make_target(targets[0], **options_for(targets[0], raw, single=True))
    _show_outputs(make_console(_terminal()), target.outputs(kw["stack_name"]), kw["outputs_file"])
    return EXIT_OK


@click.command("status")
@connection
def status(**kw: Any) -> int:
    """Show where a stack stands, and each resource's status."""
    from rich.table import Table
    from rich.text import Text

    from cfnbridge.cli._progress import make_console, status_style
    from cfnbridge.targets import make_target

    name, options = single(kw)
    target = make_target(name, **options)
    found = target.status(kw["stack_name"])
    click.echo(f"stack {found.stack_name}: {found.status}")
    if found.reason:
        click.echo(f"reason: {found.reason}")
    table = Table(title="Resources", title_justify="left")
    for column in ("Resource", "Type", "Status"):
        table.add_column(column)
    for logical_id, kind, state in found.resources:
        table.add_row(logical_id, kind, Text(state, style=status_style(state)))
    make_console(_terminal()).print(table)
    failed = found.status.endswith("_FAILED") or "ROLLBACK" in found.status
    return EXIT_FAILED if failed else EXIT_OK


@click.command("events")
@connection
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True,
              help="How many of the most recent events.")
def events(**kw: Any) -> int:
    """Show a stack's most recent events, oldest first."""
    from cfnbridge.cli._progress import event_line
    from cfnbridge.targets import make_target

    name, options = single(kw)
    target = make_target(name, **options)
    for event in target.events(kw["stack_name"], kw["limit"]):
        click.echo(event_line(event))
    return EXIT_OK


@click.command("delete")
@connection
@click.option("--yes", is_flag=True, help="Delete without asking.")
def delete(**kw: Any) -> int:
    """Delete a stack and everything it created."""
    from cfnbridge.cli._progress import EventLines, LiveTable, make_console
    from cfnbridge.deployment import delete as run_delete
    from cfnbridge.deployment import describe_failure

    stack_name = kw["stack_name"]
    targets, raw = pop_connection(kw)
    terminal = _terminal()
    if not kw["yes"]:
        if not terminal:
            raise InputError(f"refusing to delete stack {stack_name} without --yes off a terminal")
        if not click.confirm(f"Delete stack {stack_name} and all its resources?", default=False):
            click.echo("not deleted")
            return EXIT_OK
    if len(targets) > 1:
        from cfnbridge.cli._multi import delete_many

        return delete_many(stack_name, targets, raw, terminal)
    target = targets[0]
    target_options = options_for(target, raw, single=True)
    progress = LiveTable(make_console(terminal), stack_name) if terminal else EventLines()
    try:
        with progress:
            result = run_delete(stack_name, target, on_event=progress, **target_options)
    except KeyboardInterrupt:
        click.echo(
            f"\nStopped waiting. The deletion of {stack_name} carries on; follow it with: "
            f"{resume_hint(stack_name, target, target_options)}",
            err=True,
        )
        return EXIT_INTERRUPTED
    if not result.ok:
        click.secho(f"FAILED: {describe_failure(result)}", fg="red", bold=True, err=True)
        return EXIT_FAILED
    click.echo(f"stack {stack_name}: {result.status}")
    return EXIT_OK


def _show_outputs(console: Any, values: dict[str, str], outputs_file: str | None) -> None:
    from cfnbridge.cli._progress import outputs_table

    if values:
        console.print(outputs_table(values))
    if outputs_file:
        try:
            Path(outputs_file).write_text(json.dumps(values, indent=2, sort_keys=True) + "\n")
        except OSError as error:
            raise InputError(f"cannot write --outputs-file: {error}") from error
