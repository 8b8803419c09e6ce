"""Auto Scaling, load balancers and alarms: Heat autoscaling, Octavia and Aodh.

Each test translates a small template both ways and checks the output properties that
carry the meaning, the gaps (code, severity, line), and that Heat's own validator accepts
the result, including the member definition of a scaling group, which Heat itself only
reads when it creates members.
"""

from __future__ import annotations

import pytest
import yaml

from cfnbridge.errors import CfnBridgeError
from cfnbridge.template import load
from cfnbridge.translation import translate
from tests.conftest import corpus_templates

pytest.importorskip("heat")

from cfnbridge.testing.heat_validator import validate  # noqa: E402

ASG_BEHIND_ALB = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Subnets: {Type: "List<AWS::EC2::Subnet::Id>"}
  VpcId: {Type: "AWS::EC2::VPC::Id"}
  KeyName: {Type: String}
Resources:
  WebSg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      VpcId: !Ref VpcId
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0}]
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Subnets: !Ref Subnets, SecurityGroups: [!Ref WebSg]}
  WebTargets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: {VpcId: !Ref VpcId, Protocol: HTTP, Port: 80, HealthCheckPath: /health, Matcher: {HttpCode: "200"}}
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 80
      Protocol: HTTP
      DefaultActions: [{Type: forward, TargetGroupArn: !Ref WebTargets}]
  LaunchConfig:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties:
      ImageId: ami-12345678
      InstanceType: t3.small
      KeyName: !Ref KeyName
      SecurityGroups: [!Ref WebSg]
      UserData: !Base64 |
        #!/bin/bash
        yum install -y httpd
  WebGroup:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      LaunchConfigurationName: !Ref LaunchConfig
      MinSize: "2"
      MaxSize: "6"
      VPCZoneIdentifier: !Ref Subnets
      TargetGroupARNs: [!Ref WebTargets]
      HealthCheckType: ELB
      HealthCheckGracePeriod: 300
      Tags: [{Key: role, Value: web, PropagateAtLaunch: true}]
    UpdatePolicy:
      AutoScalingRollingUpdate: {MaxBatchSize: 1, MinInstancesInService: 1, PauseTime: PT5M}
  ScaleUp:
    Type: AWS::AutoScaling::ScalingPolicy
    Properties: {AdjustmentType: ChangeInCapacity, AutoScalingGroupName: !Ref WebGroup, Cooldown: "60",
                 ScalingAdjustment: 1}
  ScaleDown:
    Type: AWS::AutoScaling::ScalingPolicy
    Properties: {AdjustmentType: ChangeInCapacity, AutoScalingGroupName: !Ref WebGroup, Cooldown: "60",
                 ScalingAdjustment: -1}
  CpuHigh:
    Type: AWS::CloudWatch::Alarm
    Properties:
      MetricName: CPUUtilization
      Namespace: AWS/EC2
      Statistic: Average
      Period: 300
      EvaluationPeriods: 2
      Threshold: 70
      ComparisonOperator: GreaterThanThreshold
      AlarmActions: [!Ref ScaleUp]
      Dimensions: [{Name: AutoScalingGroupName, Value: !Ref WebGroup}]
  CpuLow:
    Type: AWS::CloudWatch::Alarm
    Properties:
      MetricName: CPUUtilization
      Namespace: AWS/EC2
      Statistic: Average
      Period: 300
      EvaluationPeriods: 2
      Threshold: 20
      ComparisonOperator: LessThanThreshold
      AlarmActions: [!Ref ScaleDown, "arn:aws:sns:us-east-1:123456789012:ops"]
      Dimensions: [{Name: AutoScalingGroupName, Value: !Ref WebGroup}]
Outputs:
  Url: {Value: !GetAtt Alb.DNSName}
"""

PLAIN_GROUP = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Config:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties: {ImageId: ami-1, InstanceType: m5.large, SpotPrice: "0.05"}
  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      LaunchConfigurationName: !Ref Config
      MinSize: 1
      MaxSize: 3
      AvailabilityZones: [nova]
  Tracking:
    Type: AWS::AutoScaling::ScalingPolicy
    Properties:
      AutoScalingGroupName: !Ref Group
      PolicyType: TargetTrackingScaling
      TargetTrackingConfiguration:
        PredefinedMetricSpecification: {PredefinedMetricType: ASGAverageCPUUtilization}
        TargetValue: 50
  Nightly:
    Type: AWS::AutoScaling::ScheduledAction
    Properties: {AutoScalingGroupName: !Ref Group, MinSize: 0, MaxSize: 0, Recurrence: "0 22 * * *"}
"""

