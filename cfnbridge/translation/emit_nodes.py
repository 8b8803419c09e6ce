"""The output written through PyYAML's serializer and C emitter, from a node tree built here.

This is how the output was first written, and what its bytes are defined by: emit.py writes the
same text directly (five times faster) and falls back to this path for a document holding a
value it does not cover (a key too long for the simple form, a float subclass, an object of
another type); its tests compare the two over the corpus and over generated trees.

The node tree is built directly, one small function per type: PyYAML's generic representer
looks each value's type up through its class hierarchy and tracks every object for aliases.
Multi-line strings are asked for as literal blocks so user data stays readable, and no
anchors or aliases appear even where the translator reused an object.
"""

from __future__ import annotations

import functools
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cfnbridge.gc_pause import collector_paused
from cfnbridge.translation.yaml_scalars import block_safe

_Base: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_BOOL, _INT, _NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:null"


class _Dumper(_Base):
    def ignore_aliases(self, data: Any) -> bool:
        return True

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """The serializer asks, twice per scalar, which tag its text would read as; the answer
        depends on the text alone, and keys and values repeat, so it is asked once per text."""
        if kind is ScalarNode:
            return _resolved(value, implicit)
        return super().resolve(kind, value, implicit)


@functools.lru_cache(maxsize=65536)
def _resolved(value: str, implicit: tuple[bool, bool]) -> str:
    return _Base.resolve(_RESOLVER, ScalarNode, value, implicit)


def _str(value: str) -> ScalarNode:
    """Multi-line text as a literal block, unless that would change it.

    A literal block cannot keep trailing spaces on a line (nor tabs or a leading space on
    the first line reliably), and user data split by Fn::Join often ends a piece with one:
    those strings are written double-quoted, byte for byte.
    """
    if "\n" in value:
        return ScalarNode(_STR, value, style="|" if block_safe(value) else '"')
    return ScalarNode(_STR, value)


def _node(value: Any) -> Node:
    kind = type(value)
    if kind is str:
        return _str(value)
    if kind is dict:
        return MappingNode(_MAP, [(_node(key), _node(item)) for key, item in value.items()], flow_style=False)
    if kind is list:
        return SequenceNode(_SEQ, [_node(item) for item in value], flow_style=False)
    if kind is bool:
        return ScalarNode(_BOOL, "true" if value else "false")
    if kind is int:
        return ScalarNode(_INT, str(value))
    if value is None:
        return ScalarNode(_NULL, "null")
    if isinstance(value, dict):  # a subclass (a located mapping): the same, by its items
        return MappingNode(_MAP, [(_node(key), _node(item)) for key, item in value.items()], flow_style=False)
    if isinstance(value, list):
        return SequenceNode(_SEQ, [_node(item) for item in value], flow_style=False)
    if isinstance(value, str):
        return _str(str(value))
    return _REPRESENTER.represent_data(value)  # floats and anything rarer, as PyYAML writes them


_REPRESENTER = yaml.SafeDumper(None, default_flow_style=False)
_RESOLVER = _Base(None)


def to_yaml_nodes(document: Any) -> str:
    """The document as block-style YAML, keys in insertion order, through PyYAML's nodes."""
    with collector_paused():  # hundreds of thousands of short-lived nodes
        return yaml.serialize(_node(document), Dumper=_Dumper, allow_unicode=True, width=100)
