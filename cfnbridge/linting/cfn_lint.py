"""Merge cfn-lint's findings on the AWS side, under cfn-lint's own rule ids (E3001 …).

cfn-lint is optional and slow to import, so it is loaded only when asked for, once per
process, and its rule collection is reused for every template.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from typing import Any

from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.registry import INTERNAL_ERROR

_SEVERITY = {"error": "error", "warning": "warning", "informational": "info", "info": "info"}
MISSING = ("--include-cfn-lint: cfn-lint is not installed, so its findings are not included "
           "(pip install cfn-lint)")


def availability() -> str | None:
    """None when cfn-lint can be imported, else the message to show."""
    return None if importlib.util.find_spec("cfnlint") is not None else MISSING


@cache
def _runner() -> Any:
    from cfnlint.api import REGION_PRIMARY, ConfigMixIn, Runner

    return Runner(ConfigMixIn(regions=[REGION_PRIMARY]))


def run_cfn_lint(template: Any) -> list[Diagnostic]:
    """cfn-lint's matches for ``template`` as diagnostics with ``source="cfn-lint"``."""
    try:
        from cfnlint.api import decode_str

        decoded, errors = decode_str(template.source_text)
        matches = errors or (list(_runner().validate_template(decoded)) if decoded is not None else [])
    except Exception as exc:  # noqa: BLE001 - a cfn-lint crash is reported, the lint goes on
        return [Diagnostic(INTERNAL_ERROR, "error", f"cfn-lint failed: {type(exc).__name__}: {exc}",
                           template.filename, source="cfn-lint")]
    found = []
    for match in matches:
        rule = match.rule
        severity = _SEVERITY.get(str(getattr(rule, "severity", "error")).lower(), "warning")
        found.append(Diagnostic(rule.id, severity, str(match.message), template.filename,
                                max(int(match.linenumber or 1), 1), max(int(match.columnnumber or 1), 1),
                                source="cfn-lint"))
    return found
