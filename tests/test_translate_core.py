"""The translation engine on small templates: functions, sections, determinism, both dialects."""

from __future__ import annotations

import pytest

import cfnbridge
from cfnbridge.translation import translate

BASE = """
AWSTemplateFormatVersion: '2010-09-09'
Description: core
Parameters:
  Env: {Type: String, Default: dev, AllowedValues: [dev, prod], Description: stage}
  Count: {Type: Number, Default: 0, MinValue: 0, MaxValue: 5}
  Secret: {Type: String, NoEcho: true, MinLength: 8}
  Nets: {Type: CommaDelimitedList, Default: 'a,b'}
  Key: {Type: 'AWS::EC2::KeyPair::KeyName'}
Mappings:
  Sizes:
    dev: {Gb: 10}
    prod: {Gb: 100}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NoCount: !Equals [!Ref Count, 0]
  Both: !And [!Condition IsProd, !Not [!Condition NoCount]]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Condition: IsProd
    DeletionPolicy: Retain
    Properties:
      BucketName: !Sub '${AWS::StackName}-${Env}-data'
  Other:
    Type: AWS::S3::Bucket
    DependsOn: Bucket
    Properties:
      BucketName: !Join ['-', [!Ref Env, !Select [1, !Ref Nets], !FindInMap [Sizes, !Ref Env, Gb]]]
      Tags:
        - {Key: owner, Value: !If [IsProd, ops, !Ref 'AWS::NoValue']}
        - !If [Both, {Key: both, Value: 'yes'}, !Ref 'AWS::NoValue']
Outputs:
  Name:
    Value: !Ref Other
    Condition: IsProd
  Region:
    Value: !Ref 'AWS::Region'
  Label:
    Value: !Sub '${AWS::StackName}-${Env}'
"""


def test_hot_sections_and_functions(heat_validate) -> None:
    result = translate(cfnbridge.load(BASE, filename="core.yaml"))
    hot = result.template
    assert list(hot) == ["heat_template_version", "description", "parameters", "conditions", "resources", "outputs"]
    params = hot["parameters"]
    assert params["Env"] == {"type": "string", "description": "stage", "default": "dev",
                             "constraints": [{"allowed_values": ["dev", "prod"]}]}
    assert params["Count"] == {"type": "number", "default": 0, "constraints": [{"range": {"min": 0, "max": 5}}]}
    assert params["Secret"]["hidden"] is True
    assert params["Key"]["type"] == "string"
    assert params["Region"]["default"] == "RegionOne"  # AWS::Region became a parameter
    assert hot["conditions"]["IsProd"] == {"equals": [{"get_param": "Env"}, "prod"]}
    # a number parameter is compared with a number, not the string '0' (Heat's equals does not convert)
    assert hot["conditions"]["NoCount"] == {"equals": [{"get_param": "Count"}, 0]}
    assert hot["conditions"]["Both"] == {"and": ["IsProd", {"not": "NoCount"}]}
    bucket = hot["resources"]["Bucket"]
    assert bucket["condition"] == "IsProd" and bucket["deletion_policy"] == "Retain"
    assert bucket["properties"]["name"] == {"str_replace": {
        "template": "${AWS::StackName}-${Env}-data",
        "params": {"${AWS::StackName}": {"get_param": "OS::stack_name"}, "${Env}": {"get_param": "Env"}}}}
    other = hot["resources"]["Other"]
    assert other["depends_on"] == "Bucket"
    assert other["properties"]["name"] == {"list_join": ["-", [
        {"get_param": "Env"}, {"get_param": ["Nets", 1]}, {"get_param": ["Sizes", {"get_param": "Env"}, "Gb"]}]]}
    assert hot["parameters"]["Sizes"]["type"] == "json"
    # conditional tag values and conditional tags both use HOT's two-argument if
    assert other["properties"]["X-Container-Meta"] == {"owner": {"if": ["IsProd", "ops"]},
                                                       "both": {"if": ["Both", "yes"]}}
    assert hot["outputs"]["Name"] == {"value": {"get_resource": "Other"}, "condition": "IsProd"}
    assert heat_validate(hot) == []
    codes = {(g.code, g.severity, g.location.line) for g in result.gaps}
    assert ("parameter-type", "info", 9) in codes
    assert ("mapping-parameter", "info", 29) in codes
    assert ("pseudo-parameter-mapped", "info", 38) in codes


