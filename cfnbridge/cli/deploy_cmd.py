"""``cfnbridge deploy``, ``plan``, ``outputs``, ``status``, ``events`` and ``delete``.

Thin on purpose: parse options, call :mod:`cfnbridge.deployment`, show the result, return
the exit code (0 ok, 1 failed, 2 bad input or no such stack, 130 interrupted, 143
terminated). Ctrl-C or SIGTERM before anything was applied removes the plan; after it,
it stops the waiting only: the stack carries on, and we say how to follow it.
"""

from __future__ import annotations

from typing import Any

import click

from cfnbridge.cli._deploy_io import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    Terminated,
    interrupted,
    refuse_destructive,
    signals_as_interrupts,
    terminal,
    timeout_minutes,
    warn,
    write_outputs,
)
from cfnbridge.cli._targets import connection, options_for, pop_connection, single
from cfnbridge.errors import InputError

_ON_FAILURE = ["ROLLBACK", "DELETE", "DO_NOTHING"]
FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                      help="text for people, json for programs (progress then goes to stderr).")


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


def parameter_options(command: Any) -> Any:
    for option in reversed([
        click.option("--param", "params", multiple=True, metavar="K=V", help="A parameter value."),
        click.option("--params-file", type=click.Path(exists=True, dir_okay=False),
                     help="CloudFormation JSON list, or a key: value YAML/JSON mapping."),
    ]):
        command = option(command)
    return command


@click.command("deploy")
@click.argument("template", type=click.Path(exists=True, dir_okay=False))
@connection(with_template=True)
@parameter_options
@click.option("--tags", multiple=True, metavar="K=V", help="A stack tag.")
@click.option("--capabilities", multiple=True, default=("auto",), show_default=True,
              help="auto, or CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND.")
@click.option("--yes", is_flag=True, help="Apply without asking, replacements included.")
@click.option("--no-execute", is_flag=True, help="Create the change set and leave it for review.")
@click.option("--on-failure", type=click.Choice(_ON_FAILURE), default="ROLLBACK",
              show_default=True, help="What a failed create or update does.")
@click.option("--timeout", metavar="DURATION",
              help="Give up after this long (minutes, or 90s / 10m / 2h), even on a silent endpoint; "
                   "a stack already changing carries on.")
@click.option("--outputs-file", type=click.Path(dir_okay=False), help="Write outputs as JSON (mode 0600).")
@click.option("--force", is_flag=True, help="Deploy despite template check errors.")
@FORMAT
def deploy(template: str, **kw: Any) -> int:
    """Create or update a stack from TEMPLATE, through a reviewed plan."""
    from cfnbridge.cli._progress import EventLines, LiveTable, make_console, plan_table
    from cfnbridge.deploy_params import parse_assignments
    from cfnbridge.deployment import deploy as run_deploy

    targets, raw = pop_connection(kw)
    stack_name: str = kw["stack_name"]
    params = _params(kw["params_file"], kw["params"])
    tags = parse_assignments(kw["tags"], "--tags")
    kw["timeout"] = timeout_minutes(kw["timeout"])
    if len(targets) > 1:
        from cfnbridge.cli._multi import deploy_many

        return deploy_many(template, targets, raw, params, tags, kw)
    target = targets[0]
    settings = options_for(target, raw, single=True)
    from cfnbridge.cli._targets import resume_hint

    kw["_follow"] = resume_hint(stack_name, target, settings)
    json_out = kw["fmt"] == "json"
    on_terminal = terminal() and not json_out
    console = make_console(on_terminal, stderr=json_out)

    def confirm(plan: Any) -> bool:
        console.print(plan_table(plan.changes, f"Changes to {stack_name} ({plan.kind})"))
        if kw["yes"]:
            return True
        if on_terminal:
            return click.confirm("Apply these changes?", default=False)
        refuse_destructive([f"{c.logical_id} ({c.action})" for c in plan.destructive])
        return True

    progress = LiveTable(console, stack_name) if on_terminal else EventLines(err=json_out)
    try:
        with signals_as_interrupts(), progress:
            result = run_deploy(template, target, stack_name=stack_name, params=params, tags=tags,
                                capabilities=_capabilities(kw["capabilities"]),  # type: ignore[arg-type]
                                on_failure=kw["on_failure"], timeout_minutes=kw["timeout"], on_event=progress,
                                confirm=None if kw["no_execute"] else confirm, execute=not kw["no_execute"],
                                force=kw["force"], warn=warn, **settings)
    except KeyboardInterrupt as error:
        return interrupted(error, stack_name)
    return show_result(result, stack_name, kw, console, json_out)


