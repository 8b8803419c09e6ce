"""Output formats: text, JSON, JUnit XML and GitHub workflow annotations (SARIF is in sarif.py).

Each formatter takes the per-file results and returns the whole output as one string,
so the CLI only chooses one and writes it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.writers import GITHUB_CAP, JsonLines, github_lines

if TYPE_CHECKING:
    from cfnbridge.linting import LintResult

FORMATS = ("text", "json", "jsonl", "sarif", "junit", "github")


def format_result(result: LintResult, fmt: str, fail_on: str = "error", base_dir: str | None = None) -> str:
    """The whole output in format ``fmt``; ``base_dir`` is what SARIF URIs are relative to."""
    if fmt == "sarif":
        from cfnbridge.linting.sarif import to_sarif

        return to_sarif(result, base_dir)
    if fmt == "jsonl":
        lines: list[str] = []
        writer = JsonLines(lines.append)
        for file_result in result.files:
            writer.add(file_result)
        writer.finish(result.summary)
        return "".join(lines).rstrip("\n")
    formatters: dict[str, Callable[[LintResult, str], str]] = {
        "text": lambda r, _f: to_text(r), "json": lambda r, _f: to_json(r), "github": lambda r, _f: to_github(r),
        "junit": to_junit,
    }
    return formatters[fmt](result, fail_on)


def to_text(result: LintResult) -> str:
    """One ``file:line:col: SEVERITY RULEID message (hint)`` line per finding, errors first."""
    return "\n".join(d.to_text() for d in result.ordered())


def to_json(result: LintResult) -> str:
    return json.dumps({
        "tool": "cfnbridge", "target": result.target,
        "diagnostics": [d.to_dict() for d in result.diagnostics],
        "summary": result.summary.to_dict(),
    }, indent=2)




def to_github(result: LintResult, cap: dict[str, int] | None = None) -> str:
    """GitHub Actions workflow commands, errors first, at most ``cap`` per severity.

    What was cut is said in one last ``::notice`` line, so the run log stays readable and the
    annotations GitHub keeps are the blockers.
    """
    cap = GITHUB_CAP if cap is None else cap
    shown = []
    counts: dict[str, int] = dict.fromkeys(GITHUB_CAP, 0)
    cut: dict[str, int] = dict.fromkeys(GITHUB_CAP, 0)
    for d in result.ordered():
        if counts[d.severity] >= cap.get(d.severity, 0):
            cut[d.severity] += 1
        else:
            counts[d.severity] += 1
            shown.append(d)
    return github_lines(shown, cut, cap)


def to_junit(result: LintResult, fail_on: str = "error") -> str:
    """One test suite per template, one test case per rule that fired (failing at ``fail_on``)."""
    import xml.etree.ElementTree as ET

    suites = ET.Element("testsuites", name="cfnbridge lint")
    total = failed = 0
    for file_result in result.files:
        suite = ET.SubElement(suites, "testsuite", name=file_result.file)
        by_rule: dict[str, list[Diagnostic]] = {}
        for d in file_result.diagnostics:
            by_rule.setdefault(d.rule_id, []).append(d)
        cases = failures = 0
        if not by_rule:
            ET.SubElement(suite, "testcase", classname=file_result.file, name="cfnbridge lint")
            cases = 1
        for rule_id, items in by_rule.items():
            case = ET.SubElement(suite, "testcase", classname=file_result.file, name=rule_id)
            cases += 1
            body = "\n".join(d.to_text() for d in items)
            worst = max(items, key=lambda d: ("info", "warning", "error").index(d.severity))
            if worst.at_least(fail_on):
                failures += 1
                failure = ET.SubElement(case, "failure", type=worst.severity, message=worst.message)
                failure.text = body
            else:
                ET.SubElement(case, "system-out").text = body
        suite.set("tests", str(cases))
        suite.set("failures", str(failures))
        total += cases
        failed += failures
    suites.set("tests", str(total))
    suites.set("failures", str(failed))
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, encoding="unicode")
