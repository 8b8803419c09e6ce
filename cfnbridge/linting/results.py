"""What a lint run is given (:class:`Options`) and what it finds per file (:class:`FileResult`).

Plain records, picklable, shared by the runner, the worker processes, the cache and the
writers without any of them importing the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cfnbridge.linting.diagnostic import Diagnostic

# The findings the runner makes itself, declared here so that reading results back (the
# cache, the exit code) needs no rule module; the rule classes take their ids from here.
PARSE_ERROR = "CB1000"
STRUCTURE_ERROR = "CB1001"
INTERNAL_ERROR = "CB1999"

@dataclass(frozen=True)
class Options:
    """What every file is linted with; picklable, so workers get the same settings."""

    target: str = "hot"
    profile: str | None = None
    placeholder: bool = False
    ignore: frozenset[str] = frozenset()
    select: frozenset[str] = frozenset()
    severity: dict[str, str] = field(default_factory=dict)
    include_cfn_lint: bool = False
    min_severity: str | None = None


@dataclass
class FileResult:
    """What linting one file found, and what the readiness summary needs from it."""

    file: str
    diagnostics: list[Diagnostic]
    status: str = "ok"  # ok | unreadable | invalid | skipped
    resources: int = 0
    ready: int = 0
    template_blocked: bool = False
    cacheable: bool = field(default=True, compare=False)  # False when other files decide the findings
