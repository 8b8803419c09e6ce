"""One bad and one good template for every registered lint rule, checked exactly.

``tests/lint_cases.py`` holds the cases of most rules. The cases here cover the rest: the rules
that restate gaps reported by the translator's handlers (CB3013-CB3019, CB6005), their sibling
rules of other severities, and Heat's limits (CB1010-CB1012). Each bad template is small,
realistic CloudFormation that triggers the rule exactly once, at the line marked ``# <-``, with
the severity (and, for gaps, the gap code) given here; its good variant does not trigger the
rule. ``test_every_rule_has_a_good_and_a_bad_template`` joins both tables, so a rule added to the
registry without cases fails.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cfnbridge.linting import RULES, lint
from cfnbridge.linting.registry import gap_codes_of
from tests import lint_cases

# Rules no template can trigger on purpose, with the test that covers them instead.
NO_TEMPLATE = {
    "CB1999": "an internal error: the translator or a rule crashed (tests/test_lint_rules.py makes one crash)",
    "CB2005": "AWS::NoValue written for a HOT version before 2021-04-16, which lint does not choose "
              "(tests/test_severity.py translates with --hot-version 2018-08-31)",
    "CB3999": "the catch-all for gap codes no rule claims; every code should have a rule "
              "(tests/test_lint_rules.py tests the fallback)",
}
HEAD = "AWSTemplateFormatVersion: '2010-09-09'\n"
MARK = "# <-"


@dataclass(frozen=True)
class Case:
    """A bad template that triggers ``rule_id`` once at the marked line, and a good one that does not."""

    rule_id: str
    severity: str
    gap: str | None  # the translation gap code behind the finding (None for a rule's own check)
    bad: str
    good: str
    target: str = "hot"
    files: tuple[tuple[str, str], ...] = ()  # further templates written beside it (nested stacks)
    known_issue: str = ""  # why the bad case fails today (an expected failure until fixed)
    profile: str = ""  # a site profile to lint with (YAML), if the rule needs one


def _nested_chain(levels: int) -> tuple[tuple[str, str], ...]:
    """level1.yaml -> level2.yaml -> ... -> level<levels>.yaml, the last one a plain bucket."""
    files = []
    for level in range(1, levels):
        files.append((f"level{level}.yaml", HEAD + "Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n"
                      f"    Properties:\n      TemplateURL: level{level + 1}.yaml\n"))
    files.append((f"level{levels}.yaml", lint_cases.BUCKET))
    return tuple(files)


def _buckets(count: int) -> str:
    return "".join(f"  Bucket{i}:\n    Type: AWS::S3::Bucket\n" for i in range(count))


# An instance outside any VPC, with parameters for its image and flavor (no CB3010/CB3011 warnings).
SERVER = HEAD + """Parameters:
  Image: {Type: String, Default: cirros}
  Flavor: {Type: String, Default: m1.small}
Resources:
  Server:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Ref Image
      InstanceType: !Ref Flavor
"""

NETWORK = HEAD + """Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
      MapPublicIpOnLaunch: true  # <-
  Routes:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  Association:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref Subnet
      RouteTableId: !Ref Routes
"""

CLASSIC_ELB = HEAD + """Parameters:
  Subnet: {Type: String}
Resources:
  Balancer:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      Scheme: internal
      Subnets: [!Ref Subnet]
      Listeners:
        - LoadBalancerPort: '443'
          InstancePort: '443'
          Protocol: SSL  # <-
"""

SECURITY_GROUP = HEAD + """Resources:
  Web:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - IpProtocol: tcp  # <-
          FromPort: 443
          ToPort: 443
"""

SCALING = HEAD + """Parameters:
  Subnet: {Type: String}
  Image: {Type: String, Default: cirros}
  Flavor: {Type: String, Default: m1.small}
Resources:
  Launch:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties:
      ImageId: !Ref Image
      InstanceType: !Ref Flavor
  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      LaunchConfigurationName: !Ref Launch
      MinSize: '1'
      MaxSize: '3'
      VPCZoneIdentifier: [!Ref Subnet]
  ScaleUp:
    Type: AWS::AutoScaling::ScalingPolicy
    Properties:
      AutoScalingGroupName: !Ref Group
