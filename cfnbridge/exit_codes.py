"""The process exit codes every cfnbridge command uses, defined once.

    0 OK           the command did what was asked; nothing at the failure level was found
    1 FINDINGS     findings at or above the failure level, or a deployment that failed
    2 INPUT        a usage error or bad input (a template, a parameter, an output path)
    3 INTERNAL     a bug in cfnbridge: an exception nobody expected
    130 INTERRUPTED  Ctrl-C (128 + SIGINT, as shells report it)
    143 TERMINATED   stopped by SIGTERM (128 + 15), e.g. a CI job cancelled mid-deploy
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes; an ``IntEnum``, so ``sys.exit(ExitCode.INPUT)`` and ``code == 2`` both work."""

    OK = 0
    FINDINGS = 1
    INPUT = 2
    INTERNAL = 3
    INTERRUPTED = 130
    TERMINATED = 143


EXIT_OK = ExitCode.OK
EXIT_FINDINGS = ExitCode.FINDINGS
EXIT_FAILED = ExitCode.FINDINGS  # a failed deployment shares the code of findings
EXIT_INPUT = ExitCode.INPUT
EXIT_INTERNAL = ExitCode.INTERNAL
EXIT_INTERRUPTED = ExitCode.INTERRUPTED
EXIT_TERMINATED = ExitCode.TERMINATED
