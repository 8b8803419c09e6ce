"""Static evaluation on real templates: decided where it can be, undecided (with why) where not."""

from __future__ import annotations

import pytest

import cfnbridge
from cfnbridge import intrinsics as fn
from cfnbridge.evaluation import NO_VALUE, Evaluator, Undecided
from tests.conftest import CORPUS, EXAMPLES

FIND_IN_MAP_SUB = CORPUS / "aws-samples/aws/services/CloudFormation/FindInMap_Inside_Sub.yaml"
NEPTUNE = CORPUS / "aws-samples/aws/services/NeptuneDB/Neptune.yaml"


def test_conditions_and_sub_variables_on_a_real_template() -> None:
    template = cfnbridge.load(FIND_IN_MAP_SUB)
    user_data = template.resources["EC2Instance"].properties["UserData"]
    assert isinstance(user_data, fn.Base64) and isinstance(user_data.args, fn.Sub)
    variables = user_data.args.variables

    dev = Evaluator(template, region="us-east-1")
    assert dev.conditions() == {"ExampleConditionIfDev": True}
    assert dev.value(variables["LocalFindInMapVarUsername"]) == "devuser"
    assert dev.value(variables["LocalIfVar"]) == "This box is development"

    test = Evaluator(template, parameters={"EnvNameParam": "test"})
    assert test.conditions() == {"ExampleConditionIfDev": False}
    assert test.value(variables["LocalFindInMapVarWebserver"]) == "nginx"
    assert test.value(variables["LocalIfVar"]) == "This box is testing"

    # The Sub text also reads ${InstanceSecurityGroup.GroupId}: only known after deployment.
    undecided = test.value(user_data)
    assert isinstance(undecided, Undecided)
    assert "InstanceSecurityGroup.GroupId" in undecided.reason
    assert undecided.location.file == str(FIND_IN_MAP_SUB) and undecided.location.line == 62


def test_conditions_undecided_without_parameter_values() -> None:
    template = cfnbridge.load(NEPTUNE)
    conditions = Evaluator(template).conditions()
    assert conditions["EnableAuditLogUpload"] is True
    assert isinstance(conditions["CreateSnsTopic"], Undecided)
    assert "NeptuneSNSTopicArn" in conditions["CreateSnsTopic"].reason
    given = Evaluator(template, parameters={"NeptuneSNSTopicArn": "", "SNSEmailSubscription": "ops@example.com"})
    assert given.conditions() == {"EnableAuditLogUpload": True, "CreateSnsTopic": True, "CreateSnsSubscription": True}


def test_example_sub_pseudo_parameters_and_if() -> None:
    template = cfnbridge.load(EXAMPLES / "web-vpc" / "template.yaml")
    web = template.resources["WebServer"].properties
    name_tag = web["Tags"][0]["Value"]
    assert Evaluator(template, stack_name="shop").value(name_tag) == "shop-web"
    assert "AWS::StackName" in Evaluator(template).value(name_tag).reason
    prod = Evaluator(template, parameters={"Environment": "prod"}, region="eu-west-1")
    assert prod.value(web["InstanceType"]) == "m5.large"
    assert prod.value(web["ImageId"]) == "ami-0fedcba9876543210"
    assert isinstance(Evaluator(template).value(web["ImageId"]), Undecided)  # region not given
    subnet = template.resources["PublicSubnet"].properties
    assert "availability zones" in Evaluator(template, region="us-east-1").value(subnet["AvailabilityZone"]).reason
    zoned = Evaluator(template, region="us-east-1", availability_zones={"us-east-1": ["az1", "az2"]})
    assert zoned.value(subnet["AvailabilityZone"]) == "az1"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("!Join ['-', [a, !Ref Env, !Select [1, [x, y]]]]", "a-dev-y"),
        ("!Split [',', 'a,b,c']", ["a", "b", "c"]),
        ("!Select [0, !Split ['/', !Ref Cidr]]", "10.0.0.0"),
        ("!Cidr [10.0.0.0/16, 3, 8]", ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]),
        ("!Base64 hi", "aGk="),
        ("!Length [a, b]", 2),
        ("!ToJsonString {a: [1, 2]}", '{"a":[1,2]}'),
        ("!Sub ['${A}-${AWS::Region}-${!Raw}', {A: !Ref Env}]", "dev-us-east-1-${Raw}"),
        ("!If [IsDev, !Ref AWS::NoValue, x]", NO_VALUE),
        ("[a, !If [IsDev, !Ref AWS::NoValue, b], c]", ["a", "c"]),
        ("!Ref AWS::Partition", "aws"),
        ("!Ref AWS::URLSuffix", "amazonaws.com"),
        ("!Ref Count", "0"),
        ("!Ref Zones", ["a", "b"]),
        ("!Equals [!Ref Count, 0]", True),
    ],
)
def test_functions(expression: str, expected: object) -> None:
    text = f"""
Parameters:
  Env: {{Type: String, Default: dev}}
  Cidr: {{Type: String, Default: 10.0.0.0/16}}
  Count: {{Type: Number, Default: 0}}
  Zones: {{Type: CommaDelimitedList, Default: "a, b"}}
Conditions:
  IsDev: !Equals [!Ref Env, dev]
Resources:
  R:
    Type: T
    Properties:
      P: {expression}
"""
    template = cfnbridge.load(text)
    assert Evaluator(template, region="us-east-1").value(template.resources["R"].properties["P"]) == expected


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("!Ref Other", "physical id"),
        ("!GetAtt Other.Arn", "after deployment"),
        ("!ImportValue Shared", "another stack"),
        ("!Ref AWS::AccountId", "when the stack is deployed"),
        ("!Ref NoDefault", "no value"),
    ],
)
def test_undecided_is_reported_not_guessed(expression: str, reason: str) -> None:
    text = f"""
Parameters:
  NoDefault: {{Type: String}}
Resources:
  Other: {{Type: T}}
  R:
    Type: T
    Properties:
      P: {expression}
"""
    template = cfnbridge.load(text, filename="u.yaml")
    result = Evaluator(template, region="us-east-1").value(template.resources["R"].properties["P"])
    assert isinstance(result, Undecided) and reason in result.reason
    assert result.location.line == 9


def test_invalid_arguments_are_located_template_errors() -> None:
    text = "Resources:\n  R:\n    Type: T\n    Properties:\n      P: !Select [5, [a]]\n"
    template = cfnbridge.load(text, filename="s.yaml")
    with pytest.raises(cfnbridge.TemplateError, match="outside") as info:
        Evaluator(template).value(template.resources["R"].properties["P"])
    assert str(info.value.location) == "s.yaml:5:10"
