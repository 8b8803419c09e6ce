"""References, the dependency graph, its errors and its drawings."""

from __future__ import annotations

import json

import pytest

import cfnbridge
from cfnbridge.references import all_references
from tests.conftest import CORPUS, EXAMPLES

SUB_TEMPLATE = """\
Parameters:
  Env: {Type: String}
Resources:
  Topic:
    Type: AWS::SNS::Topic
  Queue:
    Type: AWS::SQS::Queue
    DependsOn: [Topic]
    Properties:
      QueueName: !Sub '${Env}-${Topic.TopicName}-${!Literal}-${AWS::Region}'
      Other: !Sub ['${Local}-${Env}', {Local: !GetAtt [Topic, TopicName]}]
      Arn: !GetAtt Topic.Arn
"""


def test_reference_extraction_covers_every_form() -> None:
    template = cfnbridge.load(SUB_TEMPLATE, filename="sub.yaml")
    found = {(r.kind, r.target, r.attribute) for r in all_references(template)}
    assert found == {
        ("DependsOn", "Topic", None),
        ("Sub", "Env", None),
        ("Sub", "Topic", "TopicName"),
        ("Sub", "AWS::Region", None),
        ("GetAtt", "Topic", "TopicName"),
        ("GetAtt", "Topic", "Arn"),
    }  # ${!Literal} and the local ${Local} are not references


def test_edges_are_labelled_and_located() -> None:
    graph = cfnbridge.build_graph(cfnbridge.load(SUB_TEMPLATE, filename="sub.yaml"))
    kinds = {(s[1], t[1], k): str(loc) for s, t, k, loc in graph.edges()}
    assert kinds[("Queue", "Topic", "DependsOn")] == "sub.yaml:8:17"
    assert kinds[("Queue", "Topic", "Sub")].startswith("sub.yaml:")
    assert kinds[("Queue", "Env", "Sub")] == "sub.yaml:10:18"
    assert ("Queue", "Topic", "GetAtt") in kinds
    assert graph.waves() == [["Topic"], ["Queue"]]


@pytest.mark.parametrize(
    ("snippet", "kind", "line"),
    [
        ("P: !Ref Nowhere", "Ref", 5),
        ("P: !GetAtt Nowhere.Arn", "GetAtt", 5),
        ("P: !Sub 'x-${Nowhere}'", "Sub", 5),
        ("P: !If [NoCondition, a, b]", "If", 5),
        ("P: !FindInMap [NoMap, a, b]", "FindInMap", 5),
    ],
)
def test_undefined_reference_is_a_located_error(snippet: str, kind: str, line: int) -> None:
    text = f"Resources:\n  A:\n    Type: T\n    Properties:\n      {snippet}\n"
    with pytest.raises(cfnbridge.UndefinedReferenceError) as info:
        cfnbridge.build_graph(cfnbridge.load(text, filename="u.yaml"))
    assert info.value.location.line == line and info.value.location.file == "u.yaml"
    assert "Nowhere" in str(info.value) or "No" in str(info.value)
    assert kind in str(info.value)


def test_undefined_dependson_and_condition() -> None:
    text = "Resources:\n  A:\n    Type: T\n    DependsOn: Ghost\n    Condition: Missing\n"
    with pytest.raises(cfnbridge.ErrorGroup) as info:
        cfnbridge.build_graph(cfnbridge.load(text, filename="d.yaml"))
    lines = sorted(e.location.line for e in info.value.errors)
    assert lines == [4, 5]


def test_transform_tolerates_names_its_macro_creates() -> None:
    text = ("Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n"
            "  Perm:\n    Type: AWS::Lambda::Permission\n    Properties: {Role: !GetAtt FnRole.Arn}\n")
    graph = cfnbridge.build_graph(cfnbridge.load(text))
    assert [r.target for r in graph.unresolved] == ["FnRole"]


def test_cycle_lists_every_step_with_its_location() -> None:
    text = """\
Resources:
  A:
    Type: T
    Properties: {P: !Ref B}
  B:
    Type: T
    Properties: {P: !GetAtt C.Arn}
  C:
    Type: T
    DependsOn: A
"""
    with pytest.raises(cfnbridge.CycleError) as info:
        cfnbridge.build_graph(cfnbridge.load(text, filename="c.yaml"))
    error = info.value
    assert [(s[0], s[1], s[2].line) for s in error.steps] == [
        ("A", "Ref B", 4), ("B", "GetAtt C", 7), ("C", "DependsOn A", 10)]
    assert "A -> B -> C -> A" in str(error)


def test_self_reference_is_a_cycle() -> None:
    with pytest.raises(cfnbridge.CycleError, match="itself"):
        cfnbridge.build_graph(cfnbridge.load("Resources:\n  A:\n    Type: T\n    Properties: {P: !Ref A}\n"))


def test_invalid_heat_templates_are_reported_as_cycles() -> None:
    invalid = sorted((CORPUS / "heat-cfn" / "F17" / "invalid").glob("*"))
    assert len(invalid) == 5
    for path in invalid:
        with pytest.raises(cfnbridge.CycleError) as info:
            cfnbridge.build_graph(path)
        assert info.value.location.file == str(path)
        assert len(info.value.steps) >= 2


def test_example_waves_and_drawings() -> None:
    graph = cfnbridge.build_graph(EXAMPLES / "web-vpc" / "template.yaml")
    waves = graph.waves()
    assert waves[0] == ["InternetGateway", "Vpc"]
    assert waves[-1] == ["DataAttachment"]
    order = graph.order()
    assert order.index("WebServer") < order.index("WebAddress") < len(order)
    assert order.index("GatewayAttachment") < order.index("DefaultRoute")
    dot = graph.to_dot()
    assert '"DefaultRoute" -> "GatewayAttachment" [label="DependsOn", style=dashed];' in dot
    mermaid = graph.to_mermaid()
    assert mermaid.startswith("flowchart BT") and "-.->|DependsOn|" in mermaid
    data = json.loads(graph.to_json())
    assert data["waves"] == waves
    assert {"from": ["Resources", "WebServer"], "to": ["Parameters", "KeyName"], "kind": "Ref"}.items() <= {
        k: v for e in data["edges"] if e["to"] == ["Parameters", "KeyName"] for k, v in e.items()}.items()
    assert "WebServer [AWS::EC2::Instance] <- needs PublicSubnet (Ref), WebSecurityGroup (GetAtt)" in graph.to_text()
