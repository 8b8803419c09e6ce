"""The ``cfnbridge`` command: parse arguments, call the library, print, pick the exit code.

Exit codes: 0 ok; 1 findings at or above the failure level (or a failed deploy);
2 usage or input error. Input errors print ``file:line:col: message`` and never a
traceback unless ``--debug`` is given. Each command lives in its own module here and is
registered in ``_COMMANDS``; heavy libraries are imported inside the command functions
so that ``cfnbridge --version`` stays fast.
"""

from __future__ import annotations

import importlib

import click

from cfnbridge import __version__

# command name -> "module:attribute"; modules are imported only when the command runs.
_COMMANDS: dict[str, str] = {
    "convert": "cfnbridge.cli.convert_cmd:convert",
    "graph": "cfnbridge.cli.graph_cmd:graph",
    "lint": "cfnbridge.cli.lint_cmd:lint",
    "matrix": "cfnbridge.cli.matrix_cmd:matrix",
    "translate": "cfnbridge.cli.translate_cmd:translate",
    **{c: f"cfnbridge.cli.deploy_cmd:{c}" for c in ("deploy", "plan", "outputs", "status", "events", "delete")},  # noqa: E501
}


class _LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command = getattr(importlib.import_module(module_name), attr)
        _name_envvars(command, cmd_name)
        return command


def _name_envvars(command: click.Command, cmd_name: str) -> None:
    """CFNBRIDGE_<COMMAND>_<OPTION>, named after the long option (``--format``: ``..._FORMAT``).

    click's automatic names follow the Python parameter (``fmt``), which users never see.
    """
    prefix = f"CFNBRIDGE_{cmd_name.upper().replace('-', '_')}_"
    for param in command.params:
        long = [opt for opt in param.opts if opt.startswith("--")] if isinstance(param, click.Option) else []
        if long and not param.envvar and param.expose_value:  # not --help
            param.envvar = prefix + long[0][2:].upper().replace("-", "_")


# Every option can also come from the environment: CFNBRIDGE_<COMMAND>_<OPTION>, for
# example CFNBRIDGE_LINT_FORMAT=sarif or CFNBRIDGE_LINT_IGNORE="export CB3013".
@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"],
                                               "auto_envvar_prefix": "CFNBRIDGE"})
@click.version_option(__version__, prog_name="cfnbridge")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.option("-q", "--quiet", is_flag=True, help="Print only findings and errors (no summaries or notes).")
@click.option("-v", "--verbose", is_flag=True, help="Also print what was done and how long it took (stderr).")
@click.pass_context
def cli(ctx: click.Context, debug: bool, quiet: bool, verbose: bool) -> None:
    """Load, graph, translate, lint and deploy CloudFormation templates for AWS and OpenStack.

    Every option can be set in the environment as CFNBRIDGE_<COMMAND>_<OPTION>
    (CFNBRIDGE_LINT_FORMAT=sarif); shell completion: eval "$(_CFNBRIDGE_COMPLETE=bash_source cfnbridge)".
    """
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose cannot be used together")
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    ctx.obj["verbosity"] = -1 if quiet else 1 if verbose else 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line in this process; returns the exit code."""
    from cfnbridge.gc_pause import restore

    try:
        return _run(argv)
    finally:
        restore()


def console() -> None:
    """Entry point of the console script and ``python -m cfnbridge``: run, then exit the process."""
    from cfnbridge.cli._exit import exit_now

    exit_now(_run(None))


def _run(argv: list[str] | None) -> int:
    from cfnbridge.cli._errors import run_guarded

    return run_guarded(cli, argv)


if __name__ == "__main__":  # pragma: no cover
    console()
