"""Serializing the output once, deterministically, as readable YAML.

Keys keep the order the translator built them in (HOT's conventional section order),
multi-line strings are written as literal blocks so user data stays readable, and no
anchors or aliases appear even where the translator reused an object.
"""

from __future__ import annotations

from typing import Any

import yaml

_Base: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_Base):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Multi-line text as a literal block, unless that would change it.

    A literal block cannot keep trailing spaces on a line (nor tabs or a leading space on
    the first line reliably), and user data split by Fn::Join often ends a piece with one:
    those strings are written double-quoted, byte for byte.
    """
    if "\n" in value and _block_safe(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _block_safe(value: str) -> bool:
    lines = value.split("\n")
    return not value.startswith((" ", "\t")) and all(line == line.rstrip() and "\t" not in line for line in lines)


def _dict(dumper: yaml.SafeDumper, value: dict) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items())


def _list(dumper: yaml.SafeDumper, value: list) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value)


_Dumper.add_representer(str, _str)
_Dumper.add_multi_representer(dict, _dict)
_Dumper.add_multi_representer(list, _list)


def to_yaml(document: Any) -> str:
    """The document as block-style YAML, keys in insertion order."""
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, default_flow_style=False,
                     allow_unicode=True, width=100)
