"""A lint finding: one rule, one severity, one place in one file.

Diagnostics are plain, picklable records so that worker processes can hand them back,
and every output format (text, JSON, SARIF, JUnit, GitHub) reads the same fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cfnbridge.severity import SEVERITIES, rank

__all__ = ["SEVERITIES", "Diagnostic"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding. ``source`` is ``cfnbridge`` or ``cfn-lint``; ``gap`` the translation gap code, if any."""

    rule_id: str
    severity: str
    message: str
    file: str
    line: int = 1
    column: int = 1
    hint: str = ""
    resource: str | None = None
    path: tuple[Any, ...] = field(default=())
    gap: str | None = None
    source: str = "cfnbridge"

    def at_least(self, severity: str) -> bool:
        return rank(self.severity) >= rank(severity)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.rule_id)

    def to_text(self) -> str:
        """``file:line:col: SEVERITY RULEID message (hint)``, the line editors and CI parse."""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.file}:{self.line}:{self.column}: {self.severity.upper()} {self.rule_id} {self.message}{hint}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule_id, "severity": self.severity, "message": self.message, "hint": self.hint,
            "file": self.file, "line": self.line, "column": self.column, "resource": self.resource,
            "path": "/".join(str(step) for step in self.path), "gap": self.gap, "source": self.source,
        }