"""
TARGET_TRACKING = """      PolicyType: TargetTrackingScaling
      TargetTrackingConfiguration:
        TargetValue: 50  # <-
        PredefinedMetricSpecification:
          PredefinedMetricType: ASGAverageCPUUtilization
"""
SIMPLE_SCALING = "      AdjustmentType: ChangeInCapacity\n      ScalingAdjustment: 1\n"

NESTED_STACK = HEAD + """Resources:
  Network:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://s3.amazonaws.com/templates/network.yaml  # <-
      TimeoutInMinutes: '10'
"""

WAIT_CONDITION = SERVER.replace("Resources:\n", """Resources:
  Handle:
    Type: AWS::CloudFormation::WaitConditionHandle
  Ready:
    Type: AWS::CloudFormation::WaitCondition
    Properties:
      Handle: !Ref Handle
      Timeout: '600'
""")
SIGNAL_IN_USER_DATA = """      UserData:
        Fn::Base64:
          Fn::Join: ['', ['#!/bin/sh\\ncurl -X PUT -d @done.json "', !Ref Handle, '"\\n']]  # <-
"""

SCRATCH_DISK = """      BlockDeviceMappings:
        - DeviceName: /dev/sdf  # <-
          Ebs: {VolumeSize: 20}
"""

TOPIC = HEAD + """Parameters:
  HandlerArn: {Type: String}
Resources:
  Alerts:
    Type: AWS::SNS::Topic
    Properties:
      Subscription:
        - Protocol: lambda  # <-
          Endpoint: !Ref HandlerArn
"""

GENERATED_SECRET = HEAD + """Resources:
  DbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Description: database credentials
      GenerateSecretString: {SecretStringTemplate: '{"username": "app"}', GenerateStringKey: password}  # <-
"""
GIVEN_SECRET = HEAD + """Parameters:
  DbPassword: {Type: String, NoEcho: true}
Resources:
  DbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Description: database credentials
      SecretString: !Ref DbPassword
"""

DATABASE = HEAD + """Parameters:
  DbPassword: {Type: String, NoEcho: true}
Resources:
  Database:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      DBInstanceClass: db.t3.micro
      AllocatedStorage: '20'
      DBName: app
      MasterUsername: admin
      MasterUserPassword: hunter2hunter2  # <-
"""

SITE_PROFILE = "images:\n  ami-0c55b159cbfafe1f0: rocky-9\n"

LARGE_DESCRIPTION = "Description: '" + "x" * 530_000 + "'\n"

CASES: dict[str, Case] = {
    "CB1010": Case("CB1010", "error", None,
                   HEAD.replace("\n", f"  {MARK}\n") + LARGE_DESCRIPTION + lint_cases.BUCKET[len(HEAD):],
                   HEAD + "Description: small\n" + lint_cases.BUCKET[len(HEAD):]),
    "CB1011": Case("CB1011", "error", None, HEAD + f"Resources:  {MARK}\n" + _buckets(1001),
                   HEAD + "Resources:\n" + _buckets(1000)),
    "CB1012": Case("CB1012", "error", None,
                   NESTED_STACK.replace("https://s3.amazonaws.com/templates/network.yaml", "level1.yaml"),
                   NESTED_STACK.replace("https://s3.amazonaws.com/templates/network.yaml  # <-", "level2.yaml"),
                   files=_nested_chain(6)),
    "CB3013": Case("CB3013", "warning", "public-ip-on-launch", NETWORK,
                   NETWORK.replace(f"      MapPublicIpOnLaunch: true  {MARK}\n", "")),
    "CB3014": Case("CB3014", "warning", "lb-protocol", CLASSIC_ELB, CLASSIC_ELB.replace(f"SSL  {MARK}", "TCP")),
    "CB3215": Case("CB3215", "error", "rule-without-source", SECURITY_GROUP,
                   SECURITY_GROUP.replace(f"  {MARK}", "") + "          CidrIp: 10.0.0.0/8\n"),
    "CB3016": Case("CB3016", "warning", "scaling-policy", SCALING + TARGET_TRACKING, SCALING + SIMPLE_SCALING),
    "CB3017": Case("CB3017", "warning", "nested-template", NESTED_STACK, WAIT_CONDITION),
    "CB3217": Case(
        "CB3217", "error", "wait-handle-signal", WAIT_CONDITION + SIGNAL_IN_USER_DATA, WAIT_CONDITION),
    "CB3018": Case("CB3018", "warning", "scratch-disk", SERVER + SCRATCH_DISK, SERVER),
    "CB3219": Case("CB3219", "error", "subscription-lost", TOPIC,
                   TOPIC.replace(f"lambda  {MARK}", "https").replace("!Ref HandlerArn", "https://example.org/hook")),
    "CB6005": Case("CB6005", "warning", "generated-secret", GENERATED_SECRET, GIVEN_SECRET),
    "CB6005-master-password": Case("CB6005", "warning", "master-password", DATABASE,
                                   DATABASE.replace(f"hunter2hunter2  {MARK}", "!Ref DbPassword")),
    # Sibling rules: one severity each (CBfSnn beside CBf0nn, S = 2 error, 3 warning, 4 info).
    "CB2203": Case("CB2203", "error", "pseudo-parameter-missing", HEAD + """Resources:
  Bucket:
    Type: AWS::S3::Bucket
