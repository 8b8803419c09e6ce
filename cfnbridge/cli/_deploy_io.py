"""What every deploy command shares on the command line: exit codes, SIGTERM handled as
Ctrl-C, what an interruption left, ``--timeout`` durations, warnings, refusing
destructive changes off a terminal, writing outputs files (0600)."""

from __future__ import annotations

import json
import re
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from cfnbridge.errors import DeployError, InputError

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 130, 143
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smh]?)")


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C is."""


@contextmanager
def signals_as_interrupts() -> Iterator[None]:
    """While a command runs, SIGTERM interrupts it the way Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def interrupted(error: BaseException, stack_name: str) -> int:
    """Say what an interruption left, and return its exit code."""
    applied = getattr(error, "applied", True)
    follow = getattr(error, "follow", ())
    cause = error.__cause__ if error.__cause__ is not None else error
    if not applied:
        click.echo(f"\nInterrupted before anything was applied: stack {stack_name} was not changed, "
                   "and the pending plan (change set) was removed.", err=True)
    else:
        hints = "; ".join(follow) or f"cfnbridge status --stack-name {stack_name}"
        click.echo(f"\nStopped waiting. Stack {stack_name} was not cancelled and carries on; "
                   f"follow it with: {hints}", err=True)
    return EXIT_TERMINATED if isinstance(cause, Terminated) or isinstance(error, Terminated) else EXIT_INTERRUPTED


def timeout_minutes(value: str | None) -> float | None:
    """``--timeout``: minutes, or a duration such as 90s, 10m, 2h."""
    if value is None:
        return None
    match = _DURATION.fullmatch(value.strip())
    if not match or float(match.group(1)) <= 0:
        raise InputError(f"--timeout: expected minutes or a duration such as 90s, 10m, 2h, not {value!r}")
    return float(match.group(1)) * {"": 1.0, "m": 1.0, "s": 1 / 60, "h": 60.0}[match.group(2)]


def terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def warn(error: Exception | str) -> None:
    click.echo(f"warning: {error}", err=True)


def refuse_destructive(listed: list[str]) -> None:
    if listed:
        raise DeployError(f"refusing to replace or remove resources without a terminal: {', '.join(listed)}; "
                          "pass --yes to allow it")


def write_outputs(path: str, values: Any) -> None:
    """Outputs as JSON, readable by the owner only."""
    from cfnbridge.deploy_secrets import write_private

    try:
        write_private(path, json.dumps(values, indent=2, sort_keys=True) + "\n")
    except OSError as error:
        raise InputError(f"cannot write --outputs-file: {error}") from error
