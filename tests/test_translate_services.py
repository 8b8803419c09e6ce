"""RDS, S3, Route 53, SQS, SNS, nested stacks, wait conditions, IAM and Lambda, judged by Heat."""

from __future__ import annotations

import pytest

import cfnbridge
from cfnbridge.translation import translate


def _translate(text: str, to: str = "hot", **options):
    return translate(cfnbridge.load(text, filename="t.yaml"), to=to, **options)


def _gaps(result) -> set[tuple[str, str, int]]:
    return {(g.code, g.severity, g.location.line) for g in result.gaps}


RDS = """\
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  DBPassword: {Type: String, NoEcho: true, MinLength: 8, Default: change_me_123}
Resources:
  DB:
    Type: AWS::RDS::DBInstance
    Properties:
      DBInstanceClass: db.t3.micro
      AllocatedStorage: '20'
      Engine: postgres
      EngineVersion: '13.4'
      DBName: app
      MasterUsername: admin
      MasterUserPassword: !Ref DBPassword
      MultiAZ: true
      StorageEncrypted: true
Outputs:
  Url: {Value: !Sub 'postgres://${DB.Endpoint.Address}:${DB.Endpoint.Port}/app'}
"""


def test_rds_instance_becomes_trove(heat_validate) -> None:
    result = _translate(RDS)
    resources = result.template["resources"]
    assert resources["DB"] == {"type": "OS::Trove::Instance", "properties": {
        "datastore_type": "postgresql", "datastore_version": "13.4", "databases": [{"name": "app"}],
        "users": [{"name": "admin", "databases": ["app"], "password": {"get_param": "DBPassword"}}],
        "flavor": {"get_param": "Flavor"}, "size": 20}}
    assert resources["DBPort"] == {"type": "OS::Heat::Value", "properties": {"type": "number", "value": 5432}}
    assert result.template["parameters"]["DBPassword"]["hidden"] is True
    params = result.template["outputs"]["Url"]["value"]["str_replace"]["params"]
    assert params == {"${DB.Endpoint.Address}": {"get_attr": ["DB", "hostname"]},
                      "${DB.Endpoint.Port}": {"get_attr": ["DBPort", "value"]}}
    assert {("property-dropped", "warning", 15), ("property-dropped", "warning", 16),
            ("master-user", "warning", 13), ("datastore", "warning", 11)} <= _gaps(result)
    assert heat_validate(result.template) == []


def test_rds_native_keeps_mysql_and_translates_other_engines(heat_validate) -> None:
    result = _translate(RDS, to="native")
    assert result.template["Resources"]["DB"]["Type"] == "OS::Trove::Instance"  # Heat's own runs MySQL only
    assert heat_validate(result.template) == []
    mysql = _translate(RDS.replace("Engine: postgres", "Engine: MySQL").replace("      EngineVersion: '13.4'\n", "")
                       .replace(":${DB.Endpoint.Port}", ""), to="native")
    db = mysql.template["Resources"]["DB"]
    assert db["Type"] == "AWS::RDS::DBInstance"
    assert "MultiAZ" not in db["Properties"]
    assert ("unsupported-property", "warning", 15) in _gaps(mysql)
    assert heat_validate(mysql.template) == []


def test_rds_literal_password_becomes_hidden_parameter() -> None:
    result = _translate(RDS.replace("!Ref DBPassword", "hunter2hunter2"))
    hot = result.template
    assert hot["resources"]["DB"]["properties"]["users"][0]["password"] == {"get_param": "DBMasterUserPassword"}
    assert hot["parameters"]["DBMasterUserPassword"] == {
        "type": "string", "hidden": True, "description": "master password of DB"}
    assert "hunter2" not in result.to_yaml()
    assert ("master-password", "warning", 14) in _gaps(result)


S3 = """\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Site:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: my-site
      AccessControl: PublicRead
      Tags: [{Key: team, Value: web}]
      VersioningConfiguration: {Status: Enabled}
  Shared:
    Type: AWS::S3::Bucket
    Properties: {AccessControl: PublicReadWrite}
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties: {Bucket: !Ref Site, PolicyDocument: {}}
Outputs:
  Url: {Value: !GetAtt Site.WebsiteURL}
"""


def test_s3_bucket_becomes_swift_container(heat_validate) -> None:
    result = _translate(S3)
    resources = result.template["resources"]
    assert resources["Site"] == {"type": "OS::Swift::Container", "properties": {
        "name": "my-site", "X-Container-Read": ".r:*,.rlistings", "X-Container-Meta": {"team": "web"}}}
    assert resources["Shared"]["properties"] == {"X-Container-Read": ".r:*,.rlistings"}
    assert "Policy" not in resources
    assert {("property-dropped", "warning", 9), ("acl-approximated", "warning", 12),
            ("bucket-policy", "warning", 14)} <= _gaps(result)
    assert heat_validate(result.template) == []
    native = _translate(S3, to="native")
    assert native.template["Resources"]["Site"]["Properties"]["AccessControl"] == "PublicRead"
    assert heat_validate(native.template) == []


