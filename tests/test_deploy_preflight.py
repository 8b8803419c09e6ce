"""Pre-flight checks of a deploy: stack names and parameter values against the source
template's constraints, refused with exit 2 and the parameter's line before any cloud
call (the target given is an endpoint nothing listens on: a call would fail otherwise)."""

from __future__ import annotations

import re

import pytest

from cfnbridge.cli import main

TEMPLATE = """\
Parameters:
  Size:
    Type: Number
    MinValue: 1
    MaxValue: 10
  Zones:
    Type: CommaDelimitedList
    AllowedValues: [a, b, c]
  Name:
    Type: String
    AllowedPattern: "[a-z]+"
    MaxLength: 5
  Ports:
    Type: List<Number>
    Default: "80,443"
  Secret:
    Type: String
    NoEcho: true
    MinLength: 12
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
"""
GOOD = ["Size=3", "Zones=a,c", "Name=web", "Secret=long-enough-secret"]
NOWHERE = "http://127.0.0.1:9"  # discard port: nothing answers there


def deploy(tmp_path, capsys, *params: str, stack: str = "ok", template: str = TEMPLATE):
    path = tmp_path / "t.yaml"
    path.write_text(template)
    args = ["deploy", str(path), "--stack-name", stack, "--endpoint-url", NOWHERE, "--timeout", "5s"]
    for param in params:
        args += ["--param", param]
    code = main(args)
    return code, capsys.readouterr().err


@pytest.mark.parametrize(("changed", "line", "words"), [
    ("Size=11", 2, "'11' is above its MaxValue 10"),
    ("Size=0", 2, "'0' is below its MinValue 1"),
    ("Size=many", 2, "'many' is not a number (Number)"),
    ("Zones=a,d", 6, "'d' is not one of its AllowedValues (a, b, c)"),
    ("Name=Web", 9, "'Web' does not match its AllowedPattern [a-z]+"),
    ("Name=abcdef", 9, "'abcdef' is 6 characters long, over its MaxLength 5"),
    ("Ports=80,http", 13, "'http' is not a number (List<Number>)"),
])
def test_a_value_breaking_a_constraint_is_refused_with_its_line(tmp_path, capsys, changed, line, words):
    key = changed.split("=")[0]
    params = [p for p in GOOD if not p.startswith(f"{key}=")] + [changed]
    code, err = deploy(tmp_path, capsys, *params)
    assert code == 2, err
    reported = int(re.search(r"t\.yaml:(\d+):\d+: ", err).group(1))
    assert line <= reported < line + 4, err  # at the parameter, on the constraint it breaks
    assert f"parameter {key}: the value given {words}" in err


def test_a_no_echo_value_is_never_quoted(tmp_path, capsys):
    code, err = deploy(tmp_path, capsys, *GOOD[:3], "Secret=too-short")
    assert code == 2
    assert "parameter Secret" in err and "MinLength 12" in err and "too-short" not in err


def test_bad_stack_names(tmp_path, capsys):
    for name in ("9lives", "has_underscore", "a" * 129):
        code, err = deploy(tmp_path, capsys, *GOOD, stack=name)
        assert code == 2 and "invalid stack name" in err


def test_a_cycle_is_found_without_the_graph_and_reported_by_it(tmp_path, capsys):
    cyclic = TEMPLATE.replace("      CidrBlock: 10.0.0.0/16\n",
                              "      CidrBlock: !GetAtt Other.CidrBlock\n  Other:\n    Type: AWS::EC2::VPC\n"
                              "    Properties:\n      CidrBlock: !GetAtt Vpc.CidrBlock\n")
    code, err = deploy(tmp_path, capsys, *GOOD, template=cyclic)
    assert code == 2 and "dependency cycle" in err
