"""The loader: short tags, positions, strictness, and a clean error for every bad input."""

from __future__ import annotations

import json
import time

import pytest

import cfnbridge
from cfnbridge import intrinsics as fn
from cfnbridge.loader import parse

SHORT_TAGS = {
    "!Ref": ("Name", fn.Ref, "Name"),
    "!GetAtt": ("Res.Attr", fn.GetAtt, ["Res", "Attr"]),
    "!Sub": ("'x-${AWS::Region}'", fn.Sub, "x-${AWS::Region}"),
    "!Join": ("['-', [a, b]]", fn.Join, ["-", ["a", "b"]]),
    "!Select": ("[1, [a, b]]", fn.Select, [1, ["a", "b"]]),
    "!Split": ("[',', 'a,b']", fn.Split, [",", "a,b"]),
    "!If": ("[Cond, a, b]", fn.If, ["Cond", "a", "b"]),
    "!Equals": ("[a, b]", fn.Equals, ["a", "b"]),
    "!And": ("[!Condition A, !Condition B]", fn.And, [fn.Condition("A"), fn.Condition("B")]),
    "!Or": ("[!Condition A, !Condition B]", fn.Or, [fn.Condition("A"), fn.Condition("B")]),
    "!Not": ("[!Condition A]", fn.Not, [fn.Condition("A")]),
    "!Condition": ("A", fn.Condition, "A"),
    "!FindInMap": ("[Map, Top, Second]", fn.FindInMap, ["Map", "Top", "Second"]),
    "!GetAZs": ("''", fn.GetAZs, ""),
    "!ImportValue": ("SharedVpc", fn.ImportValue, "SharedVpc"),
    "!Base64": ("hello", fn.Base64, "hello"),
    "!Cidr": ("[10.0.0.0/16, 4, 8]", fn.Cidr, ["10.0.0.0/16", 4, 8]),
    "!Transform": ("{Name: AWS::Include, Parameters: {Location: s3://b/k}}", fn.Transform,
                   {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}),
    "!Length": ("[a, b, c]", fn.Length, ["a", "b", "c"]),
    "!ToJsonString": ("{a: 1}", fn.ToJsonString, {"a": 1}),
}


def _value(text: str) -> object:
    tree = parse(f"Resources:\n  R:\n    Type: T\n    Properties:\n      P: {text}\n")
    return tree["Resources"]["R"]["Properties"]["P"]


@pytest.mark.parametrize("tag", sorted(SHORT_TAGS))
def test_every_short_tag_becomes_its_long_form(tag: str) -> None:
    source, cls, args = SHORT_TAGS[tag]
    value = _value(f"{tag} {source}")
    assert type(value) is cls
    assert value.args == args
    long_name = cls.name
    assert value == _value(json.dumps({long_name: args}, default=lambda f: f.long_form(lambda x: x)))


def test_getatt_dotted_and_list_forms_are_equal() -> None:
    dotted, listed = _value("!GetAtt Web.PublicIp"), _value("!GetAtt [Web, PublicIp]")
    assert dotted == listed
    assert (dotted.resource, dotted.attribute) == ("Web", "PublicIp")
    nested = _value("!GetAtt Stack.Outputs.VpcId")
    assert (nested.resource, nested.attribute) == ("Stack", "Outputs.VpcId")


def test_getatt_without_attribute_is_a_located_error() -> None:
    with pytest.raises(cfnbridge.LoadError) as info:
        parse("Resources:\n  R:\n    Type: T\n    Properties:\n      P: !GetAtt Web\n", "t.yaml")
    assert info.value.location.line == 5


def test_short_tag_nested_in_long_form() -> None:
    value = _value("{Fn::Base64: !Sub 'a-${X}'}")
    assert isinstance(value, fn.Base64) and isinstance(value.args, fn.Sub)


