"""Every corpus template lints without a traceback, every finding points inside its file."""

from __future__ import annotations

import pytest

from cfnbridge.linting import lint
from tests.conftest import CORPUS, CORPUS_ROOTS, corpus_templates


@pytest.mark.parametrize("root", CORPUS_ROOTS, ids=lambda root: "sample" if root == CORPUS else "full")
def test_whole_corpus_lints_with_located_findings(root) -> None:
    templates = corpus_templates((root,))
    result = lint([str(root)])
    lines = {}
    for d in result.diagnostics:
        assert not d.message.startswith("rule "), d.to_text()  # no rule crashed
        assert d.rule_id != "CB1999", d.to_text()  # and the translator never did
        if d.file not in lines:
            with open(d.file, encoding="utf-8-sig", errors="replace") as handle:
                lines[d.file] = handle.read().count("\n") + 1
        assert 1 <= d.line <= lines[d.file], d.to_text()
    statuses = {f.file: f.status for f in result.files}
    assert sum(1 for s in statuses.values() if s == "unreadable") == 3  # the three duplicate-key files
    summary = result.summary
    assert summary.templates == len(templates) and 0 < summary.score <= 100
    assert summary.resources > 4 * len(templates)


def test_hazard_rules_find_known_corpus_cases() -> None:
    """Spot checks on real files, at lines read from the files themselves."""
    path = CORPUS / "heat-cfn" / "F17" / "WordPress_Single_Instance.template"
    found = {(d.rule_id, d.line) for d in lint([str(path)]).diagnostics}
    text = path.read_text().splitlines()
    public_ip = next(n for n, line in enumerate(text, 1) if "PublicIp" in line)
    no_echo_default = [n for n, line in enumerate(text, 1) if '"Default"' in line and n > 40][0]
    assert ("CB3101", public_ip) in found
    assert any(rule == "CB6001" and line <= no_echo_default for rule, line in found)
