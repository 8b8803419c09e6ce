"""SARIF 2.1.0: the format code-scanning services read (GitHub, GitLab, Azure DevOps).

Rules used by the run go in ``tool.driver.rules`` with their summary, description and
default level; each result points at its rule by id and index, with a region whose
line and column are 1-based like ours.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from cfnbridge.linting.registry import RULES

if TYPE_CHECKING:
    from cfnbridge.linting import LintResult

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def to_sarif(result: LintResult) -> str:
    from cfnbridge import __version__

    used = sorted({d.rule_id for d in result.diagnostics})
    index = {rule_id: position for position, rule_id in enumerate(used)}
    rules = [_rule(rule_id, result) for rule_id in used]
    results = []
    for d in result.diagnostics:
        text = d.message + (f" ({d.hint})" if d.hint else "")
        entry: dict[str, Any] = {
            "ruleId": d.rule_id, "ruleIndex": index[d.rule_id], "level": _LEVEL[d.severity],
            "message": {"text": text},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(d.file)},
                "region": {"startLine": max(d.line, 1), "startColumn": max(d.column, 1)},
            }}],
        }
        if d.gap:
            entry["properties"] = {"gap": d.gap}
        results.append(entry)
    run = {
        "tool": {"driver": {"name": "cfnbridge", "version": __version__, "rules": rules}},
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2)


def _rule(rule_id: str, result: LintResult) -> dict[str, Any]:
    cls = RULES.get(rule_id)
    if cls is not None:
        return {"id": rule_id, "name": cls.__name__,
                "shortDescription": {"text": cls.summary}, "fullDescription": {"text": cls.description()},
                "defaultConfiguration": {"level": _LEVEL[cls.severity]}}
    sample = next(d for d in result.diagnostics if d.rule_id == rule_id)
    return {"id": rule_id, "shortDescription": {"text": f"cfn-lint rule {rule_id}"},
            "defaultConfiguration": {"level": _LEVEL[sample.severity]},
            "properties": {"source": sample.source}}


def _uri(path: str) -> str:
    """A relative URI with forward slashes (what code-scanning services resolve against the repo)."""
    if path.startswith("<"):
        return path.strip("<>")
    if os.path.isabs(path):
        path = os.path.relpath(path)
    return path.replace(os.sep, "/").replace(" ", "%20")
