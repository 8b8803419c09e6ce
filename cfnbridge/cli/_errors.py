"""Turn exceptions into the CLI's exit codes and ``file:line:col: message`` lines.

This is the one boundary between cfnbridge and the shell: whatever a command raises ends
here as one printed line and an exit code from :mod:`cfnbridge.exit_codes`. An exception
nobody expected is a bug; it still prints one line (exit 3), and ``--debug`` adds the
traceback for the report.
"""

from __future__ import annotations

import sys
import traceback

import click

from cfnbridge.errors import CfnBridgeError, DeployError, flatten
from cfnbridge.exit_codes import ExitCode

EXIT_OK = ExitCode.OK
EXIT_FINDINGS = ExitCode.FINDINGS
EXIT_INPUT = ExitCode.INPUT
EXIT_INTERNAL = ExitCode.INTERNAL


def report(error: CfnBridgeError) -> None:
    """Print every error inside ``error`` to stderr, one located line each."""
    for item in flatten(error):
        click.echo(f"{item}", err=True)


def internal_error_line(exc: BaseException) -> str:
    """The one line a user sees for a bug: the exception's type and first line, and what to do."""
    text = str(exc).strip().splitlines()
    message = text[0] if text else "(no message)"
    return (f"cfnbridge: internal error: {type(exc).__name__}: {message} "
            "(run with --debug for the traceback; please report it)")


def run_guarded(command: click.Command, argv: list[str] | None) -> int:
    """Run a click command and return its exit code (a plain int).

    Commands return their exit code (an int); cfnbridge errors become 2 (input) or 1
    (deploy), printed with their locations and without a traceback unless ``--debug``;
    any other exception becomes 3 with one line.
    """
    return int(_run(command, argv))


def _run(command: click.Command, argv: list[str] | None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        result = command.main(args=args, prog_name="cfnbridge", standalone_mode=False)
        _flush_stdout()
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
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:
        if not _is_stdout_error(exc):
            return _internal(exc, debug)
        _silence_stdout()
        try:
            click.echo(f"cfnbridge: cannot write to standard output: {exc.strerror or exc}", err=True)
        except OSError:
            pass
        return EXIT_INPUT
    except Exception as exc:  # noqa: BLE001 - the boundary: a bug becomes one line and exit 3
        return _internal(exc, debug)
    return result if isinstance(result, int) else EXIT_OK


def _internal(exc: BaseException, debug: bool) -> int:
    if debug:
        traceback.print_exception(exc)
    try:
        click.echo(internal_error_line(exc), err=True)
    except OSError:
        pass  # stderr itself is gone; the exit code still tells
    return EXIT_INTERNAL


def _flush_stdout() -> None:
    """Flush now, so a full disk or closed pipe behind standard output is seen here, not at exit."""
    if sys.stdout is not None:
        sys.stdout.flush()


def _is_stdout_error(exc: OSError) -> bool:
    """Whether the failing write was printing (``click.echo`` or the final flush), not a file of ours."""
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and frames[-1].name in ("echo", "_flush_stdout")


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's own flush at exit cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
