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


def test_github_annotations(result) -> None:
    lines = format_result(result, "github").splitlines()
    assert len(lines) == len(result.diagnostics)
    pattern = re.compile(r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,title=CB\d{4}::CB\d{4} .+$")
    for line in lines:
        assert pattern.match(line), line
    assert any(line.startswith("::notice ") and "title=CB2007" in line for line in lines)
    assert all("\n" not in line for line in lines)