Outputs:
  A:
    Value: !Join [',', !Ref AWS::NotificationARNs]  # <-
""", lint_cases.BUCKET),
    "CB2309": Case("CB2309", "warning", "region-mapping", HEAD + """Mappings:
  Names:
    us-east-1: {Name: a}
    eu-west-1: {Name: b}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !FindInMap [Names, !Ref AWS::Region, Name]  # <-
""", lint_cases.BUCKET),
    "CB3015": Case("CB3015", "warning", "dynamic-protocol", HEAD + """Parameters:
  Proto: {Type: String, Default: tcp}
Resources:
  Web:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - IpProtocol: !Ref Proto  # <-
          FromPort: 443
          ToPort: 443
          CidrIp: 10.0.0.0/8
""", lint_cases.BUCKET),
    "CB3019": Case("CB3019", "warning", "subscription", HEAD + """Parameters:
  Proto: {Type: String}
Resources:
  Alerts:
    Type: AWS::SNS::Topic
    Properties:
      Subscription:
        - Protocol: !Ref Proto  # <-
          Endpoint: https://example.org/hook
""", lint_cases.BUCKET),
    "CB3203": Case("CB3203", "error", "property-lost", HEAD + """Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
      MapPublicIpOnLaunch: true
      OutpostArn: arn:aws:outposts:us-east-1:123456789012:outpost/op-1  # <-
""", lint_cases.BUCKET),
    "CB3209": Case("CB3209", "error", "unreadable-structure", HEAD + """Parameters:
  Addresses: {Type: CommaDelimitedList}
Resources:
  Eni:
    Type: AWS::EC2::NetworkInterface
    Properties:
      SubnetId: subnet-1
      PrivateIpAddresses: !Ref Addresses  # <-
""", lint_cases.BUCKET),
    "CB3210": Case("CB3210", "error", "image-unknown", HEAD + """Conditions:
  Arm: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  Server:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !If [Arm, ami-11111111, ami-22222222]  # <-
      InstanceType: !Ref Flavor
Parameters:
  Image: {Type: String, Default: cirros}
  Flavor: {Type: String, Default: m1.small}
""", lint_cases.BUCKET),
    "CB3213": Case("CB3213", "error", "unsupported-route", HEAD + """Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
      MapPublicIpOnLaunch: true
  Table:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  Peer:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref Table
      DestinationCidrBlock: 10.1.0.0/16
      VpcPeeringConnectionId: pcx-12345678  # <-
""", lint_cases.BUCKET),
    "CB3214": Case("CB3214", "error", "lb-target-type", HEAD + """Resources:
  Targets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda  # <-
""", lint_cases.BUCKET),
    "CB3301": Case("CB3301", "warning", "kms-key", HEAD + """Resources:
  Key:
    Type: AWS::KMS::Key  # <-
    Properties:
      KeyPolicy: {Version: '2012-10-17', Statement: []}
