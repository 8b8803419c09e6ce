"""Run the real ``cfnbridge`` entry point in this process and capture what a user would see."""

from __future__ import annotations

from dataclasses import dataclass

from click.testing import CliRunner

from cfnbridge.cli import main


@dataclass(frozen=True)
class Run:
    """Exit code and the two output streams of one command."""

    code: int
    out: str
    err: str


def cli(*args: str, stdin: bytes | None = None) -> Run:
    """``cfnbridge ARGS...`` through :func:`cfnbridge.cli.main`, as the console script calls it.

    An exception escaping ``main`` is not caught here: it fails the test, as a traceback
    would fail the user.
    """
    runner = CliRunner()
    with runner.isolation(input=stdin) as (out, err, *_):
        code = main(list(args))
        return Run(code, out.getvalue().decode("utf-8", "replace"), err.getvalue().decode("utf-8", "replace"))
