"""One file's lint result as plain rows (lists of str/int/None), and back.

Worker processes hand results back as rows (smaller and faster to pickle than dataclasses),
and the result cache stores them as JSON. A row read back is checked field by field: a
cache entry that is not exactly what :func:`to_row` writes is refused (``ValueError``),
never half-used.
"""

from __future__ import annotations

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
        diagnostics = [_diagnostic(item) for item in rows]
    except (TypeError, ValueError) as exc:
        raise ValueError(f"not a lint result row: {exc}") from None
    if not (isinstance(file, str) and status in _STATUSES and _is_int(resources) and _is_int(ready)
            and isinstance(blocked, bool)):
        raise ValueError("not a lint result row")
    return FileResult(file, diagnostics, status, resources, ready, blocked)


def _diagnostic(item: Any) -> Diagnostic:
    rule_id, severity, message, file, line, column, hint, resource, path, gap, source, places = item
    texts = (rule_id, message, file, hint, source)
    if not all(isinstance(text, str) for text in texts) or severity not in _SEVERITIES:
        raise ValueError("a diagnostic's text fields")
    if not (_is_int(line) and _is_int(column) and isinstance(path, list) and isinstance(places, list)):
        raise ValueError("a diagnostic's place")
    if not all(isinstance(step, _PATH_STEP) for step in path) or not _optional_text(resource, gap):
        raise ValueError("a diagnostic's path")
    spots = tuple((int(spot[0]), int(spot[1])) for spot in places if len(spot) == 2 and all(map(_is_int, spot)))
    if len(spots) != len(places):
        raise ValueError("a diagnostic's places")
    return Diagnostic(rule_id, severity, message, file, line, column, hint, resource, tuple(path), gap, source, spots)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _optional_text(*values: Any) -> bool:
    return all(value is None or isinstance(value, str) for value in values)