""", lint_cases.BUCKET),
    "CB3308": Case("CB3308", "warning", "output-removed", HEAD + """Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/r
      Code: {ZipFile: x}
      Handler: index.h
      Runtime: python3.12
Outputs:
  A:
    Value: !GetAtt Fn.Arn  # <-
""", lint_cases.BUCKET),
    "CB3401": Case("CB3401", "info", "log-group", HEAD + """Resources:
  Logs:
    Type: AWS::Logs::LogGroup  # <-
""", lint_cases.BUCKET),
    "CB3403": Case("CB3403", "info", "vpc-dns", HEAD + """Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
      EnableDnsSupport: true  # <-
""", lint_cases.BUCKET),
    "CB3408": Case("CB3408", "info", "depends-on-dropped", HEAD + """Resources:
  Bucket:
    Type: AWS::S3::Bucket
    DependsOn: Logs  # <-
  Logs:
    Type: AWS::Logs::LogGroup
""", lint_cases.BUCKET),
    "CB3410": Case("CB3410", "info", "image-from-profile", HEAD + """Resources:
  Server:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !FindInMap [Amis, !Ref AWS::Region, Image]  # <-
      InstanceType: !Ref Flavor
Parameters:
  Image: {Type: String, Default: cirros}
  Flavor: {Type: String, Default: m1.small}
Mappings:
  Amis:
    us-east-1: {Image: ami-0c55b159cbfafe1f0}
""", lint_cases.BUCKET, profile=SITE_PROFILE),
    "CB3414": Case("CB3414", "info", "lb-health-default", HEAD + """Parameters:
  Subnet: {Type: String}
Resources:
  Balancer:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      Subnets: [!Ref Subnet]
      Listeners:
        - {LoadBalancerPort: '80', InstancePort: '80', Protocol: HTTP}
      HealthCheck:
        Target: HTTP:80/
        HealthyThreshold: '3'
        UnhealthyThreshold: '5'  # <-
        Interval: '30'
        Timeout: '5'
""", lint_cases.BUCKET),
    "CB3415": Case("CB3415", "info", "security-group-name", HEAD + """Resources:
  Web:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          SourceSecurityGroupName: admin  # <-
""", lint_cases.BUCKET),
    "CB3416": Case("CB3416", "info", "launch-template-copied", HEAD + """Resources:
  Template:
    Type: AWS::EC2::LaunchTemplate  # <-
    Properties:
      LaunchTemplateData: {ImageId: ami-12345678, InstanceType: t3.micro}
""", lint_cases.BUCKET),
    "CB3417": Case("CB3417", "info", "member-stack", HEAD + """Parameters:
  Subnet: {Type: String}
  Image: {Type: String, Default: cirros}
  Flavor: {Type: String, Default: m1.small}
Resources:
  Launch:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties:
      ImageId: !Ref Image
      InstanceType: !Ref Flavor
  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      LaunchConfigurationName: !Ref Launch  # <-
      MinSize: '1'
      MaxSize: '3'
      VPCZoneIdentifier: [!Ref Subnet]
      LoadBalancerNames: [!Ref Balancer]
  ScaleUp:
    Type: AWS::AutoScaling::ScalingPolicy
    Properties:
      AutoScalingGroupName: !Ref Group
      AdjustmentType: ChangeInCapacity
      ScalingAdjustment: 1
  Balancer:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      Subnets: [!Ref Subnet]
      Listeners:
        - {LoadBalancerPort: '80', InstancePort: '80', Protocol: HTTP}
""", lint_cases.BUCKET),
    "CB3418": Case("CB3418", "info", "boot-volume", HEAD + """Resources:
  Server:
    Type: AWS::EC2::Instance
    Properties:
      BlockDeviceMappings:
        - DeviceName: /dev/xvda  # <-
          Ebs: {VolumeSize: 20}
      ImageId: !Ref Image
      InstanceType: !Ref Flavor
Parameters:
  Image: {Type: String, Default: cirros}
  Flavor: {Type: String, Default: m1.small}
""", lint_cases.BUCKET),
    "CB3419": Case("CB3419", "info", "queue-name", HEAD + """Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: jobs.v1  # <-
