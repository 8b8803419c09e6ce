"""EC2 to Neutron, Nova and Cinder: networks, routers, security groups, floating IPs, servers.

Each test translates a small template both ways and checks the output properties that
carry the meaning, the gaps (code, severity, line), and that Heat's own validator accepts
the result.
"""

from __future__ import annotations

import pytest

from cfnbridge.template import load
from cfnbridge.translation import translate
from tests.conftest import EXAMPLES, corpus_templates

pytest.importorskip("heat")

from cfnbridge.testing.heat_validator import validate  # noqa: E402

VPC = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Public:
    Type: AWS::EC2::Subnet
    Properties:
      {VpcId: !Ref Vpc, CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]], MapPublicIpOnLaunch: true}
  Private:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}
  Isolated:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24}
  Igw:
    Type: AWS::EC2::InternetGateway
  Attach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}
  PublicRt:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  PrivateRt:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  PublicDefault:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref PublicRt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}
  NatIp:
    Type: AWS::EC2::EIP
    Properties: {Domain: vpc}
  Nat:
    Type: AWS::EC2::NatGateway
    Properties: {AllocationId: !GetAtt NatIp.AllocationId, SubnetId: !Ref Public}
  PrivateDefault:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref PrivateRt, DestinationCidrBlock: 0.0.0.0/0, NatGatewayId: !Ref Nat}
  PublicAssoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref Public, RouteTableId: !Ref PublicRt}
  PrivateAssoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref Private, RouteTableId: !Ref PrivateRt}
Outputs:
  Cidr:
    Value: !GetAtt Vpc.CidrBlock
"""


def gaps_of(result, code: str) -> list[tuple[str, str | None, int]]:
    return [(g.severity, g.resource, g.location.line) for g in result.gaps if g.code == code]


def test_vpc_public_private_nat_hot() -> None:
    result = translate(load(VPC, filename="vpc.yaml"), to="hot")
    res = result.template["resources"]
    assert res["Vpc"] == {"type": "OS::Neutron::Net"}
    assert res["VpcCidrBlock"]["properties"] == {"type": "string", "value": "10.0.0.0/16"}
    assert res["Public"]["properties"] == {"network": {"get_resource": "Vpc"}, "cidr": "10.0.0.0/24"}
    assert res["Igw"] == {"type": "OS::Heat::None"}
    assert res["Attach"]["depends_on"] == ["PublicRt", "PrivateRt"]
    assert res["PublicRt"]["properties"] == {"external_gateway_info": {"network": {"get_param": "ExternalNetwork"}}}
    # One router per VPC: AWS's local route joins all its subnets; SNAT (the default) serves the
    # NAT route, and setting enable_snat explicitly would need admin rights.
    assert res["PrivateRt"] == {"type": "OS::Heat::None", "depends_on": "PublicRt"}
    assert res["PublicDefault"] == {"type": "OS::Heat::None", "depends_on": "PublicRt"}
    assert res["Nat"] == {"type": "OS::Heat::None"}
    assert res["PrivateAssoc"]["properties"] == {"subnet": {"get_resource": "Private"},
                                                 "router": {"get_resource": "PublicRt"}}
    assert result.template["outputs"]["Cidr"]["value"] == {"get_attr": ["VpcCidrBlock", "value"]}
    assert gaps_of(result, "public-ip-on-launch") == [("warning", "Public", 9)]
    assert gaps_of(result, "subnet-without-router") == [("warning", "Isolated", 15)]
    # both route tables have a default route (internet, NAT): sharing the router changes nothing
    assert gaps_of(result, "joined-router") == [("info", "PrivateRt", 26)]
    assert ("warning", "Nat", 35) in gaps_of(result, "nat-egress")
    assert validate(result.template) == []


def test_vpc_native_keeps_heat_types_and_replaces_the_rest() -> None:
    result = translate(load(VPC, filename="vpc.yaml"), to="native")
    res = result.template["Resources"]
    assert res["Vpc"]["Type"] == "AWS::EC2::VPC"
    assert res["PublicRt"]["Type"] == "AWS::EC2::RouteTable"
    assert res["PublicDefault"] == {"Type": "OS::Heat::None", "DependsOn": "PublicRt"}
    assert res["Nat"] == {"Type": "OS::Heat::None"}
    assert gaps_of(result, "gateway-attached") == [("info", "PublicDefault", 29), ("info", "PrivateDefault", 38)]
    # Heat's own VPC has no CidrBlock attribute: reported, not hidden.
    assert ("error", "Public", 9) in gaps_of(result, "unsupported-attribute")


SECURITY = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Admin: {Type: String, Default: 198.51.100.0/24}
Resources:
  Lb:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: load balancer
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIpv6: "::/0"}
  App:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: app
      GroupName: app
      VpcId: vpc-123
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: !GetAtt Lb.GroupId}
        - {IpProtocol: "-1", SourceSecurityGroupId: !Ref App}
        - {IpProtocol: icmp, FromPort: 8, ToPort: -1, CidrIp: !Ref Admin}
        - {IpProtocol: tcp, FromPort: 0, ToPort: 65535, CidrIp: 10.0.0.0/8}
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22}
      SecurityGroupEgress:
        - {IpProtocol: -1, CidrIp: 0.0.0.0/0}
  FromLb:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: !Ref App, IpProtocol: udp, FromPort: 53, ToPort: 53, SourceSecurityGroupId: !Ref Lb}
"""


