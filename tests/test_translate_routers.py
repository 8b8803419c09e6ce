"""A VPC's shared router exists whenever one of its route tables does; its gateway exactly when a
default route to an internet or NAT gateway does: checked configuration by configuration."""

from __future__ import annotations

import yaml

import cfnbridge
from tests.cli_run import cli
from tests.conftest import EXAMPLES
from tests.hot_conditions import existing, truth

CONDITIONAL = EXAMPLES / "vpc-conditional" / "template.yaml"


def _references(value, found=None) -> set[str]:
    found = set() if found is None else found
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("get_resource", "get_attr"):
                found.add(item if isinstance(item, str) else item[0])
            else:
                _references(item, found)
    elif isinstance(value, list):
        for item in value:
            _references(item, found)
    return found


def test_each_configuration_gets_the_router_and_gateway_aws_had(tmp_path, heat_validate) -> None:
    out = tmp_path / "out.yaml"
    run = cli("translate", str(CONDITIONAL), "-o", str(out))
    assert run.code == 0, run.err
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    router = doc["resources"]["PrivateTable"]
    assert router["type"] == "OS::Neutron::Router"
    for mode, gateway in (("public", True), ("private-nat", True), ("isolated", False)):
        present = existing(doc, {"Mode": mode})
        for name in present:
            body = doc["resources"][name]
            missing = (_references(body.get("properties")) | set([body.get("depends_on")] if isinstance(
                body.get("depends_on"), str) else body.get("depends_on") or [])) - present
            assert not missing, f"{mode}: {name} refers to {missing}, which does not exist"
        info = router["properties"]["external_gateway_info"]
        has_gateway = "PrivateTable" in present and truth(doc, info["if"][0], {"Mode": mode})
        assert has_gateway is gateway, f"{mode}: the router's external gateway (SNAT) must follow the AWS routes"
    # The isolated subnets never share SNAT with a public table: no configuration has both.
    assert "warning shared-router" not in run.err
    assert heat_validate(doc) == []


def test_an_isolated_table_beside_an_unconditional_gateway_is_reported() -> None:
    text = CONDITIONAL.read_text(encoding="utf-8").replace(
        "AllowedValues: [public, private-nat, isolated]", "AllowedValues: [public, private-nat, isolated, mixed]"
    )  # 'mixed': public and private subnets, no NAT
    result = cfnbridge.translate(cfnbridge.load(text, filename="t.yaml"))
    warnings = [g for g in result.gaps if g.code == "shared-router" and g.severity == "warning"]
    assert len(warnings) == 1 and "Mode='mixed'" in warnings[0].message and "PrivateTable" in warnings[0].message


def test_an_unconditional_table_keeps_the_router_unconditional() -> None:
    text = """\
Conditions:
  Extra: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  ExtraTable: {Type: AWS::EC2::RouteTable, Condition: Extra, Properties: {VpcId: !Ref Vpc}}
  MainTable: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
"""
    result = cfnbridge.translate(cfnbridge.load(text, filename="t.yaml"))
    router = result.template["resources"]["ExtraTable"]
    assert router["type"] == "OS::Neutron::Router" and "condition" not in router, "MainTable needs it always"