def show_result(result: Any, stack_name: str, kw: dict[str, Any], console: Any, json_out: bool) -> int:
    from cfnbridge.cli._progress import fail, plan_table, result_data, write_json
    from cfnbridge.deployment import describe_failure

    for note in result.notes:
        warn(note)
    if json_out:
        write_json(result_data(result))
        if result.ok and kw.get("outputs_file") and result.status not in {"NO_CHANGES", "NOT_EXECUTED"}:
            write_outputs(kw["outputs_file"], result.outputs)
        return EXIT_OK if result.ok else EXIT_FAILED
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
        if result.status.endswith("_IN_PROGRESS") and not result.error:
            click.echo(f"gave up waiting (--timeout); stack {stack_name} is still {result.status}: follow it "
                       f"with {follow_hint(kw, stack_name)}", err=True)
            return EXIT_FAILED
        fail(f"FAILED: {describe_failure(result)}")
        if not result.error:
            click.echo(f"stack {stack_name} ended in {result.status}", err=True)
        return EXIT_FAILED
    click.echo(f"stack {stack_name}: {result.status} in {result.elapsed:.1f} s")
    show_outputs(console, stack_name, result.outputs, kw["outputs_file"])
    return EXIT_OK


def follow_hint(kw: dict[str, Any], stack_name: str) -> str:
    return kw.get("_follow") or f"cfnbridge status --stack-name {stack_name}"


@click.command("plan")
@click.argument("template", type=click.Path(exists=True, dir_okay=False))
@connection(with_template=True, several=False)
@parameter_options
@click.option("--force", is_flag=True, help="Plan despite template check errors.")
@FORMAT
def plan(template: str, **kw: Any) -> int:
    """Show what deploying TEMPLATE would add, modify, replace or remove."""
    from cfnbridge.cli._progress import make_console, plan_data, plan_table, write_json
    from cfnbridge.deployment import plan as run_plan

    target, settings = single(kw)
    stack_name = kw["stack_name"]
    try:
        with signals_as_interrupts():
            planned = run_plan(template, target, stack_name=stack_name,
                               params=_params(kw["params_file"], kw["params"]), force=kw["force"], warn=warn,
                               **settings)
    except KeyboardInterrupt as error:
        return interrupted(error, stack_name)
    if planned.unknown:
        warn(f"not compared: NoEcho parameter(s) {', '.join(planned.unknown)} (the cloud never shows their "
             "deployed value); a change to them alone is not detected")
    if kw["fmt"] == "json":
        write_json(plan_data(planned))
        return EXIT_OK
    if planned.no_changes:
        click.echo(f"no changes: stack {stack_name} is up to date")
        return EXIT_OK
    if not planned.changes:
        click.echo(f"no resource changes, but stack {stack_name} differs (outputs, parameters or metadata): "
                   "deploy would update it")
        return EXIT_OK
    console = make_console(terminal())
    console.print(plan_table(planned.changes, f"Changes to {stack_name} ({planned.kind})"))
    return EXIT_OK


@click.command("outputs")
@connection()
@click.option("--outputs-file", type=click.Path(dir_okay=False), help="Write outputs as JSON (mode 0600).")
@FORMAT
def outputs(**kw: Any) -> int:
    """Show a stack's outputs."""
    from cfnbridge.cli._progress import make_console, write_json
    from cfnbridge.deployment import outputs as read_outputs

    targets, raw = pop_connection(kw)
    stack_name = kw["stack_name"]
    if len(targets) > 1:
        from cfnbridge.cli._multi import outputs_side_by_side

        values = {t: read_outputs(stack_name, t, **options_for(t, raw, single=False)) for t in targets}
        if kw["fmt"] == "json":
            write_json(values)
            return EXIT_OK
        return outputs_side_by_side(make_console(terminal()), values, kw["outputs_file"])
    found = read_outputs(stack_name, targets[0], **options_for(targets[0], raw, single=True))
    if kw["fmt"] == "json":
        write_json(found)
        if kw["outputs_file"]:
            write_outputs(kw["outputs_file"], found)
        return EXIT_OK
    show_outputs(make_console(terminal()), stack_name, found, kw["outputs_file"])
    return EXIT_OK