ROUTE53 = """\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Zone:
    Type: AWS::Route53::HostedZone
    Properties: {Name: example.org, HostedZoneConfig: {Comment: main}}
  Www:
    Type: AWS::Route53::RecordSet
    Properties:
      HostedZoneId: !Ref Zone
      Name: www.example.org
      Type: A
      TTL: '300'
      ResourceRecords: [192.0.2.10]
      Weight: 10
      SetIdentifier: blue
  Group:
    Type: AWS::Route53::RecordSetGroup
    Properties:
      HostedZoneName: example.org.
      RecordSets:
        - {Name: api.example.org., Type: CNAME, TTL: 60, ResourceRecords: [www.example.org.]}
        - {Name: lb.example.org., Type: A, AliasTarget: {DNSName: x.elb.amazonaws.com, HostedZoneId: Z1}}
        - {Name: txt.example.org., Type: TXT, ResourceRecords: ['"v=spf1 -all"']}
"""


def test_route53_becomes_designate(heat_validate) -> None:
    result = _translate(ROUTE53)
    resources = result.template["resources"]
    assert resources["Zone"]["properties"] == {"name": "example.org.", "description": "main",
                                               "email": {"get_param": "ZoneEmail"}}
    assert resources["Www"]["properties"] == {"zone": {"get_resource": "Zone"}, "name": "www.example.org.",
                                              "type": "A", "records": ["192.0.2.10"], "ttl": 300}
    assert resources["Group"]["properties"]["name"] == "api.example.org."
    assert resources["Group2"]["properties"] == {"zone": "example.org.", "name": "txt.example.org.",
                                                 "type": "TXT", "records": ['"v=spf1 -all"']}
    assert {("routing-policy", "warning", 14), ("routing-policy", "warning", 15),
            ("alias-record", "error", 22), ("zone-email", "info", 4)} <= _gaps(result)
    assert heat_validate(result.template) == []


def test_route53_zone_email_from_profile(tmp_path) -> None:
    profile = tmp_path / "site.yaml"
    profile.write_text("dns_domain: cloud.example.net.\n")
    result = translate(cfnbridge.load(ROUTE53, filename="t.yaml"), profile=str(profile))
    assert result.template["resources"]["Zone"]["properties"]["email"] == "hostmaster@cloud.example.net"


QUEUES = """\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Dead:
    Type: AWS::SQS::Queue
    Properties: {QueueName: orders-dead.fifo, FifoQueue: true}
  Orders:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: 86400
      DelaySeconds: 5
      VisibilityTimeout: 60
      RedrivePolicy: {deadLetterTargetArn: !GetAtt Dead.Arn, maxReceiveCount: 3}
  Alerts:
    Type: AWS::SNS::Topic
    Properties:
      Subscription:
        - {Protocol: email, Endpoint: ops@example.org}
        - {Protocol: sqs, Endpoint: !GetAtt Orders.Arn}
  Hook:
    Type: AWS::SNS::Subscription
    Properties: {TopicArn: !Ref Alerts, Protocol: https, Endpoint: 'https://hooks.example.org/x'}
Outputs:
  Url: {Value: !Ref Orders}
  Name: {Value: !GetAtt Orders.QueueName}
"""


def test_sqs_and_sns_become_zaqar(heat_validate) -> None:
    result = _translate(QUEUES)
    resources = result.template["resources"]
    assert resources["Dead"]["properties"] == {"name": "orders-dead"}
    assert resources["Orders"]["properties"] == {"metadata": {
        "_default_message_ttl": 86400, "_default_message_delay": 5,
        "_dead_letter_queue": {"get_resource": "Dead"}, "_max_claim_count": 3}}
    assert resources["AlertsSubscription1"]["properties"] == {
        "queue_name": {"get_resource": "Alerts"}, "subscriber": "mailto:ops@example.org"}
    assert "AlertsSubscription2" not in resources
    assert resources["Hook"]["properties"] == {"queue_name": {"get_resource": "Alerts"},
                                               "subscriber": "https://hooks.example.org/x"}
    assert result.template["outputs"] == {"Url": {"value": {"get_attr": ["Orders", "href"]}},
                                          "Name": {"value": {"get_resource": "Orders"}}}
    assert {("fifo-queue", "warning", 5), ("queue-name", "info", 5), ("visibility-timeout", "warning", 11),
            ("subscription-lost", "error", 18), ("topic-as-queue", "warning", 14)} <= _gaps(result)
    assert heat_validate(result.template) == []


NESTED = """\
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: {Type: String, Default: dev}
Resources:
  Network:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://s3.amazonaws.com/templates/network.yaml
      Parameters: {Env: !Ref Env}
      TimeoutInMinutes: '20'
Outputs:
  Vpc: {Value: !GetAtt Network.Outputs.VpcId}
"""


