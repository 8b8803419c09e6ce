"""The loader keeps data as written and refuses, located, what it cannot read faithfully.

Keys and names are their text, merge keys yield to the mapping's own keys, JSON numbers and
escaped surrogate pairs mean what JSON means (with every column kept), and each shape that
used to be misread or to crash (a list as a key, ``!!int abc``, ``.inf``, a 3-part GetAtt …)
is a LoadError at its line and column.
"""

from __future__ import annotations

import pytest

import cfnbridge
from cfnbridge import intrinsics as fn
from cfnbridge.loader import parse


def test_keys_are_the_text_written() -> None:
    tree = parse("Resources:\n  yes: 1\n  'True': 2\n  1: 3\n  1.0: 4\n  ~: 5\n")
    assert list(tree["Resources"]) == ["yes", "True", "1", "1.0", "~"]
    with pytest.raises(cfnbridge.DuplicateKeyError, match="duplicate key 'True'"):
        parse("Resources:\n  True: 1\n  'True': 2\n")  # one name, written twice


def test_merge_key_yields_to_the_mappings_own_keys() -> None:
    tree = parse("a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  x: 0\n  <<: [*a, *b]\n  z: 3\n")
    assert tree["c"] == {"x": 0, "y": 1, "z": 3}  # own keys win, then the first merged mapping
    assert tree["c"].marks["z"][0] == 5 and tree["c"].marks["y"][0] == 0
    with pytest.raises(cfnbridge.DuplicateKeyError):
        parse("a: &a {x: 1}\nc:\n  <<: *a\n  y: 1\n  y: 2\n")


def test_json_plain_numbers_are_json_numbers_and_yaml_keeps_yaml_11() -> None:
    assert parse('{"a": 2.62144e5, "b": 1E3, "c": -0, "d": 10, "e": "2.62144e5"}') == \
        {"a": 262144.0, "b": 1000.0, "c": 0, "d": 10, "e": "2.62144e5"}
    assert parse("a: 2.62144e5\nb: =\n") == {"a": "2.62144e5", "b": "="}


def test_surrogate_pairs_in_json_keep_every_column() -> None:
    text = '{"A": "\\ud83d\\ude00\\uD83D\\uDE00", "B": {"Ref": "C"}, "D": "\\\\ud83d\\\\ude00"}'
    tree = parse(text, "t.json")
    assert tree == {"A": "\U0001f600" * 2, "B": fn.Ref("C"), "D": "\\ud83d\\ude00"}
    assert cfnbridge.nodes.locate(tree, ["B"], "t.json").column == text.index('{"Ref"') + 1
    assert cfnbridge.nodes.locate(tree, ["D"], "t.json").column == text.index('"\\\\ud83d') + 1
    with pytest.raises(cfnbridge.LoadError) as info:
        parse(text.replace('"C"}', '"C" "E"}'), "t.json")
    assert info.value.location.column == text.index('"C"}') + 1 + 4


@pytest.mark.parametrize(("text", "message"), [
    ("a: !!int abc", "1:4: !!int 'abc' is not an integer"),
    ("a: !!int ''", "1:4: !!int '' is not an integer"),
    ("a: !!float abc", "1:4: !!float 'abc' is not a number"),
    ("a: !!bool maybe", "1:4: !!bool 'maybe' is not a boolean"),
    ("a: !!null x", "1:4: !!null 'x' is not null"),
    ("a: -.inf", "1:4: '-.inf' is not a number a template can hold"),
    ("a: .NaN", "1:4: '.NaN' is not a number a template can hold"),
    ("a: {? [x]: 1}", "1:7: a mapping key must be text (a name), not a list"),
    ("a: {? {x: 1}: 1}", "1:7: a mapping key must be text (a name), not a mapping"),
    ("a:\n  !Sub x: 1", "2:3: a mapping key must be text (a name), not a function"),
    ("a: !GetAtt [A, B, C]", "1:4: Fn::GetAtt takes [Resource, Attribute]"),
    ("a: {Fn::GetAtt: [[A], B]}", "1:17: Fn::GetAtt: the resource must be a name"),
    ("a: {Fn::GetAtt: {A: B}}", "1:17: Fn::GetAtt takes Resource.Attribute or [Resource, Attribute]"),
    ("a: {Ref: [x]}", "1:10: Ref takes a name (text), not a list"),
    ("a: !Transform [1]", "1:4: Fn::Transform takes a mapping with the macro's Name"),
    ("a: 1\nb: x\x07", "2:5: control characters are not allowed: character U+0007"),
    ("a: " + "9" * 5000, "1:4: '" + "9" * 37 + "...' is not a number a template can hold (it has more than 1,000"),
    ('{"a": ' + "9" * 5000 + "}", "1:7: '" + "9" * 37 + "...' is not a number a template can hold"),
    ("a: " + ":".join(["59"] * 700), "1:4: '59:59:"),  # YAML 1.1's base 60 grows past what JSON prints
])
def test_wrong_shapes_are_located_errors(text: str, message: str) -> None:
    with pytest.raises(cfnbridge.LoadError) as info:
        parse(text, "t.yaml")
    assert str(info.value).startswith(f"t.yaml:{message}")


def test_names_as_values_of_ref_and_getatt_stay_text() -> None:
    assert parse("a: {Ref: yes}\nb: !GetAtt [1, Arn]\nc: {Condition: 'on'}") == \
        {"a": fn.Ref("yes"), "b": fn.GetAtt(["1", "Arn"]), "c": fn.Condition("on")}


def test_find_in_map_with_numeric_and_boolean_keys_finds_its_entry() -> None:
    """Mapping keys and FindInMap's lookups are both the text written, so 80 finds 80 and yes finds yes."""
    template = cfnbridge.load("Mappings:\n  Ports:\n    80: {yes: http}\nResources:\n  A:\n    Type: X::Y::Z\n"
                              "    Properties: {P: !FindInMap [Ports, 80, yes]}\n")
    assert cfnbridge.evaluate(template, template.resources["A"].properties["P"]) == "http"


def test_text_that_cannot_be_a_file_name_is_read_as_text() -> None:
    with pytest.raises(cfnbridge.TemplateError, match="<string>:1:12: Resources must be a mapping"):
        cfnbridge.load("Resources: " + "x" * 5000)  # once an OSError: the name is too long for a file
    with pytest.raises(cfnbridge.LoadError, match="not a usable file name"):
        cfnbridge.load("x\x00y.yaml")