@click.command("status")
@connection(several=False)
@FORMAT
def status(**kw: Any) -> int:
    """Show where a stack stands, and each resource's status."""
    from rich.table import Table
    from rich.text import Text

    from cfnbridge.cli._progress import make_console, status_data, status_style, write_json
    from cfnbridge.deployment import status as read_status

    name, settings = single(kw)
    found = read_status(kw["stack_name"], name, **settings)
    failed = found.status.endswith("_FAILED") or "ROLLBACK" in found.status
    if kw["fmt"] == "json":
        write_json(status_data(found))
        return EXIT_FAILED if failed else EXIT_OK
    click.echo(f"stack {found.stack_name}: {found.status}")
    if found.reason:
        click.echo(f"reason: {found.reason}")
    table = Table(title="Resources", title_justify="left")
    for column in ("Resource", "Type", "Status"):
        table.add_column(column)
    for logical_id, kind, state in found.resources:
        table.add_row(logical_id, kind, Text(state, style=status_style(state)))
    make_console(terminal()).print(table)
    return EXIT_FAILED if failed else EXIT_OK


@click.command("events")
@connection(several=False)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True,
              help="How many of the most recent events.")
@FORMAT
def events(**kw: Any) -> int:
    """Show a stack's most recent events, oldest first."""
    from cfnbridge.cli._progress import event_data, event_line, write_json
    from cfnbridge.deployment import events as read_events

    name, settings = single(kw)
    found = read_events(kw["stack_name"], name, kw["limit"], **settings)
    if kw["fmt"] == "json":
        write_json([event_data(e) for e in found])
        return EXIT_OK
    for event in found:
        click.echo(event_line(event))
    return EXIT_OK


@click.command("delete")
@connection()
@click.option("--yes", is_flag=True, help="Delete without asking.")
@click.option("--timeout", metavar="DURATION", help="Give up waiting after this long (minutes, or 90s / 10m).")
def delete(**kw: Any) -> int:
    """Delete a stack and everything it created."""
    from cfnbridge.cli._progress import EventLines, LiveTable, fail, make_console
    from cfnbridge.deployment import delete as run_delete
    from cfnbridge.deployment import describe_failure

    stack_name = kw["stack_name"]
    targets, raw = pop_connection(kw)
    limit = timeout_minutes(kw["timeout"])
    on_terminal = terminal()
    if not kw["yes"]:
        if not on_terminal:
            raise InputError(f"refusing to delete stack {stack_name} without --yes off a terminal")
        if not click.confirm(f"Delete stack {stack_name} and all its resources?", default=False):
            click.echo("not deleted")
            return EXIT_OK
    if len(targets) > 1:
        from cfnbridge.cli._multi import delete_many

        return delete_many(stack_name, targets, raw, on_terminal, limit)
    target = targets[0]
    settings = options_for(target, raw, single=True)
    progress = LiveTable(make_console(on_terminal), stack_name) if on_terminal else EventLines()
    try:
        with signals_as_interrupts(), progress:
            result = run_delete(stack_name, target, on_event=progress, timeout_minutes=limit, **settings)
    except KeyboardInterrupt as error:
        from cfnbridge.cli._targets import resume_hint

        click.echo(f"\nStopped waiting. The deletion of {stack_name} carries on; follow it with: "
                   f"{resume_hint(stack_name, target, settings)}", err=True)
        return EXIT_TERMINATED if isinstance(error, Terminated) else EXIT_INTERRUPTED
    if not result.ok:
        fail(f"FAILED: {describe_failure(result)}")
        for line in result.left:
            click.echo(line, err=True)
        return EXIT_FAILED
    click.echo(f"stack {stack_name}: {result.status}")
    return EXIT_OK


def show_outputs(console: Any, stack_name: str, values: dict[str, str], outputs_file: str | None) -> None:
    from cfnbridge.cli._progress import outputs_table

    if values:
        console.print(outputs_table(values))
    else:
        click.echo(f"stack {stack_name} has no outputs")
    if outputs_file:
        write_outputs(outputs_file, values)