def test_unknown_tag_names_tag_and_line() -> None:
    text = "Resources:\n  M:\n    Type: T\n    Properties:\n      P: !Rain::Module x\n"
    with pytest.raises(cfnbridge.UnknownTagError) as info:
        cfnbridge.load(text, filename="mod.yaml")
    assert "!Rain::Module" in str(info.value)
    assert (info.value.location.file, info.value.location.line, info.value.location.column) == ("mod.yaml", 5, 10)


def test_unknown_long_form_function_is_modelled() -> None:
    value = _value("{Fn::Joinn: [',', [a]]}")
    assert isinstance(value, fn.UnknownFunction) and value.function_name == "Fn::Joinn"


def test_duplicate_key_names_both_lines() -> None:
    text = "Resources:\n  A:\n    Type: T\n  B:\n    Type: T\n  A:\n    Type: U\n"
    with pytest.raises(cfnbridge.DuplicateKeyError) as info:
        cfnbridge.load(text, filename="dup.yaml")
    error = info.value
    assert error.location.line == 6 and error.first.line == 2
    assert "line 2" in str(error) and "dup.yaml:6:3" in str(error)


def test_duplicate_key_in_json() -> None:
    text = '{"Resources": {"A": {"Type": "T"},\n "A": {"Type": "U"}}}'
    with pytest.raises(cfnbridge.DuplicateKeyError) as info:
        cfnbridge.load(text)
    assert (info.value.first.line, info.value.location.line) == (1, 2)


def test_dates_and_timestamps_stay_strings() -> None:
    template = cfnbridge.load("AWSTemplateFormatVersion: 2010-09-09\nResources:\n  R:\n    Type: T\n"
                              "    Properties: {When: 2001-12-14t21:59:43.10-05:00}\n")
    assert template.format_version == "2010-09-09"
    assert template.resources["R"].properties["When"] == "2001-12-14t21:59:43.10-05:00"


def test_positions_of_mapping_sequence_and_scalar() -> None:
    text = "Resources:\n  Web:\n    Type: AWS::EC2::Instance\n    Properties:\n      Tags:\n        - Key: a\n"
    template = cfnbridge.load(text, filename="p.yaml")
    assert str(template.locate(("Resources", "Web"), of_key=True)) == "p.yaml:2:3"
    assert str(template.locate(("Resources", "Web", "Type"))) == "p.yaml:3:11"
    assert str(template.locate(("Resources", "Web", "Properties", "Tags"))) == "p.yaml:6:9"
    assert str(template.locate(("Resources", "Web", "Properties", "Tags", 0, "Key"))) == "p.yaml:6:16"
    # a path that leaves the tree stops at the deepest node that exists
    assert str(template.locate(("Resources", "Web", "Properties", "Missing"))) == "p.yaml:5:7"


def test_alias_bomb_is_refused_fast() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    text = "\n".join(lines) + "\nResources: {R: {Type: T, Properties: {P: *a9}}}\n"
    started = time.perf_counter()
    with pytest.raises(cfnbridge.LimitError, match="alias"):
        cfnbridge.load(text)
    assert time.perf_counter() - started < 1.0


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(cfnbridge.LimitError):
        cfnbridge.load("Resources: &r {R: {Type: T, Properties: {Self: *r}}}\n")


def test_deep_nesting_is_refused_without_crashing() -> None:
    with pytest.raises(cfnbridge.LimitError, match="nesting"):
        cfnbridge.load('{"Resources": ' + "[" * 200_000 + "]" * 200_000 + "}")
    block = "Resources:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 150)) + "  " * 150 + "v: 1\n"
    with pytest.raises(cfnbridge.LimitError, match="nesting"):
        cfnbridge.load(block)


def test_file_size_is_bounded(tmp_path, monkeypatch) -> None:
    from cfnbridge import loader

    monkeypatch.setattr(loader, "MAX_BYTES", 1000)
    big = tmp_path / "big.yaml"
    big.write_text("Resources:\n" + "  # padding\n" * 200)
    with pytest.raises(cfnbridge.LimitError, match="limit"):
        cfnbridge.load(big)


