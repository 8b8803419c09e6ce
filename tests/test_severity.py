"""One meaning per rule: each rule id has one severity, in every output, over the whole corpus.

A gap code declares its severity where it is declared (``cfnbridge/gap_codes.py`` or its map
entry) and belongs to one rule of that severity, so the translate gap report, lint's JSON and
SARIF's levels cannot disagree about a rule. These tests read what users get (the translation's
gaps, the bytes ``cfnbridge lint`` writes) over the vendored sample and, when present, the full
corpus, and check the declarations that make it so.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from cfnbridge.errors import InputError
from cfnbridge.gap_codes import RULE_OF, RULE_SEVERITY, SEVERITY_OF, _code
from cfnbridge.linting import RULES, rule_for_gap
from cfnbridge.template import load
from cfnbridge.translation import translate
from cfnbridge.translation.engine import Translator
from cfnbridge.translation.map_gaps import declared_gaps, gap_entries
from tests.cli_run import cli
from tests.conftest import CORPUS, CORPUS_ROOTS, corpus_templates

_SARIF_LEVEL = {"error": "error", "warning": "warning", "note": "info"}


def _severities_seen(root: Path) -> dict[str, dict[str, set[str]]]:
    """rule id -> output -> the severities it had there, over every template under ``root``."""
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in corpus_templates((root,)):
        try:
            template = load(str(path))
        except Exception:  # noqa: BLE001 - the corpus's known-bad files: lint reports them (CB1000)
            continue
        for to in ("hot", "native"):
            for placeholder in (False, True):
                try:
                    translation = translate(template, to=to, placeholder=placeholder)
                except InputError:  # a template Heat cannot take at all (CB1001), no gaps to judge
                    continue
                for gap in translation.gaps:
                    seen[rule_for_gap(gap.code)][f"translate {to}"].add(gap.severity)
    for target in ("hot", "native"):
        for extra in ((), ("--placeholder",)):
            args = ("lint", str(root), "--target", target, "--no-config", "--no-summary", *extra)
            for d in json.loads(cli(*args, "--format", "json").out)["diagnostics"]:
                seen[d["rule"]][f"lint json {target}"].add(d["severity"])
            sarif = json.loads(cli(*args, "--format", "sarif").out)["runs"][0]
            for result in sarif["results"]:
                seen[result["ruleId"]][f"sarif {target}"].add(_SARIF_LEVEL[result["level"]])
            for rule in sarif["tool"]["driver"]["rules"]:
                seen[rule["id"]][f"sarif rules {target}"].add(_SARIF_LEVEL[rule["defaultConfiguration"]["level"]])
    return seen


@pytest.mark.parametrize("root", CORPUS_ROOTS, ids=lambda root: "sample" if root == CORPUS else "full")
def test_each_rule_has_one_severity_in_every_output(root: Path) -> None:
    seen = _severities_seen(root)
    mixed = {rule: {where: sorted(levels) for where, levels in outputs.items()}
             for rule, outputs in seen.items()
             if {level for levels in outputs.values() for level in levels} != {RULES[rule].severity}}
    assert mixed == {}, f"rules whose findings differ from their severity: {mixed}"
    assert len(seen) >= (20 if root == CORPUS else 45), sorted(seen)  # the corpus reaches most rules
    assert {"error", "warning", "info"} <= {RULES[rule].severity for rule in seen}


def test_every_gap_code_has_its_rules_severity() -> None:
    assert all(SEVERITY_OF[code] == RULES[rule].severity for code, rule in RULE_OF.items())
    mapped = declared_gaps()
    assert len(mapped) > 80 and all(RULES[rule].severity == level for rule, level in mapped.values())
    # every gap entry of every map is seen, wherever it stands
    entries = list(gap_entries())
    assert len(entries) == _count_severity_entries() > 500


def _count_severity_entries() -> int:
    from cfnbridge.translation import maps

    count, stack = 0, [type_map.data for type_map in maps.all_maps().values()]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            count += "severity" in node and "message" in node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return count


def test_a_code_of_another_severity_than_its_rule_is_refused() -> None:
    assert RULE_SEVERITY["CB3013"] == "warning"
    with pytest.raises(ValueError, match="one rule, one severity"):
        _code("a-new-network-code", "CB3013", "error")
    assert "a-new-network-code" not in RULE_OF


def test_maps_giving_one_code_two_severities_are_refused(monkeypatch) -> None:
    from cfnbridge.translation import maps

    def entry(severity: str) -> dict:
        return {"hot": {"type": None, "gap": {"severity": severity, "code": "shared-code", "message": "m"}}}

    fake = {name: maps.TypeMap(name, "x.yaml", entry(level)) for name, level in
            (("AWS::X::One", "error"), ("AWS::X::Two", "info"))}
    monkeypatch.setattr(maps, "all_maps", lambda: fake)
    with pytest.raises(InputError, match="'shared-code' is info .* but error"):
        declared_gaps.__wrapped__()


def test_a_call_still_passing_a_severity_is_refused() -> None:
    with pytest.raises(TypeError, match="severity belongs to the code"):
        Translator.gap(None, "export", ("Outputs", "A"), None, "warning", "the old argument order")  # type: ignore[arg-type]


def test_novalue_before_hot_2021_is_a_warning_of_cb2005(tmp_path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("Conditions:\n  C: !Equals [a, b]\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
                    "    Properties:\n      BucketName: !If [C, name, !Ref AWS::NoValue]\n", encoding="utf-8")
    gaps = [g for g in translate(str(path), hot_version="2018-08-31").gaps if g.code == "novalue"]
    assert [(rule_for_gap(g.code), g.severity, g.location.line) for g in gaps] == [("CB2005", "warning", 7)]


SUBNETS = "Parameters:\n  Subnet: {Type: String}\n"


@pytest.mark.parametrize(("template", "code", "rule", "severity"), [
    # A dependency on what OpenStack does not have is dropped: harmless, the omitted resource has its finding.
    ("Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    DependsOn: Logs\n"
     "  Logs:\n    Type: AWS::Logs::LogGroup\n", "depends-on-dropped", "CB3408", "info"),
    # An Octavia load balancer has no security groups: its VIP is open to everyone.
    (SUBNETS + "Resources:\n  Lb:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n    Properties:\n"
     "      Subnets: [!Ref Subnet]\n      SecurityGroups: [sg-12345678]\n", "lb-security-groups", "CB3214", "error"),
    # A cfn-init call the translation cannot follow does not run: the application's configuration is not applied.
    ("Resources:\n  Server:\n    Type: AWS::EC2::Instance\n    Metadata:\n      AWS::CloudFormation::Init:\n"
     "        config: {packages: {yum: {httpd: []}}}\n    Properties:\n      ImageId: cirros\n"
     "      InstanceType: m1.small\n      UserData: {'Fn::Base64': \"#!/bin/sh\\ncfn-init -r Other\\n\"}\n",
     "bootstrap-untranslated", "CB3041", "error"),
    # An AMI chosen by a condition cannot be replaced by a Glance image: the server would not boot.
    ("Conditions:\n  C: !Equals [!Ref AWS::Region, us-east-1]\nResources:\n  Server:\n    Type: AWS::EC2::Instance\n"
     "    Properties:\n      ImageId: !If [C, ami-11111111, ami-22222222]\n      InstanceType: m1.small\n",
     "image-unknown", "CB3210", "error"),
])
def test_severity_follows_what_happens_on_openstack(tmp_path, template: str, code: str, rule: str,
                                                    severity: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(template, encoding="utf-8")
    found = [(rule_for_gap(g.code), g.severity) for g in translate(str(path)).gaps if g.code == code]
    assert found and set(found) == {(rule, severity)}, [str(g) for g in translate(str(path)).gaps]
