"""Each lint rule fires on its bad template, at the marked line, and stays quiet on its good one."""

from __future__ import annotations

import pytest

from cfnbridge.linting import RULES, lint, rule_for_gap
from cfnbridge.linting.registry import CATCH_ALL, RULE_CLASSES, build_registry
from cfnbridge.linting.rule import Rule
from tests.lint_cases import BUCKET, CASES

# Rules without a template case, each tested on its own below.
SEPARATE = {"CB1010", "CB1011", "CB1012", "CB1999", "CB3999"}
# Rules that only restate gaps from handler code; their mapping is tested, their templates live with the handlers.
HANDLER_FAMILIES = {"CB3014", "CB3015", "CB3016", "CB3017", "CB3018", "CB3019", "CB6005",
                    # sibling rules (one severity each) of rules that have a case
                    "CB2005", "CB2203", "CB2309", "CB3203", "CB3209", "CB3210", "CB3213",
                    "CB3214", "CB3215", "CB3217", "CB3219", "CB3301", "CB3308", "CB3401", "CB3403",
                    "CB3408", "CB3410", "CB3414", "CB3415", "CB3416", "CB3417",
                    "CB3418", "CB3419", "CB5301", "CB5404", "CB6405"}


def _lint_text(tmp_path, text: str, target: str, name: str = "template.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return lint([str(path)], target=target)


def _marked_line(text: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if "# <-" in line)


def test_every_rule_has_a_case() -> None:
    assert set(RULES) == set(CASES) | SEPARATE | HANDLER_FAMILIES


@pytest.mark.parametrize("rule_id", sorted(HANDLER_FAMILIES))
def test_handler_family_rules_claim_their_gap_codes(rule_id: str) -> None:
    from cfnbridge.gap_codes import codes_for

    assert codes_for(rule_id) and all(rule_for_gap(code) == rule_id for code in codes_for(rule_id))


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_on_bad_template_at_the_marked_line(tmp_path, rule_id: str) -> None:
    bad, _good, target = CASES[rule_id]
    result = _lint_text(tmp_path, bad, target)
    found = [d for d in result.diagnostics if d.rule_id == rule_id]
    assert found, [d.to_text() for d in result.diagnostics]
    assert _marked_line(bad) in {d.line for d in found}, [d.to_text() for d in found]
    for d in found:
        assert d.message and d.file.endswith("template.yaml") and d.column >= 1


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_is_quiet_on_good_template(tmp_path, rule_id: str) -> None:
    _bad, good, target = CASES[rule_id]
    result = _lint_text(tmp_path, good, target)
    assert [d.to_text() for d in result.diagnostics if d.rule_id == rule_id] == []


def test_template_size_limit(tmp_path) -> None:
    big = BUCKET.replace("Resources:", "Description: '" + "x" * 530_000 + "'\nResources:")
    assert [d.rule_id for d in _lint_text(tmp_path, big, "hot").diagnostics if d.rule_id == "CB1010"] == ["CB1010"]
    assert not [d for d in _lint_text(tmp_path, BUCKET, "hot").diagnostics if d.rule_id == "CB1010"]


def test_resource_count_limit(tmp_path) -> None:
    many = "Resources:\n" + "".join(f"  B{i}:\n    Type: AWS::S3::Bucket\n" for i in range(1001))
    result = _lint_text(tmp_path, "AWSTemplateFormatVersion: '2010-09-09'\n" + many, "hot")
    found = [d for d in result.diagnostics if d.rule_id == "CB1011"]
    assert len(found) == 1 and found[0].line == 2 and "1,001" in found[0].message


def test_nested_depth_followed_through_local_files(tmp_path) -> None:
    def stack(child: str | None) -> str:
        if child is None:
            return BUCKET
        return ("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n"
                f"    Properties:\n      TemplateURL: {child}\n")
    for level in range(7):
        (tmp_path / f"level{level}.yaml").write_text(stack(f"level{level + 1}.yaml" if level < 6 else None))
    deep = lint([str(tmp_path / "level0.yaml")]).diagnostics
    assert [(d.rule_id, d.line) for d in deep if d.rule_id == "CB1012"] == [("CB1012", 6)]
    shallow = lint([str(tmp_path / "level2.yaml")]).diagnostics
    assert not [d for d in shallow if d.rule_id == "CB1012"]


def test_translation_crash_is_a_finding_not_a_traceback(tmp_path, monkeypatch) -> None:
    import cfnbridge.translation

    def explode(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(cfnbridge.translation, "translate", explode)
    result = _lint_text(tmp_path, BUCKET + "Outputs:\n  A: {Value: '123456789012'}\n", "hot")
    assert ("CB1999", "translation failed: RuntimeError: boom") in {(d.rule_id, d.message) for d in result.diagnostics}
    assert "CB3105" in {d.rule_id for d in result.diagnostics}  # the other rules still ran


def test_unknown_gap_codes_go_to_the_catch_all() -> None:
    assert rule_for_gap("a-code-nobody-declared") == CATCH_ALL == "CB3999"
    assert rule_for_gap("unsupported-type") == "CB3001"
    assert rule_for_gap("unsupported-attribute") == "CB3006"
    assert rule_for_gap("attribute-approximated") == "CB3007"
    assert rule_for_gap("vpc-dns") == "CB3403"  # a map's code: an info gap on a dropped property


def test_registry_rejects_duplicate_and_malformed_ids() -> None:
    class Twin(Rule):
        """Same id as the parse error rule."""

        id = "CB1000"
        severity = "error"
        summary = "twin"

    with pytest.raises(ValueError, match="duplicate rule id CB1000"):
        build_registry((*RULE_CLASSES, Twin))
    Twin.id = "XX1"
    with pytest.raises(ValueError, match="not of the form"):
        build_registry((Twin,))


def test_every_rule_is_documented() -> None:
    for cls in RULE_CLASSES:
        assert cls.description() and cls.summary and cls.severity in ("info", "warning", "error")
