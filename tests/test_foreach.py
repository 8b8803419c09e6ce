"""Fn::ForEach written out before the model: what graph, translate and lint see, where gaps point."""

from __future__ import annotations

import textwrap

import pytest
import yaml

import cfnbridge
from cfnbridge.errors import InputError
from cfnbridge.graph import build
from tests.cli_run import cli
from tests.conftest import EXAMPLES

HEAD = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::LanguageExtensions\n"


def _load(body: str) -> cfnbridge.Template:
    return cfnbridge.load(HEAD + textwrap.dedent(body))


def _line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def test_loops_in_every_section_are_written_out_with_positions_in_the_loop() -> None:
    path = EXAMPLES / "foreach" / "template.yaml"
    text = path.read_text(encoding="utf-8")
    template = cfnbridge.load(path)
    assert list(template.resources) == ["Queuebilling", "Bucketbilling", "Queuesearch", "Bucketsearch"]
    assert list(template.conditions) == ["Isdev", "Isprod"]
    assert list(template.outputs) == ["QueuebillingArn", "QueuebillingQueueName", "QueuesearchArn",
                                      "QueuesearchQueueName"]
    # a generated resource and each of its properties point at the fragment that made them
    assert template.locate(("Resources", "Queuesearch"), of_key=True).line == _line_of(text, "Queue${Team}:")
    assert template.locate(("Resources", "Queuesearch", "Properties", "QueueName")).line == \
        _line_of(text, "QueueName: !Sub")
    # the graph sees the copies, and the outputs' GetAtt reach them
    graph = build(template)
    assert ("Resources", "Queuebilling") in graph.graph
    assert graph.graph.has_edge(("Outputs", "QueuesearchArn"), ("Resources", "Queuesearch"))
    # the loop over a list parameter was written out for its default, and says so at the loop
    translation = cfnbridge.translate(template)
    notes = [g for g in translation.gaps if g.code == "foreach-default"]
    assert {(g.severity, g.location.line) for g in notes} == {
        ("warning", _line_of(text, "Fn::ForEach::Teams:")), ("warning", _line_of(text, "Fn::ForEach::TeamOutputs"))}
    assert all("'Teams' (billing, search)" in g.message for g in notes)
    assert not [g for g in translation.gaps if g.code == "transform"]  # the transform itself was run here


def test_identifiers_are_substituted_in_keys_refs_and_sub_texts_only() -> None:
    template = _load("""\
        Resources:
          Fn::ForEach::Nets:
            - Cidr
            - ["10.0.1.0/24", "10.0.2.0/24"]
            - Subnet&{Cidr}:
                Type: AWS::EC2::Subnet
                Properties:
                  VpcId: vpc-1
                  CidrBlock: !Ref Cidr
                  Tags:
                    - Key: plain ${Cidr}
                      Value: !Sub "net ${Cidr} in ${AWS::Region}"
                    - Key: whole
                      Value: !Sub "net-${Cidr}"
        """)
    subnet = template.resources["Subnet1001024"]
    assert list(template.resources) == ["Subnet1001024", "Subnet1002024"]
    assert subnet.properties["CidrBlock"] == "10.0.1.0/24"
    tags = subnet.properties["Tags"]
    assert tags[0]["Key"] == "plain ${Cidr}"  # a plain string is not a key: the transform leaves it
    assert isinstance(tags[0]["Value"], cfnbridge.intrinsics.Sub)
    assert tags[0]["Value"].args == "net 10.0.1.0/24 in ${AWS::Region}"
    assert tags[1]["Value"] == "net-10.0.1.0/24"  # nothing left to substitute: plain text


def test_property_loops_and_nested_loops() -> None:
    template = _load("""\
        Resources:
          Fn::ForEach::Outer:
            - Env
            - [dev, prod]
            - Fn::ForEach::Inner:
                - App
                - [web, api]
                - ${Env}${App}:
                    Type: AWS::SSM::Parameter
                    Properties:
                      Type: String
                      Value: !Sub "${Env}/${App}"
                      Tags:
                        Fn::ForEach::Labels:
                          - Label
                          - [a, b]
                          - label-${Label}: !Ref Env
        """)
    assert list(template.resources) == ["devweb", "devapi", "prodweb", "prodapi"]
    assert template.resources["prodapi"].properties["Value"] == "prod/api"
    assert template.resources["prodapi"].properties["Tags"] == {"label-a": "prod", "label-b": "prod"}