CLASSIC = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  WebAddress: {Type: String}
Resources:
  Elb:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      AvailabilityZones: !GetAZs ""
      CrossZone: true
      Instances: [!Ref WebAddress]
      Listeners:
        - {LoadBalancerPort: "80", InstancePort: "8080", Protocol: HTTP, PolicyNames: [Sticky]}
        - {LoadBalancerPort: "443", InstancePort: "8080", Protocol: HTTPS, SSLCertificateId: arn:aws:iam::1:cert/x}
      LBCookieStickinessPolicy: [{PolicyName: Sticky}]
      HealthCheck: {Target: "HTTP:8081/health", HealthyThreshold: "3", UnhealthyThreshold: "5", Interval: "10",
                    Timeout: "5"}
      Scheme: internal
Outputs:
  Dns: {Value: !GetAtt Elb.DNSName}
"""

NLB = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Nlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Type: network, Scheme: internal, Subnets: [subnet-1, subnet-2]}
  DbTargets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: {Protocol: TCP, Port: 5432, TargetType: ip, Targets: [{Id: 10.0.0.5}]}
  DbListener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Nlb
      Port: 5432
      Protocol: TCP
      DefaultActions: [{Type: forward, TargetGroupArn: !Ref DbTargets}]
"""

RULES = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Scheme: internal, Subnets: [subnet-1]}
  Api:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: {Protocol: HTTP, Port: 8080, TargetType: ip, Targets: [{Id: 10.0.0.7}]}
  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 443
      Protocol: HTTPS
      Certificates: [{CertificateArn: arn:aws:acm:us-east-1:1:certificate/x}]
      DefaultActions: [{Type: redirect, RedirectConfig: {Protocol: HTTPS, Host: "#{host}", StatusCode: HTTP_301}}]
  ApiRule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Https
      Priority: 10
      Actions: [{Type: forward, TargetGroupArn: !Ref Api}]
      Conditions:
        - {Field: path-pattern, Values: ["/api/*"]}
        - {Field: host-header, HostHeaderConfig: {Values: [api.example.com, "*.api.example.com"]}}
  PingRule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Https
      Priority: 5
      Actions: [{Type: fixed-response, FixedResponseConfig: {StatusCode: "200"}}]
      Conditions: [{Field: query-string, QueryStringConfig: {Values: [{Key: a, Value: b}]}}]
