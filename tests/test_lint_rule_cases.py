"""One bad and one good template for every registered lint rule, checked exactly.

``tests/lint_cases.py`` holds the cases of most rules. The cases here cover the rest: the rules
that restate gaps reported by the translator's handlers (CB3013-CB3019, CB6005) and Heat's
limits (CB1010-CB1012). Each bad template is small, realistic CloudFormation that triggers the
rule exactly once, at the line marked ``# <-``, with the severity (and, for gaps, the gap code)
given here; its good variant does not trigger the rule. ``test_every_rule_has_a_good_and_a_bad_template``
joins both tables, so a rule added to the registry without cases fails.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cfnbridge.gap_codes import codes_for
from cfnbridge.linting import RULES, lint
from tests import lint_cases

# Rules no template can trigger on purpose, with the test that covers them instead.
NO_TEMPLATE = {
    "CB1999": "an internal error: the translator or a rule crashed (tests/test_lint_rules.py makes one crash)",
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
    "CB3015": Case("CB3015", "error", "rule-without-source", SECURITY_GROUP,
                   SECURITY_GROUP.replace(f"  {MARK}", "") + "          CidrIp: 10.0.0.0/8\n"),
    "CB3016": Case("CB3016", "error", "scaling-policy", SCALING + TARGET_TRACKING, SCALING + SIMPLE_SCALING),
    "CB3017": Case("CB3017", "warning", "nested-template", NESTED_STACK, WAIT_CONDITION),
    "CB3017-wait-handle": Case(
        "CB3017", "error", "wait-handle-signal", WAIT_CONDITION + SIGNAL_IN_USER_DATA, WAIT_CONDITION),
    "CB3018": Case("CB3018", "warning", "scratch-disk", SERVER + SCRATCH_DISK, SERVER),
    "CB3019": Case("CB3019", "error", "subscription", TOPIC,
                   TOPIC.replace(f"lambda  {MARK}", "https").replace("!Ref HandlerArn", "https://example.org/hook")),
    "CB6005": Case("CB6005", "warning", "generated-secret", GENERATED_SECRET, GIVEN_SECRET),
    "CB6005-master-password": Case("CB6005", "warning", "master-password", DATABASE,
                                   DATABASE.replace(f"hunter2hunter2  {MARK}", "!Ref DbPassword")),
}


def _lint(tmp_path, case: Case, text: str):
    for name, content in case.files:
        (tmp_path / name).write_text(content, encoding="utf-8")
    path = tmp_path / "template.yaml"
    path.write_text(text, encoding="utf-8")
    return lint([str(path)], target=case.target).diagnostics


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
    assert case.gap is None or case.gap in codes_for(case.rule_id)
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