def test_nested_stack(heat_validate) -> None:
    result = _translate(NESTED)
    hot = result.template
    assert hot["resources"]["Network"] == {"type": "OS::Heat::Stack", "properties": {
        "template": {"get_param": "NetworkTemplate"}, "parameters": {"Env": {"get_param": "Env"}}, "timeout": 20}}
    assert hot["parameters"]["NetworkTemplate"]["type"] == "string"
    assert hot["outputs"]["Vpc"] == {"value": {"get_attr": ["Network", "outputs", "VpcId"]}}
    assert ("nested-template", "warning", 8) in _gaps(result)
    assert heat_validate(hot) == []
    native = _translate(NESTED, to="native")
    assert native.template["Resources"]["Network"]["Type"] == "AWS::CloudFormation::Stack"
    assert native.template["Outputs"]["Vpc"] == {"Value": {"Fn::GetAtt": ["Network", "Outputs.VpcId"]}}
    assert not [g for g in native.gaps if g.code == "unsupported-attribute"]
    assert heat_validate(native.template) == []


WAIT = """\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Handle:
    Type: AWS::CloudFormation::WaitConditionHandle
  Wait:
    Type: AWS::CloudFormation::WaitCondition
    Properties: {Handle: !Ref Handle, Timeout: '900', Count: 2}
Outputs:
  Signal: {Value: !Sub "cfn-signal -e 0 '${Handle}'"}
  Data: {Value: !GetAtt Wait.Data}
"""


def test_wait_condition(heat_validate) -> None:
    result = _translate(WAIT)
    hot = result.template
    assert hot["resources"]["Handle"] == {"type": "OS::Heat::WaitConditionHandle"}
    assert hot["resources"]["Wait"]["properties"] == {"handle": {"get_resource": "Handle"}, "timeout": 900,
                                                      "count": 2}
    assert hot["outputs"]["Signal"]["value"]["str_replace"]["params"] == {
        "${Handle}": {"get_attr": ["Handle", "endpoint"]}}
    assert ("wait-handle-signal", "error", 9) in _gaps(result)
    assert heat_validate(hot) == []
    native = _translate(WAIT, to="native")
    assert native.template["Resources"]["Handle"] == {"Type": "AWS::CloudFormation::WaitConditionHandle"}
    assert not native.gaps_at_least("warning")
    assert heat_validate(native.template) == []


LAMBDA = """\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties: {AssumeRolePolicyDocument: {}}
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.12, Handler: index.handler, Role: !GetAtt Role.Arn, Code: {ZipFile: x}}
  Seed:
    Type: Custom::Seed
    Properties: {ServiceToken: !GetAtt Fn.Arn}
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      Tags: [{Key: fn, Value: !Ref Fn}]
  Key:
    Type: AWS::IAM::AccessKey
    Properties: {UserName: someone}
Outputs:
  Fn: {Value: !GetAtt Fn.Arn}
"""


@pytest.mark.parametrize("to", ["hot", "native"])
def test_iam_lambda_and_custom_resources_are_gaps(to, heat_validate) -> None:
    result = _translate(LAMBDA, to=to)
    resources = result.template["resources" if to == "hot" else "Resources"]
    assert set(resources) == ({"Bucket"} if to == "hot" else {"Bucket", "Key"})
    gaps = _gaps(result)
    assert {("iam-role", "warning", 4), ("no-openstack-meaning", "error", 7), ("custom-resource", "error", 10),
            ("reference-to-omitted", "error", 15), ("reference-to-omitted", "error", 20)} <= gaps
    if to == "hot":
        assert ("iam-access-key", "error", 17) in gaps
        # Fn is not translated: its id became a parameter, reported where the reference is
        assert resources["Bucket"]["properties"] == {"X-Container-Meta": {"fn": {"get_param": "FnId"}}}
        assert "reference-parameter" in {code for code, _, _ in gaps}


@pytest.mark.parametrize("to", ["hot", "native"])
def test_placeholder_keeps_omitted_resources(to, heat_validate) -> None:
    result = _translate(LAMBDA, to=to, placeholder=True)
    resources = result.template["resources" if to == "hot" else "Resources"]
    kind = "type" if to == "hot" else "Type"
    assert resources["Fn"] == {kind: "OS::Heat::None"}
    assert resources["Seed"] == {kind: "OS::Heat::None"}
    assert {("reference-to-placeholder", "warning", 15), ("reference-to-placeholder", "warning", 20)} <= _gaps(result)
    assert heat_validate(result.template) == []


def test_secret_is_generated_by_heat(heat_validate) -> None:
    result = _translate("""\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Secret:
    Type: AWS::SecretsManager::Secret
    Properties: {Name: db, GenerateSecretString: {PasswordLength: 20, ExcludeCharacters: '"@/'}}
""")
    resources = result.template["resources"]
    assert list(resources) == ["Secret", "SecretValue"]
    assert resources["Secret"]["properties"] == {"name": "db", "secret_type": "opaque",
                                                 "payload": {"get_attr": ["SecretValue", "value"]},
                                                 "payload_content_type": "text/plain"}
    assert resources["SecretValue"] == {"type": "OS::Heat::RandomString", "properties": {
        "length": 20, "character_classes": [{"class": "lettersdigits", "min": 1}]}}
    assert heat_validate(result.template) == []
