"""Semantic gaps: every place where the OpenStack result would not mean what AWS meant.

A gap is data, not a log line: code, severity, resource, property path, location,
message and hint. The translator collects them; the gap report, ``--fail-on`` and the
linter all read the same list.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from cfnbridge.errors import Location
from cfnbridge.severity import SEVERITIES, rank


@dataclass(frozen=True, slots=True)
class Gap:
    """One difference in meaning between the AWS template and its OpenStack translation."""

    code: str
    severity: str
    resource: str | None
    path: tuple[Any, ...]
    location: Location
    message: str
    hint: str = ""

    def at_least(self, severity: str) -> bool:
        return rank(self.severity) >= rank(severity)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = "/".join(str(step) for step in self.path)
        data["location"] = {"file": self.location.file, "line": self.location.line,
                            "column": self.location.column}
        return data

    def __str__(self) -> str:
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{self.location}: {self.severity} {self.code}: {self.message}{hint}"


def sort_gaps(gaps: Iterable[Gap]) -> list[Gap]:
    """Source order, then code: the order a reader fixes them in."""
    unique: dict[tuple[Any, ...], Gap] = {}
    for gap in gaps:  # a repeat replaces the first in its place, as a dict keeps it
        at = gap.location
        unique[(at.file, at.line, at.column, gap.code, gap.path, gap.message)] = gap
    return [unique[key] for key in sorted(unique, key=lambda key: key[:4])]


def worst(gaps: Iterable[Gap]) -> str | None:
    """The highest severity among ``gaps``, or None when there are none."""
    ranks = [rank(g.severity) for g in gaps]
    return SEVERITIES[max(ranks)] if ranks else None


def report_text(gaps: list[Gap]) -> str:
    """One ``file:line:col: severity code: message`` line per finding, errors first.

    The same code with the same message at several places is one finding that lists the
    other places, so a template that exports forty outputs gets one line about exports.
    """
    if not gaps:
        return "No gaps: the translation means what the template means."
    groups: dict[tuple[str, str, str], list[Gap]] = {}
    for gap in gaps:
        groups.setdefault((gap.severity, gap.code, gap.message), []).append(gap)
    ordered = sorted(groups.values(), key=lambda group: (-rank(group[0].severity), group[0].location.file,
                                                         group[0].location.line, group[0].location.column))
    lines = []
    for group in ordered:
        first = group[0]
        hint = f" (hint: {first.hint})" if first.hint else ""
        where = f"{first.resource}: " if first.resource else ""
        lines.append(f"{first.location}: {first.severity} {first.code}: {where}{first.message}{hint}")
        if len(group) > 1:
            places = ", ".join(str(g.location.line) for g in group[1:11])
            more = f" and {len(group) - 11} more" if len(group) > 11 else ""
            lines.append(f"    also at lines {places}{more}")
    counts = {s: sum(1 for g in gaps if g.severity == s) for s in reversed(SEVERITIES)}
    lines.append(", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items()))
    return "\n".join(lines)


def report_json(gaps: list[Gap]) -> str:
    return json.dumps([g.to_dict() for g in gaps], indent=2)
