"""Subnets carved with Fn::Cidr from a VPC range given as a parameter: Neutron's subnet pool splits it."""

from __future__ import annotations

import textwrap

import yaml

from tests.cli_run import cli

TEMPLATE = textwrap.dedent("""\
    AWSTemplateFormatVersion: "2010-09-09"
    Parameters:
      VpcCidr: {Type: String, Default: 10.20.0.0/16}
    Resources:
      Vpc:
        Type: AWS::EC2::VPC
        Properties:
          CidrBlock: !Ref VpcCidr
      PublicSubnet:
        Type: AWS::EC2::Subnet
        Properties:
          VpcId: !Ref Vpc
          CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]
      PrivateSubnet:
        Type: AWS::EC2::Subnet
        Properties:
          VpcId: !Ref Vpc
          CidrBlock: !Select [1, !Cidr [!Ref VpcCidr, 4, 6]]
      Table:
        Type: AWS::EC2::RouteTable
        Properties: {VpcId: !Ref Vpc}
      A1:
        Type: AWS::EC2::SubnetRouteTableAssociation
        Properties: {SubnetId: !Ref PublicSubnet, RouteTableId: !Ref Table}
      A2:
        Type: AWS::EC2::SubnetRouteTableAssociation
        Properties: {SubnetId: !Ref PrivateSubnet, RouteTableId: !Ref Table}
    Outputs:
      PrivateCidr:
        Value: !GetAtt PrivateSubnet.CidrBlock
    """)


def test_a_parameter_range_becomes_a_subnet_pool_that_heat_accepts(tmp_path, heat_validate) -> None:
    source = tmp_path / "vpc.yaml"
    source.write_text(TEMPLATE, encoding="utf-8")
    out = tmp_path / "vpc.hot.yaml"
    run = cli("translate", str(source), "-o", str(out), "--gaps", "json")
    assert run.code == 0, run.err  # warnings only: the template deploys as written
    text = out.read_text(encoding="utf-8")
    assert heat_validate(text) == []
    resources = yaml.safe_load(text)["resources"]
    assert resources["VpcSubnetPool"] == {"type": "OS::Neutron::SubnetPool",
                                          "properties": {"prefixes": [{"get_param": "VpcCidr"}]}}
    for name, prefixlen in (("PublicSubnet", 24), ("PrivateSubnet", 26)):
        properties = resources[name]["properties"]
        assert "cidr" not in properties
        assert properties["subnetpool"] == {"get_resource": "VpcSubnetPool"} and properties["prefixlen"] == prefixlen
    assert "VpcCidrBlock" not in resources  # nothing reads the VPC's range any more
    assert yaml.safe_load(text)["outputs"]["PrivateCidr"]["value"] == {"get_attr": ["PrivateSubnet", "cidr"]}
    # which block each subnet gets is Neutron's choice: said at each subnet's CidrBlock
    gaps = [g for g in yaml.safe_load(run.err) if g["code"] == "subnet-pool"]
    lines = TEMPLATE.splitlines()
    assert [(g["severity"], lines[g["location"]["line"] - 1].strip()[:10]) for g in gaps] == [
        ("warning", "CidrBlock:"), ("warning", "CidrBlock:")]
    assert "block 1 of the 4 /26 blocks" in gaps[1]["message"]