def test_security_group_rules_and_remote_group_trap() -> None:
    result = translate(load(SECURITY, filename="sg.yaml"), to="hot")
    res = result.template["resources"]
    assert res["Lb"]["properties"]["rules"] == [{"direction": "ingress", "protocol": "tcp", "port_range_min": 443,
                                                 "port_range_max": 443, "remote_ip_prefix": "::/0",
                                                 "ethertype": "IPv6"}]
    app = res["App"]["properties"]
    assert app["name"] == "app" and app["description"] == "app"
    assert app["rules"] == [
        {"direction": "ingress", "protocol": "tcp", "port_range_min": 8080, "port_range_max": 8080,
         "remote_mode": "remote_group_id", "remote_group_id": {"get_resource": "Lb"}},
        {"direction": "ingress", "remote_mode": "remote_group_id"},
        {"direction": "ingress", "protocol": "icmp", "port_range_min": 8,
         "remote_ip_prefix": {"get_param": "Admin"}, "ethertype": "IPv4"},
        {"direction": "ingress", "protocol": "tcp", "remote_ip_prefix": "10.0.0.0/8", "ethertype": "IPv4"},
        {"direction": "egress", "remote_ip_prefix": "0.0.0.0/0", "ethertype": "IPv4"},
    ]
    # Every group-sourced inline rule carries remote_mode, and none is an open rule.
    for rule in app["rules"]:
        assert "remote_ip_prefix" in rule or rule.get("remote_mode") == "remote_group_id"
    assert res["FromLb"] == {"type": "OS::Neutron::SecurityGroupRule", "properties": {
        "security_group": {"get_resource": "App"}, "direction": "ingress", "protocol": "udp",
        "port_range_min": 53, "port_range_max": 53, "remote_group": {"get_resource": "Lb"}}}
    assert gaps_of(result, "rule-without-source") == [("error", "App", 22)]
    assert gaps_of(result, "security-group-vpc") == [("info", "App", 16)]
    assert validate(result.template) == []


def test_security_group_native_keeps_aws_group_and_translates_standalone_rule() -> None:
    result = translate(load(SECURITY, filename="sg.yaml"), to="native")
    res = result.template["Resources"]
    assert res["App"]["Type"] == "AWS::EC2::SecurityGroup"
    assert res["FromLb"]["Type"] == "OS::Neutron::SecurityGroupRule"
    assert res["FromLb"]["Properties"]["security_group"] == {"Ref": "App"}
    assert res["FromLb"]["Properties"]["remote_group"] == {"Ref": "Lb"}


WEB = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: web}
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      InstanceType: t3.micro
      KeyName: admin
      SubnetId: subnet-0abc
      SecurityGroupIds: [!GetAtt Sg.GroupId]
      SourceDestCheck: false
      Monitoring: true
      BlockDeviceMappings:
        - DeviceName: /dev/xvda
          Ebs: {VolumeSize: 30, VolumeType: gp3}
      UserData: !Base64 "#!/bin/sh\\necho hi\\n"
  Address:
    Type: AWS::EC2::EIP
    Properties: {Domain: vpc, InstanceId: !Ref Web}
  Data:
    Type: AWS::EC2::Volume
    Properties: {Size: "50", AvailabilityZone: !GetAtt Web.AvailabilityZone, Encrypted: true,
                 Tags: [{Key: Name, Value: data}]}
  Attach:
    Type: AWS::EC2::VolumeAttachment
    Properties: {InstanceId: !Ref Web, VolumeId: !Ref Data, Device: /dev/sdf}
Outputs:
  Public: {Value: !GetAtt Web.PublicIp}
  Private: {Value: !GetAtt Web.PrivateIp}
  Url: {Value: !Sub "http://${Address}"}