""", lint_cases.BUCKET),
    "CB5301": Case("CB5301", "warning", "snapshot-policy", HEAD + """Resources:
  Db:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot  # <-
    Properties:
      Engine: mysql
      DBInstanceClass: db.t3.micro
      AllocatedStorage: '20'
      MasterUsername: admin
      MasterUserPassword: !Ref Pw
Parameters:
  Pw: {Type: String, NoEcho: true}
""", lint_cases.BUCKET),
    "CB5404": Case("CB5404", "info", "update-setting", HEAD + """Parameters:
  Subnet: {Type: String}
  Image: {Type: String, Default: cirros}
  Flavor: {Type: String, Default: m1.small}
Resources:
  Launch:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties:
      ImageId: !Ref Image
      InstanceType: !Ref Flavor
  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
    UpdatePolicy:
      AutoScalingScheduledAction: {IgnoreUnmodifiedGroupSizeProperties: true}  # <-
    Properties:
      LaunchConfigurationName: !Ref Launch
      MinSize: '1'
      MaxSize: '3'
      VPCZoneIdentifier: [!Ref Subnet]
  ScaleUp:
    Type: AWS::AutoScaling::ScalingPolicy
    Properties:
      AutoScalingGroupName: !Ref Group
      AdjustmentType: ChangeInCapacity
      ScalingAdjustment: 1
""", lint_cases.BUCKET),
    "CB6405": Case("CB6405", "info", "secret-generated", HEAD + """Resources:
  DbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString: {PasswordLength: 20}  # <-
""", lint_cases.BUCKET),
}


def _lint(tmp_path, case: Case, text: str):
    for name, content in case.files:
        (tmp_path / name).write_text(content, encoding="utf-8")
    path = tmp_path / "template.yaml"
    path.write_text(text, encoding="utf-8")
    profile = None
    if case.profile:
        profile = tmp_path / "profile.yaml"
        profile.write_text(case.profile, encoding="utf-8")
    return lint([str(path)], target=case.target, profile=profile).diagnostics


def _marked_line(text: str) -> int:
    marked = [number for number, line in enumerate(text.splitlines(), 1) if line.rstrip().endswith(MARK)]
    assert len(marked) == 1, f"a bad template marks exactly one line, not {marked}"
    return marked[0]


def test_every_rule_has_a_good_and_a_bad_template() -> None:
    covered = set(lint_cases.CASES) | {case.rule_id for case in CASES.values()}
    assert set(NO_TEMPLATE) <= set(RULES)
    assert not covered & set(NO_TEMPLATE)
    missing = sorted(set(RULES) - covered - set(NO_TEMPLATE))
    assert missing == [], f"add a bad and a good template for {missing} (tests/lint_cases.py or this module)"
    assert covered <= set(RULES), f"cases for unregistered rules: {sorted(covered - set(RULES))}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_is_well_formed(name: str) -> None:
    case = CASES[name]
    assert case.rule_id in RULES and case.severity in ("info", "warning", "error")
    assert name.split("-")[0] == case.rule_id
    assert case.gap is None or case.gap in gap_codes_of(case.rule_id)
    assert MARK not in case.good
    _marked_line(case.bad)


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=case.known_issue)) if case.known_issue else name
    for name, case in sorted(CASES.items())])
def test_bad_template_triggers_the_rule_once_at_the_marked_line(tmp_path, name: str) -> None:
    case = CASES[name]
    diagnostics = _lint(tmp_path, case, case.bad)
    found = [(d.rule_id, d.severity, d.line, d.gap) for d in diagnostics if d.rule_id == case.rule_id]
    expected = [(case.rule_id, case.severity, _marked_line(case.bad), case.gap)]
    assert found == expected, [d.to_text() for d in diagnostics]
    finding = next(d for d in diagnostics if d.rule_id == case.rule_id)
    assert finding.message and finding.column >= 1 and finding.file.endswith("template.yaml")


@pytest.mark.parametrize("name", sorted(CASES))
def test_good_template_does_not_trigger_the_rule(tmp_path, name: str) -> None:
    case = CASES[name]
    diagnostics = _lint(tmp_path, case, case.good)
    assert [d.to_text() for d in diagnostics if d.rule_id == case.rule_id] == []
