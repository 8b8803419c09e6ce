"""Output formats: text lines, JSON, SARIF 2.1.0 (schema-validated), JUnit XML and GitHub annotations."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cfnbridge.linting import lint
from cfnbridge.linting.formats import format_result
from tests.lint_cases import CASES

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
TEXT_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<sev>ERROR|WARNING|INFO) (?P<rule>CB\d{4}) .+$")


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    """A few templates with errors, warnings and infos, plus one that does not parse."""
    root = tmp_path_factory.mktemp("formats")
    for rule_id in ("CB6004", "CB3001", "CB2007", "CB6002"):
        (root / f"{rule_id}.yaml").write_text(CASES[rule_id][0], encoding="utf-8")
    (root / "broken.yaml").write_text("AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n", encoding="utf-8")
    return lint([str(root)])


def test_text_lines_read_file_line_col_severity_rule_message(result) -> None:
    lines = format_result(result, "text").splitlines()
    assert len(lines) == len(result.diagnostics) > 4
    for line in lines:
        assert TEXT_LINE.match(line), line
    assert any(line.split(": ", 1)[1].startswith("ERROR CB1000 syntax error") for line in lines)
    assert any(re.search(r"CB6004\.yaml:\d+:\d+: WARNING CB6004 0\.0\.0\.0/0 may reach 22 \(SSH\) \(restrict", line)
               for line in lines)


def test_json_has_diagnostics_and_summary(result) -> None:
    data = json.loads(format_result(result, "json"))
    assert {d["rule"] for d in data["diagnostics"]} >= {"CB1000", "CB3001", "CB6004", "CB6002", "CB2007"}
    assert data["summary"]["templates"] == 5 and data["summary"]["failed"] == 1
    first = data["diagnostics"][0]
    assert set(first) >= {"rule", "severity", "message", "hint", "file", "line", "column", "gap", "source"}


def test_sarif_validates_against_the_2_1_0_schema(result) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    sarif = json.loads(format_result(result, "sarif"))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    run = sarif["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert sarif["version"] == "2.1.0" and len(run["results"]) == len(result.diagnostics)
    for entry in run["results"]:
        assert rules[entry["ruleIndex"]] == entry["ruleId"]
        region = entry["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    levels = {entry["ruleId"]: entry["level"] for entry in run["results"]}
    assert levels["CB1000"] == "error" and levels["CB2007"] == "note" and levels["CB6004"] == "warning"


def test_sarif_schema_rejects_a_broken_log(result) -> None:
    """The schema file really checks: a result without a message is refused."""
    jsonschema = pytest.importorskip("jsonschema")
    sarif = json.loads(format_result(result, "sarif"))
    del sarif["runs"][0]["results"][0]["message"]
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate(sarif)


def test_junit_xml_parses_with_one_suite_per_template(result) -> None:
    root = ET.fromstring(format_result(result, "junit", "error"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 5
    failures = {(s.get("name").rsplit("/", 1)[-1], c.get("name")) for s in suites for c in s.iter("testcase")
                if c.find("failure") is not None}
    assert ("broken.yaml", "CB1000") in failures and ("CB3001.yaml", "CB3001") in failures
    assert ("CB2007.yaml", "CB2007") not in failures  # info is below --fail-on error
    assert int(root.get("failures")) == len(failures)


def test_sarif_rules_carry_help_and_uris_are_relative_to_the_base_dir(tmp_path, capsys) -> None:
    """What code scanning shows: rule help in text and Markdown, a helpUri anchor, repository-relative files."""
    jsonschema = pytest.importorskip("jsonschema")
    from cfnbridge.cli import main

    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "a b.yaml").write_text(CASES["CB0002"][0] + CASES["CB4002"][0][len("AWSTemplateFormat"
                                                  "Version: '2010-09-09'\nResources:\n  Bucket:\n    Type: "
                                                  "AWS::S3::Bucket\n"):], encoding="utf-8")
    assert main(["lint", "--no-config", "--format", "sarif", "--base-dir", str(tmp_path),
                 str(tmp_path / "stacks")]) == 1
    sarif = json.loads(capsys.readouterr().out)
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(sarif)
    run = sarif["runs"][0]
    assert run["originalUriBaseIds"] == {"SRCROOT": {"uri": tmp_path.resolve().as_uri() + "/"}}
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["help"]["text"] and rule["help"]["markdown"].startswith("**")
        assert rule["helpUri"].endswith("/docs/rules.md#" + rule["id"].lower())
        assert "``" not in rule["fullDescription"]["text"] + rule["help"]["text"]
    docs = (Path(__file__).parents[1] / "docs" / "rules.md").read_text(encoding="utf-8")
    assert all(f"### {rule['id']}" in docs for rule in run["tool"]["driver"]["rules"])
    locations = {entry["ruleId"]: entry["locations"][0]["physicalLocation"] for entry in run["results"]}
    assert locations["CB0002"]["artifactLocation"] == {"uri": "stacks/a%20b.yaml", "uriBaseId": "SRCROOT"}
    assert locations["CB0002"]["region"]["startLine"] == _marked(CASES["CB0002"][0])
    assert [entry["level"] for entry in run["results"]][0] == "error"  # blockers first


def _marked(text: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if "# <-" in line)


def test_github_annotations_put_errors_first_and_are_capped(tmp_path) -> None:
    for index in range(14):  # 14 errors and more warnings: more than GitHub shows
        path = tmp_path / f"t{index:02}.yaml"
        path.write_text(CASES["CB0001"][0] + "Outputs:\n  A: {Value: !Ref Vpc, Export: {Name: a}}\n", encoding="utf-8")
    result = lint([str(tmp_path)])
    lines = format_result(result, "github").splitlines()
    levels = [line.split(" ", 1)[0] for line in lines[:-1]]
    assert levels == ["::error"] * 10 + ["::warning"] * 10 + ["::notice"] * (len(levels) - 20)
    counts = {level: sum(1 for d in result.diagnostics if d.severity == level) for level in ("error", "warning")}
    assert counts["error"] == 14 and counts["warning"] > 14
    assert lines[-1].startswith(f"::notice title=cfnbridge::4 errors, {counts['warning'] - 10} warnings")
    assert "not shown as annotations" in lines[-1]


def test_github_annotations(result) -> None:
    lines = format_result(result, "github").splitlines()
    assert len(lines) == len(result.diagnostics)
    pattern = re.compile(r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,title=CB\d{4}::CB\d{4} .+$")
    for line in lines:
        assert pattern.match(line), line
    assert any(line.startswith("::notice ") and "title=CB2007" in line for line in lines)
    assert all("\n" not in line for line in lines)
