"""Typed scalars as CloudFormation can hold them: YAML's ints, floats, booleans and nulls, and JSON numbers.

A tag whose text does not fit (``!!int abc``, ``!!bool maybe``) is a located error, not
a ValueError; so is a number no JSON can write (``.inf``, ``.nan``, ``1e400``, or more
digits than Python will print). In a JSON document a plain scalar is a JSON number
(``2.62144e5`` is a float there, although YAML 1.1 reads it as text).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import yaml

from cfnbridge.errors import LoadError, Location, UnknownTagError

_NULL = "tag:yaml.org,2002:null"
_NULL_FORMS = frozenset({"", "~", "null", "Null", "NULL"})
_TAG_KINDS = {"int": "an integer", "float": "a number", "bool": "a boolean (true/false, yes/no, on/off)",
              "null": "null", "binary": "base64 data"}
_MAX_NUMBER_CHARS = 1000  # digits of one number; Python prints no int of more than 4,300
_MAX_INT_BITS = 3300  # about 1,000 decimal digits
JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_NOT_NULL = object()  # a typed scalar whose text does not fit its tag
_scalars = yaml.constructor.SafeConstructor()
_SCALAR_BUILDERS = {
    "tag:yaml.org,2002:int": _scalars.construct_yaml_int,
    "tag:yaml.org,2002:float": _scalars.construct_yaml_float,
    "tag:yaml.org,2002:bool": _scalars.construct_yaml_bool,
    "tag:yaml.org,2002:null": _scalars.construct_yaml_null,
}


def _short(text: str) -> str:
    """``text`` quoted for a message, cut to a readable length."""
    return repr(text if len(text) <= 40 else text[:37] + "...")


def typed_scalar(node: yaml.Node, locate: Callable[[yaml.Node], Location]) -> Any:
    """An int, float, bool or null, resolved or tagged (``!!int 8``); text that does not fit is an error."""
    tag = node.tag
    builder = _SCALAR_BUILDERS.get(tag)
    kind = tag.rsplit(":", 1)[-1]
    if builder is None:
        if kind == "binary":
            raise UnknownTagError("binary data (!!binary) cannot be a template value; write it as a "
                                  "base64 string", locate(node))
        raise UnknownTagError(f"unsupported YAML tag {tag!r}", locate(node))
    if tag == _NULL and node.value not in _NULL_FORMS:
        value: Any = _NOT_NULL
    else:
        if len(node.value) > _MAX_NUMBER_CHARS and kind in ("int", "float"):
            raise _unholdable(node, locate)
        try:
            value = builder(node)
        except (ValueError, KeyError, IndexError, TypeError, yaml.YAMLError):
            value = _NOT_NULL
    if value is _NOT_NULL:
        raise LoadError(f"!!{kind} {_short(node.value)} is not {_TAG_KINDS.get(kind, kind)}",
                        locate(node))
    return _holdable(value, node, locate)


def json_number(node: yaml.Node, locate: Callable[[yaml.Node], Location]) -> int | float:
    if len(node.value) > _MAX_NUMBER_CHARS:
        raise _unholdable(node, locate)
    match = JSON_NUMBER.fullmatch(node.value)
    value = float(node.value) if match and (match.group(1) or match.group(2)) else int(node.value)
    return _holdable(value, node, locate)


def _holdable(value: Any, node: yaml.Node, locate: Callable[[yaml.Node], Location]) -> Any:
    """A number JSON can write: finite, and an integer short enough to print (YAML's 1:30:00 form can grow)."""
    if (isinstance(value, float) and not math.isfinite(value)) or \
            (isinstance(value, int) and value.bit_length() > _MAX_INT_BITS):
        raise _unholdable(node, locate, "JSON has no infinity or NaN" if isinstance(value, float) else None)
    return value


def _unholdable(node: yaml.Node, locate: Callable[[yaml.Node], Location], why: str | None = None) -> LoadError:
    why = why or f"it has more than {_MAX_NUMBER_CHARS:,} digits"
    return LoadError(f"{_short(node.value)} is not a number a template can hold ({why}); "
                     "quote it to keep it as text", locate(node))
