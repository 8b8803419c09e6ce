"""docs/rules.md is generated from the rules and kept in sync; every gap code the translator uses is mapped."""

from __future__ import annotations

import re
from pathlib import Path

from cfnbridge.linting import rules_markdown
from cfnbridge.linting.registry import CATCH_ALL, RULES, rule_for_gap

REPO = Path(__file__).resolve().parents[1]


def test_rules_doc_is_in_sync() -> None:
    current = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == rules_markdown(), "docs/rules.md is out of date: run python tools/gen_rules_doc.py"
    for rule_id in RULES:
        assert f"### {rule_id}" in current


def _python_gap_codes() -> set[str]:
    """Gap codes the translator's code reports: the one table in cfnbridge/gap_codes.py."""
    from cfnbridge.gap_codes import RULE_OF

    assert len(RULE_OF) > 40, "the gap code table is nearly empty"
    return set(RULE_OF)


def _map_gap_codes() -> set[str]:
    codes = set()
    for path in (REPO / "resource_maps").glob("*.yaml"):
        codes.update(re.findall(r"\bcode: *[\"']?([a-z][a-z0-9-]+)", path.read_text(encoding="utf-8")))
    return codes


def test_every_translator_gap_code_has_a_rule() -> None:
    unmapped = sorted(code for code in _python_gap_codes() | _map_gap_codes() if rule_for_gap(code) == CATCH_ALL)
    assert unmapped == [], f"map these gap codes to rules in cfnbridge/gap_codes.py: {unmapped}"
