"""Lint output written while files are linted, so memory need not grow with the portfolio.

JSON lines (one finding per line, then one summary line) are written as each file is
done and nothing is kept. GitHub annotations keep only the ones GitHub will show (the
first ten of each severity in the order they are printed) and counts. Text is sorted
errors-first over all files, so its lines wait in a spool that spills sorted runs to a
temporary file (``spool.py``) and they are written at the end. JSON, SARIF and JUnit need
every finding before the first byte, so they keep the compact per-file results and
format at the end.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from cfnbridge.exit_codes import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK
from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.results import PARSE_ERROR, STRUCTURE_ERROR
from cfnbridge.severity import rank

if TYPE_CHECKING:
    from cfnbridge.linting.results import FileResult
    from cfnbridge.linting.summary import Summary

Write = Callable[[str], None]
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
# GitHub shows at most 10 annotations of each level per step (50 per run): more is noise.
GITHUB_CAP = {"error": 10, "warning": 10, "info": 10}


class ExitStatus:
    """The exit code over a stream of results, as :meth:`LintResult.exit_code` says it, and counts."""

    def __init__(self) -> None:
        self.fatal = (PARSE_ERROR, STRUCTURE_ERROR)
        self.input_error = False
        self.worst = -1
        self.findings = self.templates = self.skipped = 0

    def add(self, result: FileResult) -> None:
        if result.status == "skipped":
            self.skipped += 1
        else:
            self.templates += 1
        for d in result.diagnostics:
            self.findings += 1
            self.input_error = self.input_error or d.rule_id in self.fatal
            self.worst = max(self.worst, rank(d.severity))

    def code(self, fail_on: str) -> int:
        if self.input_error:
            return EXIT_INPUT
        return EXIT_FINDINGS if self.worst >= rank(fail_on) else EXIT_OK


class JsonLines:
    """``--format jsonl``: each finding as the JSON format's diagnostic object, one per line, in
    input order; the last line is ``{"summary": ...}`` (totals, no per-template list)."""

    def __init__(self, write: Write) -> None:
        self.write = write
        self.encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode

    def add(self, result: FileResult) -> None:
        if result.diagnostics:
            self.write("".join(self.encode(d.to_dict()) + "\n" for d in result.diagnostics))

    def finish(self, summary: Summary) -> None:
        data = summary.to_dict()
        del data["per_template"]
        self.write(self.encode({"summary": data}) + "\n")


class TextFindings:
    """``--format text``: each finding's line (:meth:`Diagnostic.to_text`) in the order
    :func:`~cfnbridge.linting.formats.to_text` prints them, with memory bounded."""

    def __init__(self, chunk: int = 20_000) -> None:
        from cfnbridge.linting.spool import SortedSpool

        self.spool = SortedSpool(chunk)
        self.count = 0

    def add(self, result: FileResult) -> None:
        for d in result.diagnostics:
            self.spool.add(d.severity_key(), d.to_text())
        self.count += len(result.diagnostics)

    def write(self, write: Write, batch: int = 512) -> None:
        """Every line, each ending in a newline, a batch of lines to each ``write``."""
        lines: list[str] = []
        try:
            for line in self.spool:
                lines.append(line)
                if len(lines) >= batch:
                    write("\n".join(lines) + "\n")
                    lines = []
            if lines:
                write("\n".join(lines) + "\n")
        finally:
            self.close()

    def close(self) -> None:
        self.spool.close()


class GithubAnnotations:
    """The annotations :func:`~cfnbridge.linting.formats.to_github` prints, keeping at most a few
    times the cap of each severity at any moment."""

    def __init__(self, cap: dict[str, int] | None = None) -> None:
        self.cap = GITHUB_CAP if cap is None else cap
        self.best: dict[str, list[Diagnostic]] = {level: [] for level in ("error", "warning", "info")}
        self.seen = dict.fromkeys(self.best, 0)

    def add(self, result: FileResult) -> None:
        for d in result.diagnostics:
            kept = self.best[d.severity]
            kept.append(d)
            self.seen[d.severity] += 1
            limit = self.cap.get(d.severity, 0)
            if len(kept) > 4 * limit + 64:
                kept.sort(key=Diagnostic.severity_key)
                del kept[limit:]

    def text(self) -> str:
        shown = sorted((d for kept in self.best.values() for d in sorted(kept, key=Diagnostic.severity_key)
                        [:self.cap.get(kept[0].severity, 0) if kept else 0]), key=Diagnostic.severity_key)
        cut = {level: self.seen[level] - min(self.seen[level], self.cap.get(level, 0)) for level in self.seen}
        return github_lines(shown, cut, self.cap)


def github_lines(shown: list[Diagnostic], cut: dict[str, int], cap: dict[str, int]) -> str:
    """The annotations of ``shown`` (in order) and the notice of how many of each level were ``cut``."""
    lines = []
    for d in shown:
        message = d.message + (f" ({d.hint})" if d.hint else "") + d.places_text()
        props = f"file={_prop(d.file)},line={d.line},col={d.column},title={_prop(d.rule_id)}"
        lines.append(f"::{_GITHUB_LEVEL[d.severity]} {props}::{_data(f'{d.rule_id} {message}')}")
    if any(cut.values()):
        parts = ", ".join(f"{count} {level}{'s' if count > 1 else ''}" for level, count in
                          sorted(cut.items(), key=lambda item: -rank(item[0])) if count)
        lines.append(f"::notice title=cfnbridge::{_data(f'{parts} not shown as annotations (at most ')}"
                     f"{_data(', '.join(f'{n} {level}s' for level, n in cap.items()))}; "
                     "run cfnbridge lint for the full list)")
    return "\n".join(lines)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