def test_a_collection_known_only_at_deploy_time_is_an_error_gap_at_the_loop() -> None:
    body = """\
        Parameters:
          Names: {Type: CommaDelimitedList}
        Resources:
          Fn::ForEach::Topics:
            - Name
            - !Ref Names
            - Topic${Name}:
                Type: AWS::SNS::Topic
          Fn::ForEach::Zones:
            - Zone
            - !GetAZs ''
            - Volume${Zone}:
                Type: AWS::EC2::Volume
        """
    template = _load(body)
    assert template.resources == {}
    translation = cfnbridge.translate(template)
    gaps = sorted((g.severity, g.location.line, g.message) for g in translation.gaps if g.code == "foreach")
    assert [(s, line) for s, line, _ in gaps] == [("error", 6), ("error", 11)]
    assert "'Names', which has no default" in gaps[0][2] and "Fn::GetAZs" in gaps[1][2]


@pytest.mark.parametrize(("body", "message", "line"), [
    ("  Fn::ForEach::Bad:\n    - Name\n    - [a]\n", "takes [Identifier, Collection", 4),
    ("  Fn::ForEach::Bad: [Name, [a], [x]]\n", "must be a mapping", 4),
    ("  Fn::ForEach::Bad: [Name, a, {'B${Name}': {Type: AWS::SNS::Topic}}]\n", "must be a list", 4),
    ("  Fn::ForEach::Bad:\n    - Name\n    - [a, b]\n    - Same:\n        Type: AWS::SNS::Topic\n",
     "'Same' is made twice", 7),
    ("  Fn::ForEach::Bad:\n    - Name\n    - [a-b]\n    - T${Name}:\n        Type: AWS::SNS::Topic\n",
     "not alphanumeric", 7),
])
def test_a_malformed_loop_is_a_located_error_and_exit_2(tmp_path, body: str, message: str, line: int) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(HEAD + "Resources:\n" + body, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        cfnbridge.load(path)
    assert message in str(caught.value)
    assert caught.value.location.line == line
    run = cli("translate", str(path))
    assert run.code == 2
    assert f"{path}:{line}:" in run.err and message in run.err


def test_a_loop_without_the_transform_is_refused_as_cloudformation_refuses_it() -> None:
    with pytest.raises(InputError, match="needs the AWS::LanguageExtensions transform"):
        cfnbridge.load("Resources:\n  Fn::ForEach::B:\n    - N\n    - [a]\n    - T${N}:\n"
                       "        Type: AWS::SNS::Topic\n")


def test_convert_writes_the_loops_as_written() -> None:
    run = cli("convert", str(EXAMPLES / "foreach" / "template.yaml"), "--to", "json")
    assert run.code == 0, run.err
    data = yaml.safe_load(run.out)
    assert "Fn::ForEach::Teams" in data["Resources"] and "Queuebilling" not in data["Resources"]


def test_other_language_extensions_become_what_heat_takes(heat_validate) -> None:
    template = _load("""\
        Parameters:
          Keep: {Type: String, Default: Retain, AllowedValues: [Retain, Delete]}
          Items: {Type: CommaDelimitedList, Default: "a,b,c"}
        Conditions:
          Kept: !Equals [!Ref Keep, Retain]
        Resources:
          Chosen:
            Type: AWS::SNS::Topic
            DeletionPolicy: !If [Kept, Retain, Delete]
          Imported:
            Type: AWS::SNS::Topic
            DeletionPolicy: !ImportValue policy
          Counted:
            Type: AWS::SNS::Topic
            Properties:
              TopicName: !Sub ["n-${N}", {N: !Length {Ref: Items}}]
        """)
    translation = cfnbridge.translate(template)
    text = translation.to_yaml()
    assert heat_validate(text) == []
    resources = yaml.safe_load(text)["resources"]
    assert resources["Chosen"]["deletion_policy"] == "Retain"  # decided with the parameter defaults
    assert "deletion_policy" not in resources["Imported"]
    gaps = {(g.resource, g.severity) for g in translation.gaps if g.code.startswith("deletion-policy-")}
    assert gaps == {("Chosen", "warning"), ("Imported", "error")}
    length = resources["Counted"]["properties"]["name"]["str_replace"]["params"]["${N}"]
    assert length == {"yaql": {"expression": "len($.data.list)", "data": {"list": {"get_param": "Items"}}}}
