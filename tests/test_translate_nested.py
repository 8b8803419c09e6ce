"""Nested stacks from local files: the child is translated too and becomes the resource's type.

Checked as the user gets it: the files ``cfnbridge translate`` writes, read back and given to
Heat's validator together (as ``openstack stack create`` and ``cfnbridge deploy`` send them).
"""

from __future__ import annotations

import shutil

import yaml

import cfnbridge
from tests.cli_run import cli
from tests.conftest import EXAMPLES

NESTED = EXAMPLES / "nested-local"


def test_a_local_child_is_written_beside_the_parent_and_used_as_its_type(tmp_path, heat_validate) -> None:
    out = tmp_path / "parent.yaml"
    run = cli("translate", str(NESTED / "template.yaml"), "-o", str(out))
    assert run.code == 0, run.err
    parent = yaml.safe_load(out.read_text(encoding="utf-8"))
    child_text = (tmp_path / "web.yaml").read_text(encoding="utf-8")
    child = yaml.safe_load(child_text)
    web = parent["resources"]["Web"]
    assert web["type"] == "web.yaml"
    assert child["resources"]["Server"]["type"] == "OS::Nova::Server"
    # Literal instance types and AMIs passed to the child go through the parent's mappings.
    assert web["properties"]["InstanceType"] == {
        "if": ["IsProd", {"get_param": "Flavor"}, {"get_param": "FlavorT3Small"}]}
    assert web["properties"]["ImageId"] == {"get_param": "Image"}
    # What the child's translation asks for (its network), the parent asks for and passes on.
    assert web["properties"]["Network"] == {"get_param": "Network"}
    assert set(child["parameters"]) - {"InstanceType", "ImageId", "Environment"} <= set(web["properties"])
    assert parent["outputs"]["WebAddress"]["value"] == {"get_attr": ["Web", "Address"]}
    assert "web.yaml:11:21: warning flavor" in run.err, "the child's gaps are reported in its own file"
    assert heat_validate(parent, files={"web.yaml": child_text}) == []


def test_the_site_profile_maps_what_the_parent_passes(tmp_path) -> None:
    result = cfnbridge.translate(NESTED / "template.yaml", profile=EXAMPLES / "site-profile.yaml")
    assert result.template["resources"]["Web"]["properties"]["InstanceType"] == {
        "if": ["IsProd", "m1.large", "m1.medium"]}


def test_children_need_a_place_to_be_written(tmp_path) -> None:
    run = cli("translate", str(NESTED / "template.yaml"))
    assert run.code == 2 and "give -o or --files-dir" in run.err
    files = tmp_path / "children"
    files.mkdir()
    run = cli("translate", str(NESTED / "template.yaml"), "--files-dir", str(files))
    assert run.code == 0 and (files / "web.yaml").is_file() and "type: web.yaml" in run.out


def test_a_child_that_includes_its_parent_is_an_error_not_a_loop(tmp_path) -> None:
    shutil.copy(NESTED / "template.yaml", tmp_path / "template.yaml")
    (tmp_path / "web.yaml").write_text(
        "Resources:\n  Back:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: template.yaml}\n",
        encoding="utf-8")
    result = cfnbridge.translate(tmp_path / "template.yaml")
    errors = [g for g in result.gaps if g.code == "nested-template-broken"
              and "includes one of its parents" in g.message]
    assert len(errors) == 1 and errors[0].location.file.endswith("web.yaml") and errors[0].location.line == 4


def test_a_parameter_the_child_does_not_declare_is_an_error(tmp_path) -> None:
    shutil.copy(NESTED / "web.yaml", tmp_path / "web.yaml")
    (tmp_path / "template.yaml").write_text(
        "Resources:\n  Web:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: web.yaml\n"
        "      Parameters: {ImageId: img, Environment: dev, Colour: blue}\n", encoding="utf-8")
    result = cfnbridge.translate(tmp_path / "template.yaml")
    assert "Colour" not in result.template["resources"]["Web"]["properties"]
    assert ("nested-template-broken", "error", 6) in {(g.code, g.severity, g.location.line) for g in result.gaps}


def test_lint_reports_a_childs_gaps_once_in_its_own_file(tmp_path) -> None:
    shutil.copy(NESTED / "template.yaml", tmp_path / "template.yaml")
    shutil.copy(NESTED / "web.yaml", tmp_path / "web.yaml")
    with (tmp_path / "web.yaml").open("a", encoding="utf-8") as child:
        child.write("  Arn:\n    Value: !GetAtt Server.Arn\n")  # an attribute OpenStack cannot give
    run = cli("lint", str(tmp_path))
    lines = [line for line in run.out.splitlines() if "web.yaml:" in line]
    assert len(lines) == len(set(lines)) and any("web.yaml:18:" in line for line in lines), run.out
    result = cfnbridge.translate(tmp_path / "template.yaml")
    nested = [g for g in result.gaps
              if g.code == "nested-template" and g.resource == "Web" and "translated" in g.message]
    assert nested[0].severity == "warning" and "1 error gap(s) of its own" in nested[0].message
