"""Turn exceptions into the CLI's exit codes and ``file:line:col: message`` lines."""

from __future__ import annotations

import sys
import traceback

import click

from cfnbridge.errors import CfnBridgeError, DeployError, flatten

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2


def report(error: CfnBridgeError) -> None:
    """Print every error inside ``error`` to stderr, one located line each."""
    for item in flatten(error):
        click.echo(f"{item}", err=True)


def run_guarded(command: click.Command, argv: list[str] | None) -> int:
    """Run a click command and return its exit code.

    Commands return their exit code (an int); cfnbridge errors become 2 (input) or 1
    (deploy), printed with their locations and without a traceback unless ``--debug``.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        result = command.main(args=args, prog_name="cfnbridge", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_FINDINGS
    except click.ClickException as exc:
        exc.show()
        return EXIT_INPUT
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except DeployError as exc:
        if debug:
            traceback.print_exc()
        report(exc)
        return EXIT_FINDINGS
    except CfnBridgeError as exc:
        if debug:
            traceback.print_exc()
        report(exc)
        return EXIT_INPUT
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    return result if isinstance(result, int) else EXIT_OK