"""


def test_web_server_with_eip_and_volume_hot() -> None:
    result = translate(load(WEB, filename="web.yaml"), to="hot")
    res = result.template["resources"]
    server = res["Web"]["properties"]
    assert server["flavor"] == {"get_param": "Flavor"}
    assert server["key_name"] == "admin"
    assert server["user_data"] == "#!/bin/sh\necho hi\n" and server["user_data_format"] == "RAW"
    assert server["block_device_mapping_v2"] == [{"device_name": "xvda", "image": {"get_param": "Image"},
                                                  "boot_index": 0, "volume_size": 30,
                                                  "delete_on_termination": True}]
    assert "image" not in server
    assert server["networks"] == [{"port": {"get_resource": "WebPort"}}]
    assert res["WebPort"]["properties"] == {
        "network": {"get_param": "Network"}, "fixed_ips": [{"subnet": "subnet-0abc"}],
        "security_groups": [{"get_resource": "Sg"}], "allowed_address_pairs": [{"ip_address": "0.0.0.0/0"}]}
    assert res["Address"]["properties"] == {"floating_network": {"get_param": "ExternalNetwork"},
                                            "port_id": {"get_resource": "WebPort"}}
    assert res["Data"]["properties"] == {"size": 50, "availability_zone": {
        "get_attr": ["Web", "show", "OS-EXT-AZ:availability_zone"]}, "metadata": {"Name": "data"}}
    assert res["Attach"]["properties"] == {"instance_uuid": {"get_resource": "Web"},
                                           "volume_id": {"get_resource": "Data"}, "mountpoint": "/dev/sdf"}
    outputs = result.template["outputs"]
    assert outputs["Public"]["value"] == {"get_attr": ["Address", "floating_ip_address"]}
    assert outputs["Private"]["value"] == {"get_attr": ["WebPort", "fixed_ips", 0, "ip_address"]}
    assert outputs["Url"]["value"]["str_replace"]["params"] == {
        "${Address}": {"get_attr": ["Address", "floating_ip_address"]}}
    assert gaps_of(result, "source-dest-check") == [("warning", "Web", 14)]
    assert gaps_of(result, "volume-type") == [("warning", "Web", 18)]
    assert gaps_of(result, "volume-encryption") == [("warning", "Data", 25)]
    assert validate(result.template) == []


def test_web_server_native_removes_unimplemented_properties() -> None:
    result = translate(load(WEB, filename="web.yaml"), to="native")
    res = result.template["Resources"]
    web = res["Web"]["Properties"]
    assert res["Web"]["Type"] == "AWS::EC2::Instance"
    assert "SourceDestCheck" not in web and "Monitoring" not in web
    assert web["BlockDeviceMappings"] == [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 30}}]
    assert ("warning", "Web", 14) in gaps_of(result, "not-implemented")
    assert res["Attach"]["Type"] == "OS::Cinder::VolumeAttachment"


def test_default_vpc_instance_gets_a_floating_ip() -> None:
    text = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Box:
    Type: AWS::EC2::Instance
    Properties: {ImageId: ami-1, InstanceType: t3.micro, SecurityGroups: [default]}
Outputs:
  Ip: {Value: !GetAtt Box.PublicIp}
"""
    result = translate(load(text, filename="box.yaml"), to="hot")
    res = result.template["resources"]
    assert res["BoxPort"]["properties"] == {"network": {"get_param": "Network"}, "security_groups": ["default"]}
    assert res["BoxPublicIp"]["properties"]["port_id"] == {"get_resource": "BoxPort"}
    assert result.template["outputs"]["Ip"]["value"] == {"get_attr": ["BoxPublicIp", "floating_ip_address"]}
    assert validate(result.template) == []


@pytest.mark.parametrize("to", ["hot", "native"])
def test_web_vpc_example_translates(to: str) -> None:
    result = translate(EXAMPLES / "web-vpc" / "template.yaml", to=to)
    if to == "hot":
        assert validate(result.template) == []
        assert result.template["resources"]["WebAddress"]["properties"]["port_id"] == {"get_resource": "WebServerPort"}


def test_corpus_ec2_templates_translate_without_exceptions() -> None:
    from cfnbridge.errors import CfnBridgeError

    count = 0
    for path in corpus_templates():
        try:
            template = load(path)
        except CfnBridgeError:
            continue
        if not any(r.type.startswith("AWS::EC2::") for r in template.resources.values()):
            continue
        count += 1
        for to in ("hot", "native"):
            try:
                translate(template, to=to)
            except CfnBridgeError:
                continue  # the known-bad files (dependency cycles) are reported, not crashed on
    assert count >= 20  # 25 in the vendored sample alone
