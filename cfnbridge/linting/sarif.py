"""SARIF 2.1.0: the format code-scanning services read (GitHub, GitLab, Azure DevOps).

Rules used by the run go in ``tool.driver.rules`` with their summary, a plain-text
description, help (text and Markdown) and a ``helpUri`` into docs/rules.md, so code
scanning shows what a rule means and what to do. Each result points at its rule by id
and index; its file is a URI relative to the base directory (``--base-dir``, by default
the git root above the working directory, or the working directory), declared once in
``originalUriBaseIds`` as ``SRCROOT``, which is how GitHub maps results onto the repository.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from cfnbridge.linting.docs import RULES_URL, rule_url
from cfnbridge.linting.registry import RULES, gap_codes_of

if TYPE_CHECKING:
    from cfnbridge.linting import LintResult

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
BASE_ID = "SRCROOT"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def default_base_dir(start: str | os.PathLike[str] = ".") -> Path:
    """The git work tree holding ``start`` (a ``.git`` directory or file), else ``start`` itself."""
    here = Path(start).resolve()
    for directory in (here, *here.parents):
        if (directory / ".git").exists():
            return directory
    return here


def to_sarif(result: LintResult, base_dir: str | os.PathLike[str] | None = None) -> str:
    from cfnbridge import __version__

    base = Path(base_dir).resolve() if base_dir is not None else default_base_dir()
    diagnostics = result.ordered()
    used = sorted({d.rule_id for d in diagnostics})
    index = {rule_id: position for position, rule_id in enumerate(used)}
    rules = [_rule(rule_id, result) for rule_id in used]
    results = []
    for d in diagnostics:
        text = d.message + (f" ({d.hint})" if d.hint else "")
        artifact = _artifact(d.file, base)
        entry: dict[str, Any] = {
            "ruleId": d.rule_id, "ruleIndex": index[d.rule_id], "level": _LEVEL[d.severity],
            "message": {"text": text},
            "locations": [_location(artifact, d.line, d.column)],
        }
        if len(d.places) > 1:
            entry["relatedLocations"] = [{"id": number, **_location(artifact, line, column),
                                          "message": {"text": "the same finding"}}
                                         for number, (line, column) in enumerate(d.places[1:], 1)]
        if d.gap:
            entry["properties"] = {"gap": d.gap}
        results.append(entry)
    run = {
        "tool": {"driver": {"name": "cfnbridge", "version": __version__, "informationUri": RULES_URL,
                            "rules": rules}},
        "originalUriBaseIds": {BASE_ID: {"uri": base.as_uri().rstrip("/") + "/"}},
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2)


def _location(artifact: dict[str, str], line: int, column: int) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": artifact,
                                 "region": {"startLine": max(line, 1), "startColumn": max(column, 1)}}}


def _rule(rule_id: str, result: LintResult) -> dict[str, Any]:
    cls = RULES.get(rule_id)
    url = rule_url(rule_id)
    if cls is not None:
        text = cls.plain_description()
        codes = gap_codes_of(rule_id)
        markdown = f"**{cls.summary}**\n\n{cls.markdown_description()}"
        if codes:
            markdown += "\n\nGap codes: " + ", ".join(f"`{code}`" for code in codes)
        markdown += f"\n\n[{rule_id} in the cfnbridge rules]({url})"
        return {"id": rule_id, "name": cls.__name__,
                "shortDescription": {"text": cls.summary}, "fullDescription": {"text": text},
                "help": {"text": f"{text} See {url}", "markdown": markdown}, "helpUri": url,
                "defaultConfiguration": {"level": _LEVEL[cls.severity]}}
    sample = next(d for d in result.diagnostics if d.rule_id == rule_id)
    summary = f"cfn-lint rule {rule_id}"
    return {"id": rule_id, "shortDescription": {"text": summary}, "fullDescription": {"text": summary},
            "help": {"text": f"{summary}: see {url}", "markdown": f"{summary}: see [cfn-lint's rules]({url})"},
            "helpUri": url, "defaultConfiguration": {"level": _LEVEL[sample.severity]},
            "properties": {"source": sample.source}}


def _artifact(path: str, base: Path) -> dict[str, str]:
    """A URI relative to ``base`` (with its base id) or, for a file outside it, an absolute file URI."""
    if path.startswith("<"):
        return {"uri": quote(path.strip("<>"))}
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(base)
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": BASE_ID}
