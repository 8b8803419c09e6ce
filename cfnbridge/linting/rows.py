"""One file's lint result as plain rows (lists of str/int/None), and back.

Worker processes hand results back as rows (smaller and faster to pickle than dataclasses),
and the result cache stores them as JSON. A row read back is checked field by field: a
cache entry that is not exactly what :func:`to_row` writes is refused (``ValueError``),
never half-used.
"""

from __future__ import annotations

import sys
from typing import Any

from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.results import FileResult

_STATUSES = ("ok", "unreadable", "invalid", "skipped")
_SEVERITIES = ("error", "warning", "info")
_PATH_STEP = (str, int, float, bool)


def to_row(result: FileResult) -> list[Any]:
    return [result.file, result.status, result.resources, result.ready, result.template_blocked,
            [[d.rule_id, d.severity, d.message, d.file, d.line, d.column, d.hint, d.resource, list(d.path), d.gap,
              d.source, [list(place) for place in d.places]] for d in result.diagnostics]]


def from_row(row: Any) -> FileResult:
    """The :class:`FileResult` of ``row``; ``ValueError`` for anything :func:`to_row` does not write."""
    try:
        file, status, resources, ready, blocked, rows = row
        diagnostics = [_diagnostic(item, file) for item in rows]
    except (TypeError, ValueError) as exc:
        raise ValueError(f"not a lint result row: {exc}") from None
    if not (isinstance(file, str) and status in _STATUSES and _is_int(resources) and _is_int(ready)
            and isinstance(blocked, bool)):
        raise ValueError("not a lint result row")
    return FileResult(file, diagnostics, status, resources, ready, blocked)


def _diagnostic(item: Any, result_file: str) -> Diagnostic:
    rule_id, severity, message, file, line, column, hint, resource, path, gap, source, places = item
    if file == result_file:
        file = result_file  # one string per file, not one per finding: a warm run holds many
    # ``type(x) is`` rather than isinstance: exact types, and fast enough for a warm run of
    # ten thousand files (bool is not an int here, a str subclass is not a str).
    if not (type(rule_id) is str and type(message) is str and type(file) is str and type(hint) is str
            and type(source) is str and severity in _SEVERITIES and type(line) is int and type(column) is int
            and (resource is None or type(resource) is str) and (gap is None or type(gap) is str)
            and type(path) is list and type(places) is list):
        raise ValueError("a diagnostic's fields")
    if path and not all(type(step) in _PATH_STEP for step in path):
        raise ValueError("a diagnostic's path")
    spots = tuple(map(tuple, places)) if places else ()
    if spots and not all(len(spot) == 2 and type(spot[0]) is int and type(spot[1]) is int for spot in spots):
        raise ValueError("a diagnostic's places")
    return Diagnostic(sys.intern(rule_id), severity, message, file, line, column, hint, resource, tuple(path),
                      gap if gap is None else sys.intern(gap), sys.intern(source), spots)


def _is_int(value: Any) -> bool:
    return type(value) is int