"""


def run(text: str, to: str):
    return translate(load(text, filename="t.yaml"), to=to)


def gaps(result) -> set[tuple[str, str, int]]:
    return {(g.code, g.severity, g.location.line) for g in result.gaps}


def props(result, name: str) -> dict:
    body = result.template["resources" if result.to == "hot" else "Resources"][name]
    return body["properties" if result.to == "hot" else "Properties"]


def test_asg_behind_alb_with_cpu_alarms_hot() -> None:
    result = run(ASG_BEHIND_ALB, "hot")
    assert validate(result.template) == []
    resources = result.template["resources"]
    assert "LaunchConfig" not in resources
    group = props(result, "WebGroup")
    assert (group["min_size"], group["max_size"]) == (2, 6)
    assert group["rolling_updates"] == {"max_batch_size": 1, "min_in_service": 1, "pause_time": 300}
    member = group["resource"]
    assert member["type"] == "OS::Heat::Stack"
    assert member["properties"]["parameters"]["member1_pool"] == {"get_resource": "WebTargets"}
    assert member["properties"]["parameters"]["networks_0_subnet"] == {"get_param": ["Subnets", 0]}
    nested = yaml.safe_load(member["properties"]["template"])
    assert validate(member["properties"]["template"]) == []
    server = nested["resources"]["server"]["properties"]
    assert server["security_groups"] == [{"get_param": "security_groups_0"}]
    assert server["metadata"]["role"] == "web"
    assert server["user_data"].startswith("#!/bin/bash")
    assert nested["resources"]["member1"]["properties"]["protocol_port"] == 80
    assert props(result, "ScaleUp") == {"auto_scaling_group_id": {"get_resource": "WebGroup"},
                                        "adjustment_type": "change_in_capacity", "scaling_adjustment": 1,
                                        "cooldown": 60}
    assert props(result, "ScaleDown")["scaling_adjustment"] == -1
    high = props(result, "CpuHigh")
    assert (high["metric"], high["aggregation_method"], high["comparison_operator"]) == ("cpu", "rate:mean", "gt")
    assert (high["granularity"], high["evaluation_periods"], high["threshold"]) == (300, 2, 70 * 300 * 1e7)
    assert high["alarm_actions"] == [{"list_join": ["", ["trust+", {"get_attr": ["ScaleUp", "signal_url"]}]]}]
    group_tag = {"list_join": ["-", [{"get_param": "OS::stack_id"}, "WebGroup"]]}
    assert high["query"] == {"list_join": ["", ['{"=": {"server_group": "', group_tag, '"}}']]}
    assert member["properties"]["parameters"]["metadata_metering_server_group"] == group_tag
    assert props(result, "CpuLow")["alarm_actions"] == [
        {"list_join": ["", ["trust+", {"get_attr": ["ScaleDown", "signal_url"]}]]}]
    assert props(result, "Listener")["default_pool"] == {"get_resource": "WebTargets"}
    monitor = props(result, "WebTargetsMonitor")
    assert (monitor["type"], monitor["url_path"], monitor["expected_codes"]) == ("HTTP", "/health", "200")
    # internet-facing: the public address is the floating IP on the VIP port, not the private VIP
    assert result.template["outputs"]["Url"]["value"] == {"get_attr": ["AlbFloatingIP", "floating_ip_address"]}
    found = gaps(result)
    assert {("type-not-needed", "info", 27), ("lb-security-groups", "error", 15),
            ("member-stack", "info", 39), ("health-check", "warning", 44), ("property-not-needed", "info", 45),
            ("alarm-metric", "warning", 65), ("alarm-action", "warning", 79), ("dns-name", "warning", 82)} <= found
    assert not any(code == "update-policy" for code, _, _ in found)


def test_asg_behind_alb_native() -> None:
    result = run(ASG_BEHIND_ALB, "native")
    assert validate(result.template) == []
    resources = result.template["Resources"]
    # Heat's own AWS group needs AvailabilityZones and knows no target groups: the OS:: group is used.
    assert resources["WebGroup"]["Type"] == "OS::Heat::AutoScalingGroup"
    assert resources["WebGroup"]["Properties"]["resource"]["type"] == "OS::Heat::Stack"
    assert resources["ScaleUp"]["Type"] == "AWS::AutoScaling::ScalingPolicy"
    # Heat's own AWS alarm needs the removed Ceilometer API: the Gnocchi alarm is used, signalling
    # the native policy through its pre-signed AlarmUrl.
    assert resources["CpuHigh"]["Type"] == "OS::Aodh::GnocchiAggregationByResourcesAlarm"
    assert resources["CpuHigh"]["Properties"]["alarm_actions"] == [{"Fn::GetAtt": ["ScaleUp", "AlarmUrl"]}]
    assert resources["Alb"]["Type"] == "OS::Octavia::LoadBalancer"
    assert resources["Listener"]["Properties"]["default_pool"] == {"Ref": "WebTargets"}
    assert {("member-stack", "info", 39), ("health-check", "warning", 44)} <= gaps(result)


def test_plain_group_policies_and_scheduled_action() -> None:
    result = run(PLAIN_GROUP, "hot")
    group = props(result, "Group")
    assert group["resource"]["type"] == "OS::Nova::Server"
    assert group["resource"]["properties"]["availability_zone"] == "nova"
    assert "Nightly" not in result.template["resources"]
    found = gaps(result)
    assert {("type-not-needed", "info", 4), ("unsupported-property", "warning", 5),
            ("scaling-policy", "warning", 19), ("scheduled-action", "warning", 22)} <= found
    assert props(result, "Tracking")["adjustment_type"] == "change_in_capacity"
    native = run(PLAIN_GROUP, "native")
    assert validate(native.template) == []
    assert native.template["Resources"]["Group"]["Type"] == "AWS::AutoScaling::AutoScalingGroup"
    assert native.template["Resources"]["Tracking"]["Type"] == "OS::Heat::ScalingPolicy"


def test_classic_elb_hot_and_native() -> None:
    result = run(CLASSIC, "hot")
    assert validate(result.template) == []
    resources = result.template["resources"]
    assert "ElbFloatingIP" not in resources  # internal
    assert props(result, "ElbListener1")["protocol"] == "HTTP"
    assert props(result, "ElbListener1")["protocol_port"] == 80
    assert props(result, "ElbListener2")["protocol"] == "TERMINATED_HTTPS"
    assert props(result, "ElbListener2")["default_tls_container_ref"] == {"get_param": "ElbListener2TlsContainer"}
    assert props(result, "ElbPool1")["session_persistence"] == {"type": "HTTP_COOKIE"}
    member = props(result, "ElbPool1Member1")
    assert (member["protocol_port"], member["monitor_port"]) == (8080, 8081)
    assert props(result, "ElbMonitor1") == {"pool": {"get_resource": "ElbPool1"}, "type": "HTTP", "delay": 10,
                                           "timeout": 5, "max_retries": 3, "url_path": "/health"}
    assert {("lb-subnets", "warning", 6), ("lb-target", "warning", 10), ("tls-certificate", "warning", 13),
            ("dns-name", "warning", 19)} <= gaps(result)
    native = run(CLASSIC, "native")
    assert native.template["Resources"]["Elb"]["Type"] == "AWS::ElasticLoadBalancing::LoadBalancer"
    assert len(native.template["Resources"]["Elb"]["Properties"]["Listeners"]) == 1
    assert validate(native.template) == []
    assert ("lb-protocol-lost", "error", 13) in gaps(native)


@pytest.mark.parametrize("to", ["hot", "native"])
def test_nlb_tcp_listener(to: str) -> None:
    result = run(NLB, to)
    assert validate(result.template) == []
    assert props(result, "DbListener")["protocol"] == "TCP"
    assert props(result, "DbTargets")["protocol"] == "TCP"
    assert props(result, "DbTargetsMonitor")["type"] == "TCP"
    assert props(result, "DbTargetsMonitor")["timeout"] == 10
    assert props(result, "DbTargetsMember1")["address"] == "10.0.0.5"
    assert props(result, "Nlb")["vip_subnet"] == "subnet-1"
    assert ("lb-subnets", "warning", 5) in gaps(result)


@pytest.mark.parametrize("to", ["hot", "native"])
def test_listener_rules_become_l7_policies(to: str) -> None:
    result = run(RULES, to)
    assert validate(result.template) == []
    assert props(result, "ApiRule")["action"] == "REDIRECT_TO_POOL"
    assert props(result, "ApiRuleCondition1")["compare_type"] == "STARTS_WITH"
    assert props(result, "ApiRuleCondition1")["value"] == "/api/"
    assert props(result, "ApiRuleCondition2")["value"] == r"^(api\.example\.com|.*\.api\.example\.com)$"
    assert props(result, "PingRule")["action"] == "REJECT"
    resources = result.template["resources" if to == "hot" else "Resources"]
    depends = "depends_on" if to == "hot" else "DependsOn"
    assert resources["ApiRule"][depends] == "PingRule"  # created in priority order
    assert resources["HttpsDefaultAction"][depends] == ["PingRule", "ApiRule"]
    assert {("lb-redirect", "warning", 16), ("tls-certificate", "warning", 15), ("lb-action", "warning", 31),
            ("lb-condition", "warning", 32)} <= gaps(result)


def test_corpus_with_these_types_translates_and_validates() -> None:
    kinds = ("AWS::AutoScaling", "AWS::ElasticLoadBalancing", "AWS::CloudWatch")
    checked = 0
    for path in corpus_templates():
        for to in ("hot", "native"):
            try:
                result = translate(path, to=to)
            except CfnBridgeError:
                continue
            if not any(r.type.startswith(kinds) for r in result.source.resources.values()):
                continue
            if not result.gaps_at_least("error"):
                assert validate(result.template) == [], path
                checked += 1
    assert checked >= 15
