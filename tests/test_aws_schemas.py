"""What CloudFormation knows, from resource_maps/aws_schemas.json: the answers the linter and translator use."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from cfnbridge import aws_schemas
from tests.conftest import REPO

DATA = REPO / "resource_maps" / "aws_schemas.json"


def test_types_with_did_you_mean() -> None:
    assert aws_schemas.check_type("AWS::EC2::NatGateway") == aws_schemas.KNOWN
    answer = aws_schemas.check_type("AWS::EC2::NatGateWay")
    assert answer.typo and answer.nearest == ("AWS::EC2::NatGateway",)
    assert answer.did_you_mean() == "did you mean AWS::EC2::NatGateway?"
    for unjudged in ("Custom::Thing", "OS::Nova::Server", "AWS::Serverless::Function",
                     "AWS::CloudFormation::CustomResource"):
        assert not aws_schemas.check_type(unjudged).checked, unjudged


def test_properties_nested_and_open() -> None:
    answer = aws_schemas.check_property("AWS::EC2::Subnet", ("CidrBlok",))
    assert answer.typo and answer.nearest[0] == "CidrBlock"
    assert aws_schemas.check_property("AWS::EC2::Subnet", ("CidrBlock",)).known
    assert aws_schemas.check_property("AWS::EC2::Subnet", ("Tags", 0, "Key")).known
    assert aws_schemas.check_property("AWS::EC2::Subnet", ("Tags", 0, "Kee")).nearest == ("Key",)
    assert aws_schemas.check_property("AWS::EC2::subnet", ("CidrBlok",)) == aws_schemas.UNCHECKED
    # a free-form JSON document (a policy) has no property names to judge
    assert not aws_schemas.check_property("AWS::IAM::Role", ("AssumeRolePolicyDocument", "Statment")).checked
    assert aws_schemas.property_spec("AWS::EC2::Subnet", ("MapPublicIpOnLaunch",)) == {"type": "boolean"}
    assert aws_schemas.required("AWS::EC2::Subnet") == ("VpcId",)


def test_attributes_including_patterns() -> None:
    assert aws_schemas.check_attribute("AWS::EC2::Instance", "PublicIp").known
    assert aws_schemas.check_attribute("AWS::EC2::Subnet", "AvailabilityZone").known  # a gettable property
    assert aws_schemas.check_attribute("AWS::EC2::Instance", "PublicIP").nearest == ("PublicIp",)
    assert aws_schemas.check_attribute("AWS::CloudFormation::Stack", "Outputs.VpcId").known
    assert aws_schemas.check_attribute("AWS::CloudFormation::Stack", "Output").typo


def test_the_data_is_what_the_dump_tool_writes(tmp_path) -> None:
    """Regenerated from the cfn-lint that recorded it, the file is identical; else the core types still agree."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert len(data["types"]) > 1400 and data["source"].startswith("AWS resource provider schemas")
    if importlib.util.find_spec("cfnlint") is None:
        pytest.fail("cfn-lint is a test dependency: pip install -e '.[test]'")
    out = tmp_path / "aws_schemas.json"
    run = subprocess.run([sys.executable, str(REPO / "tools" / "dump_aws_schemas.py"), str(out)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    fresh = json.loads(out.read_text(encoding="utf-8"))
    if fresh["source"] == data["source"]:
        assert out.read_bytes() == DATA.read_bytes()
        return
    for name in ("AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::SecurityGroup", "AWS::EC2::Instance",
                 "AWS::S3::Bucket", "AWS::AutoScaling::AutoScalingGroup"):
        assert set(fresh["types"][name]["properties"]) >= set(data["types"][name]["properties"]), name


def test_lint_accepts_local_paths_that_the_package_command_uploads(tmp_path) -> None:
    from cfnbridge.linting import lint

    head = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n"
    (tmp_path / "packaged.yaml").write_text(head + "    Properties: {Code: ./src, Role: r}\n")
    (tmp_path / "wrong.yaml").write_text(head + "    Properties: {Code: [./src], Role: r}\n")
    found = {(d.file.rsplit("/", 1)[-1], d.rule_id, d.message) for d in lint([str(tmp_path)]).diagnostics
             if d.rule_id.startswith("CB0")}
    assert found == {("wrong.yaml", "CB0003", "Code must be a mapping, not a list")}
