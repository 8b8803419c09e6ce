"""A lint finding: one rule, one severity, one place in one file.

Diagnostics are plain, picklable records so that worker processes can hand them back,
and every output format (text, JSON, SARIF, JUnit, GitHub) reads the same fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cfnbridge.severity import SEVERITIES, rank

__all__ = ["SEVERITIES", "Diagnostic"]


@dataclass(slots=True, unsafe_hash=True)
class Diagnostic:
    """One finding. ``source`` is ``cfnbridge`` or ``cfn-lint``; ``gap`` the translation gap code, if any.

    Read-only by use: built once and never changed, so hashing it is sound. It is not a frozen
    dataclass because a frozen one's ``__init__`` costs seven times as much, and a run answered
    from the cache builds little else (100,000 findings for 10,000 files).
    """

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
    places: tuple[tuple[int, int], ...] = ()  # every (line, column) of a finding repeated in one file

    @property
    def count(self) -> int:
        return max(len(self.places), 1)

    def at_least(self, severity: str) -> bool:
        return rank(self.severity) >= rank(severity)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.rule_id)

    def severity_key(self) -> tuple[int, str, int, int, str]:
        """Most severe first, then by place: the order a reader fixes things in."""
        return (-rank(self.severity), self.file, self.line, self.column, self.rule_id)

    def places_text(self, limit: int = 8) -> str:
        """``" [4 places: 12:5, 20:5, 31:5, 40:5]"`` for a grouped finding, else empty."""
        if len(self.places) < 2:
            return ""
        shown = ", ".join(f"{line}:{column}" for line, column in self.places[:limit])
        more = f", +{len(self.places) - limit} more" if len(self.places) > limit else ""
        return f" [{len(self.places)} places: {shown}{more}]"

    def to_text(self) -> str:
        """``file:line:col: SEVERITY RULEID message (hint)``, the line editors and CI parse."""
        hint = f" ({self.hint})" if self.hint else ""
        return (f"{self.file}:{self.line}:{self.column}: {self.severity.upper()} {self.rule_id} {self.message}{hint}"
                f"{self.places_text()}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule_id, "severity": self.severity, "message": self.message, "hint": self.hint,
            "file": self.file, "line": self.line, "column": self.column, "resource": self.resource,
            "path": "/".join(str(step) for step in self.path), "gap": self.gap, "source": self.source,
            "places": [{"line": line, "column": column} for line, column in self.places] or
                      [{"line": self.line, "column": self.column}],
        }
