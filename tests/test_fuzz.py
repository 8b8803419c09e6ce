"""Property-based: mutated corpus templates load and graph, or fail with a located cfnbridge error.

Mutations: keys deleted, values swapped for other types, unknown functions injected,
text truncated, nesting deepened. Anything other than success or a located
``CfnBridgeError`` (a KeyError, a RecursionError, a crash) fails the test.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cfnbridge
from cfnbridge.errors import flatten
from cfnbridge.nodes import to_plain
from tests.conftest import corpus_templates

_SOURCES = [p for p in corpus_templates() if p.stat().st_size < 12_000][::4]
_OTHER_VALUES = st.one_of(st.none(), st.integers(), st.booleans(), st.text(max_size=8),
                          st.lists(st.integers(), max_size=3),
                          st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
                          st.sampled_from([{"Ref": 3}, {"Fn::GetAtt": "nodot"}, {"Fn::Sub": ["${X}", 5]},
                                           {"Fn::Bogus": [1]}, {"Fn::Join": {"a": 1}}, {"Condition": "Nope"},
                                           {"Fn::If": ["Nope", 1]}, {"Ref": "AWS::NoValue"}]))


def _check(text: str, translate: bool = False) -> None:
    try:
        template = cfnbridge.load(text, filename="mutant.yaml")
        cfnbridge.build_graph(template)
        if translate:  # a broken template translates with gaps, or stops with a located error
            for to in ("hot", "native"):
                for gap in cfnbridge.translate(template, to=to).gaps:
                    assert gap.location.file == "mutant.yaml" and gap.location.line >= 1
    except cfnbridge.CfnBridgeError as error:
        for item in flatten(error):
            assert item.location is not None, f"error without a location: {item!r}"
            assert item.location.file == "mutant.yaml" and item.location.line >= 1


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _mutate(tree, path, operation, replacement):
    if not path:
        return replacement if operation == "swap" else tree
    parent = tree
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if operation == "delete":
        del parent[last]
    elif operation == "swap":
        parent[last] = replacement
    elif operation == "deepen":
        parent[last] = {"Fn::Join": ["", [[[[{"Nested": [[parent[last]]]}]]]]]}
    return tree


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_structural_mutations(data) -> None:
    source = data.draw(st.sampled_from(_SOURCES))
    try:
        tree = to_plain(cfnbridge.load(source).root)
    except cfnbridge.CfnBridgeError:
        return
    paths = list(_paths(tree))
    path = data.draw(st.sampled_from(paths))
    operation = data.draw(st.sampled_from(["delete", "swap", "deepen"]))
    replacement = data.draw(_OTHER_VALUES)
    try:
        mutated = _mutate(tree, path, operation, replacement)
    except (TypeError, KeyError, IndexError):
        return
    _check(json.dumps(mutated, indent=1, default=str), translate=True)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_text_mutations(data) -> None:
    source = data.draw(st.sampled_from(_SOURCES))
    text = source.read_text(encoding="utf-8")
    operation = data.draw(st.sampled_from(["truncate", "inject", "splice"]))
    position = data.draw(st.integers(0, len(text)))
    if operation == "truncate":
        text = text[:position]
    elif operation == "inject":
        text = text[:position] + data.draw(st.sampled_from(
            ["!Bogus x", "!Ref", "{", "]", ": :", "&a", "*a", "\t", "!GetAtt x", "- !Sub", "\x00", "'"]
        )) + text[position:]
    else:
        text = text[:position] + data.draw(st.text(max_size=6)) + text[position:]
    _check(text, translate=True)