def test_native_keeps_what_heat_implements(heat_validate) -> None:
    result = translate(cfnbridge.load(BASE, filename="core.yaml"), to="native")
    doc = result.template
    assert list(doc)[:2] == ["AWSTemplateFormatVersion", "Description"]
    assert doc["Parameters"]["Key"]["Type"] == "String"
    assert doc["Mappings"] == {"Sizes": {"dev": {"Gb": 10}, "prod": {"Gb": 100}}}
    # {"Condition": X} is unknown to Heat: the named condition is inlined
    assert doc["Conditions"]["Both"] == {"Fn::And": [
        {"Fn::Equals": [{"Ref": "Env"}, "prod"]}, {"Fn::Not": [{"Fn::Equals": [{"Ref": "Count"}, 0]}]}]}
    bucket = doc["Resources"]["Bucket"]
    assert bucket == {"Type": "AWS::S3::Bucket", "Condition": "IsProd", "DeletionPolicy": "Retain"}
    # Heat's own AWS::S3::Bucket has no BucketName: removed, and said so
    assert ("unsupported-property", "warning", 24) in {(g.code, g.severity, g.location.line) for g in result.gaps}
    # Fn::Sub is not implemented by Heat: rewritten with Fn::Join
    assert doc["Outputs"]["Label"]["Value"] == {"Fn::Join": ["", [{"Ref": "AWS::StackName"}, "-", {"Ref": "Env"}]]}
    assert doc["Outputs"]["Region"]["Value"] == {"Ref": "Region"}
    assert heat_validate(doc) == []


def test_output_is_deterministic() -> None:
    first = translate(cfnbridge.load(BASE)).to_yaml()
    assert all(translate(cfnbridge.load(BASE)).to_yaml() == first for _ in range(3))
    assert first.startswith("heat_template_version: '2021-04-16'\n")


@pytest.mark.parametrize(
    ("expression", "expected", "code"),
    [
        ("!Split [',', !Ref Env]", {"str_split": [",", {"get_param": "Env"}]}, None),
        ("!Select [0, !Split [',', !Ref Env]]", {"str_split": [",", {"get_param": "Env"}, 0]}, None),
        ("!Select [1, [a, b]]", "b", None),
        ("!Select [0, !GetAZs '']", {"get_param": ["AvailabilityZones", 0]}, "availability-zones"),
        ("{'Fn::Base64': !Ref Env}", {"get_param": "Env"}, "base64-dropped"),
        ("!Cidr [10.0.0.0/16, 2, 8]", ["10.0.0.0/24", "10.0.1.0/24"], "function-evaluated"),
        ("!ImportValue SharedVpc", {"get_param": "SharedVpc"}, "import-value"),
        ("!Sub ['${A}${!B}', {A: x}]", {"str_replace": {"template": "${A}${B}", "params": {"${A}": "x"}}}, None),
        ("!If [IsProd, !Ref 'AWS::NoValue', b]", {"if": ["NotIsProd", "b"]}, None),
        ("!Ref AWS::AccountId", {"get_param": "OS::project_id"}, "pseudo-parameter-mapped"),
        # Thing has no translation: what it would give becomes a parameter the user fills in
        ("!GetAtt Thing.Arn", {"get_param": "ThingArn"}, "reference-to-omitted"),
        ("{'Fn::Bogus': 1}", {"get_param": "BucketName"}, "unknown-function"),
    ],
)
def test_functions_in_hot(expression: str, expected: object, code: str | None) -> None:
    text = f"""
Parameters:
  Env: {{Type: String, Default: 'a,b'}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Thing: {{Type: 'AWS::Lambda::Function'}}
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: {expression}
"""
    result = translate(cfnbridge.load(text, filename="f.yaml"))
    assert result.template["resources"]["Bucket"]["properties"]["name"] == expected
    if code:
        assert code in {g.code for g in result.gaps if g.location.line == 11}


def test_placeholder_keeps_omitted_resources_and_fills_unresolvable_values(heat_validate) -> None:
    text = """
Resources:
  Fn: {Type: 'AWS::Lambda::Function', Properties: {Handler: x}}
  Bucket:
    Type: AWS::S3::Bucket
    DependsOn: Fn
    Properties:
      BucketName: !GetAtt Fn.Arn
      Tags: [{Key: k, Value: {'Fn::Bogus': 1}}]
"""
    plain = translate(cfnbridge.load(text, filename="p.yaml"))
    assert "Fn" not in plain.template["resources"]
    severities = {(g.code, g.severity, g.location.line) for g in plain.gaps}
    assert ("reference-to-omitted", "error", 8) in severities  # the GetAtt
    assert any(g.resource == "Fn" and g.severity == "error" and g.location.line == 3 for g in plain.gaps)
    kept = translate(cfnbridge.load(text, filename="p.yaml"), placeholder=True)
    assert kept.template["resources"]["Fn"] == {"type": "OS::Heat::None"}
    assert kept.template["resources"]["Bucket"]["depends_on"] == "Fn"
    assert heat_validate(kept.template) == []


def test_bad_options_are_input_errors() -> None:
    with pytest.raises(cfnbridge.InputError):
        translate(cfnbridge.load(BASE), to="terraform")
    with pytest.raises(cfnbridge.InputError):
        translate(cfnbridge.load(BASE), hot_version="2013-05-23")


@pytest.mark.parametrize("text", ["a\nb\n", "seq 1 \n4", "line \n", "  indented\nx", "tab\there\n", "plain"])
def test_yaml_output_keeps_text_byte_for_byte(text: str) -> None:
    """User data must survive serialization exactly (a trailing space in a Join piece matters)."""
    import yaml

    from cfnbridge.translation.emit import to_yaml

    assert yaml.safe_load(to_yaml({"user_data": text}))["user_data"] == text