@pytest.mark.parametrize(
    ("content", "error", "message"),
    [
        (b"", cfnbridge.LoadError, "empty"),
        (b"# only a comment\n", cfnbridge.LoadError, "empty"),
        (b"- a\n- b\n", cfnbridge.TemplateError, "mapping at the top level"),
        (b"just text\n", cfnbridge.TemplateError, "mapping at the top level"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", cfnbridge.LoadError, "binary"),
        (b"Description: caf\xe9\nResources: {}\n", cfnbridge.LoadError, "UTF-8"),
        (b"Description: no resources\n", cfnbridge.TemplateError, "no Resources"),
        (b"Resources: {}\n", cfnbridge.TemplateError, "empty"),
        (b"Resources: [a]\n", cfnbridge.TemplateError, "mapping"),
        (b"Resources:\n  R:\n    Properties: {}\n", cfnbridge.TemplateError, "no Type"),
        (b"Resources:\n  R: {Type: T\n", cfnbridge.LoadError, "syntax error"),
        (b'{"Resources": {"R": {"Type": "T"}}', cfnbridge.LoadError, "syntax error"),
    ],
)
def test_bad_files_get_clean_located_errors(tmp_path, content: bytes, error: type, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    with pytest.raises(error, match=message) as info:
        cfnbridge.load(path)
    assert info.value.location is not None and info.value.location.file == str(path)
    assert info.value.location.line >= 1


def test_not_utf8_error_points_at_the_byte(tmp_path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"Resources:\n  R: {Type: T}\nDescription: caf\xe9\n")
    with pytest.raises(cfnbridge.LoadError) as info:
        cfnbridge.load(path)
    assert (info.value.location.line, info.value.location.column) == (3, 17)


def test_missing_file_and_directory(tmp_path) -> None:
    with pytest.raises(cfnbridge.LoadError, match="no such file"):
        cfnbridge.load(tmp_path / "nope.yaml")
    with pytest.raises(cfnbridge.LoadError, match="directory"):
        cfnbridge.load(tmp_path)


def test_json_and_yaml_forms_load_equal() -> None:
    yaml_text = """
AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  Prod: !Equals [!Ref Env, prod]
Parameters:
  Env: {Type: String, Default: dev}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Condition: Prod
    Properties:
      BucketName: !Sub '${AWS::StackName}-${Env}'
      Tags: [{Key: arn, Value: !GetAtt Topic.Arn}, {Key: x, Value: !Join ['', [a, !Ref Env]]}]
  Topic: {Type: AWS::SNS::Topic}
"""
    json_text = json.dumps({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Conditions": {"Prod": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
        "Parameters": {"Env": {"Type": "String", "Default": "dev"}},
        "Resources": {
            "Bucket": {"Type": "AWS::S3::Bucket", "Condition": "Prod", "Properties": {
                "BucketName": {"Fn::Sub": "${AWS::StackName}-${Env}"},
                "Tags": [{"Key": "arn", "Value": {"Fn::GetAtt": ["Topic", "Arn"]}},
                         {"Key": "x", "Value": {"Fn::Join": ["", ["a", {"Ref": "Env"}]]}}]}},
            "Topic": {"Type": "AWS::SNS::Topic"},
        },
    }, indent=2)
    from_yaml, from_json = cfnbridge.load(yaml_text), cfnbridge.load(json_text)
    assert from_yaml.root == from_json.root
    assert from_yaml.resources["Bucket"].condition == "Prod"


def test_corpus_yaml_templates_load_equal_as_json(corpus) -> None:
    """Each YAML corpus template, written out as JSON (long forms), loads back equal."""
    from cfnbridge.nodes import to_plain

    compared = 0
    for path in corpus:
        if path.read_bytes().lstrip()[:1] == b"{":
            continue
        try:
            template = cfnbridge.load(path)
        except cfnbridge.InputError:
            continue
        again = cfnbridge.load(json.dumps(to_plain(template.root), indent=1), filename="as.json")
        assert again.root == template.root, path
        compared += 1
    assert compared >= 25  # 28 in the vendored sample alone
