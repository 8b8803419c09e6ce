"""Text to a located tree: JSON or YAML, CloudFormation short tags, bounded and strict.

libyaml (``yaml.CSafeLoader``'s parser) composes the node graph; one small iterative-free
builder below turns nodes into :mod:`cfnbridge.nodes` containers and
:mod:`cfnbridge.intrinsics` functions in a single pass. JSON goes through the same path
(it is YAML for libyaml), so both formats give the same tree and the same positions.

Strictness that plain loaders lack, each a located :class:`~cfnbridge.errors.LoadError`:
duplicate keys (naming both lines), unknown tags, dates kept as strings, and bounds on
file size, nesting depth and alias expansion (an alias bomb stops after a fixed number
of nodes instead of filling memory).
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any

import yaml

from cfnbridge.errors import DuplicateKeyError, LimitError, LoadError, Location, UnknownTagError
from cfnbridge.intrinsics import FUNCTIONS, SHORT_TAGS, GetAtt, Intrinsic, UnknownFunction
from cfnbridge.nodes import LocatedDict, LocatedList

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 100
_NODE_BUDGET_PER_BYTE = 2
_NODE_BUDGET_FLOOR = 10_000

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_scalars = yaml.constructor.SafeConstructor()
_SCALAR_BUILDERS = {
    "tag:yaml.org,2002:int": _scalars.construct_yaml_int,
    "tag:yaml.org,2002:float": _scalars.construct_yaml_float,
    "tag:yaml.org,2002:bool": _scalars.construct_yaml_bool,
    "tag:yaml.org,2002:null": _scalars.construct_yaml_null,
    "tag:yaml.org,2002:binary": _scalars.construct_yaml_binary,
}
_ScalarNode = yaml.ScalarNode
_MappingNode = yaml.MappingNode


def read_source(path: str | os.PathLike[str]) -> str:
    """Read a template file as text, refusing binary, non-UTF-8 and oversized files."""
    name = str(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise LimitError(f"file is {size:,} bytes; the limit is {MAX_BYTES:,}", Location(name, 1, 1))
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise LoadError("no such file", Location(name, 1, 1)) from None
    except IsADirectoryError:
        raise LoadError("is a directory, not a template file", Location(name, 1, 1)) from None
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}", Location(name, 1, 1)) from None
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) to text; anything else is a located error."""
    if b"\x00" in data[:8192]:
        raise LoadError("binary file (contains NUL bytes), not a template", Location(name, 1, 1))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise LoadError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", Location(name, line, column)) from None


def parse(text: str, name: str = "<string>") -> Any:
    """Parse JSON or YAML text into located containers and intrinsic functions."""
    if len(text) > MAX_BYTES:
        raise LimitError(f"text is {len(text):,} characters; the limit is {MAX_BYTES:,}", Location(name, 1, 1))
    _check_flow_depth(text, name)
    # The tree is acyclic and built in one go: pausing the cyclic garbage collector, which
    # would otherwise rescan the growing heap again and again, saves about a quarter.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse(text, name)
    finally:
        if collecting:
            gc.enable()


def _parse(text: str, name: str) -> Any:
    loader = _Parser(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, name) from None
    except yaml.YAMLError as exc:
        raise LoadError(f"could not parse: {exc}", Location(name, 1, 1)) from None
    finally:
        loader.dispose()
    if node is None:
        raise LoadError("file is empty", Location(name, 1, 1))
    builder = _Builder(name, budget=max(_NODE_BUDGET_FLOOR, _NODE_BUDGET_PER_BYTE * len(text)))
    return builder.build(node, 0)


def _syntax_error(exc: yaml.MarkedYAMLError, name: str) -> LoadError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "syntax error"
    if exc.context and exc.problem:
        problem = f"{exc.problem} ({exc.context})"
    location = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name, 1, 1)
    return LoadError(f"syntax error: {problem}", location)


def _check_flow_depth(text: str, name: str) -> None:
    """Refuse deep ``[[[[``/``{{{{`` nesting before libyaml sees it.

    libyaml composes recursively in C, and tens of thousands of open brackets crash the
    process; block nesting cannot get that deep within ``MAX_BYTES``.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    line = 1
    for char in text.translate(_BRACKETS_ONLY):
        if char == "\n":
            line += 1
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise LimitError(f"nesting deeper than {MAX_DEPTH} levels", Location(name, line, 1))
        elif depth:
            depth -= 1


class _KeepBrackets(dict):
    def __missing__(self, code: int) -> int | None:
        return code if chr(code) in "[]{}\n" else None


_BRACKETS_ONLY = _KeepBrackets()


class _Builder:
    """Turns one composed node graph into located containers, counting every node built."""

    __slots__ = ("name", "budget")

    def __init__(self, name: str, budget: int) -> None:
        self.name = name
        self.budget = budget

    def _location(self, node: yaml.Node) -> Location:
        return Location(self.name, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise LimitError("too many nodes after alias expansion (an alias bomb?)", self._location(node))
        if depth > MAX_DEPTH:
            raise LimitError(f"nesting deeper than {MAX_DEPTH} levels", self._location(node))
        tag = node.tag
        if tag[0] == "!":
            return self._short_tag(node, depth)
        if node.__class__ is _ScalarNode:
            if tag in (_STR, _TIMESTAMP):
                return node.value
            builder = _SCALAR_BUILDERS.get(tag)
            if builder is None:
                raise UnknownTagError(f"unsupported YAML tag {tag!r}", self._location(node))
            return builder(node)
        if node.__class__ is _MappingNode:
            if tag != _MAP:
                raise UnknownTagError(f"unsupported YAML tag {tag!r}", self._location(node))
            return self._mapping(node, depth)
        if tag != _SEQ:
            raise UnknownTagError(f"unsupported YAML tag {tag!r}", self._location(node))
        return self._sequence(node, depth)

    def _sequence(self, node: yaml.Node, depth: int) -> LocatedList:
        result = LocatedList()
        result.line = node.start_mark.line
        result.column = node.start_mark.column
        marks = result.marks
        build = self.build
        depth += 1
        for item in node.value:
            mark = item.start_mark
            marks.append((mark.line, mark.column))
            result.append(build(item, depth))
        return result

    def _mapping(self, node: yaml.Node, depth: int) -> Any:
        pairs = node.value
        if len(pairs) == 1:
            key_node, value_node = pairs[0]
            key = key_node.value
            if key_node.tag == _STR and (key == "Ref" or key.startswith("Fn::") or key == "Condition"):
                function = self._long_form(node, key, value_node, depth)
                if function is not None:
                    return function
        result = LocatedDict()
        start = node.start_mark
        result.line = start.line
        result.column = start.column
        marks = result.marks
        build = self.build
        depth += 1
        for key_node, value_node in pairs:
            if key_node.tag == _MERGE:
                self._merge(result, value_node, depth)
                continue
            key = key_node.value if key_node.tag == _STR else build(key_node, depth)
            key_mark = key_node.start_mark
            if key in marks:
                first = marks[key]
                raise DuplicateKeyError(
                    str(key),
                    Location(self.name, key_mark.line + 1, key_mark.column + 1),
                    Location(self.name, first[0] + 1, first[1] + 1),
                )
            try:
                hash(key)
            except TypeError:
                raise LoadError("a mapping key must be a plain value", self._location(key_node)) from None
            value_mark = value_node.start_mark
            marks[key] = (key_mark.line, key_mark.column, value_mark.line, value_mark.column)
            result[key] = build(value_node, depth)
        return result

    def _merge(self, result: LocatedDict, value_node: yaml.Node, depth: int) -> None:
        """``<<: *anchor`` merges keys that the mapping does not set itself."""
        sources = value_node.value if value_node.__class__ is not _MappingNode and isinstance(
            value_node.value, list) and value_node.tag == _SEQ else [value_node]
        for source in sources:
            merged = self.build(source, depth)
            if not isinstance(merged, LocatedDict):
                raise LoadError("a merge key (<<) needs a mapping", self._location(source))
            for key, value in merged.items():
                if key not in result:
                    result[key] = value
                    result.marks[key] = merged.marks[key]

    def _long_form(self, node: yaml.Node, key: str, value_node: yaml.Node, depth: int) -> Intrinsic | None:
        cls = FUNCTIONS.get(key)
        if key == "Condition" and value_node.__class__ is not _ScalarNode:
            return None  # a property named Condition (IAM statements), not the function
        if key.startswith("Fn::ForEach::"):
            return None  # a ForEach loop key is a section entry, not a value
        args = self.build(value_node, depth + 1)
        start, value_mark = node.start_mark, value_node.start_mark
        if cls is None:
            return UnknownFunction(key, args, start.line, start.column, value_mark.line, value_mark.column)
        return cls(args, start.line, start.column, value_mark.line, value_mark.column)

    def _short_tag(self, node: yaml.Node, depth: int) -> Intrinsic:
        tag = node.tag
        cls = SHORT_TAGS.get(tag)
        if cls is None:
            known = ", ".join(sorted(SHORT_TAGS))
            raise UnknownTagError(f"unknown tag {tag}; CloudFormation short forms are {known}",
                                  self._location(node))
        mark = node.start_mark
        if node.__class__ is _ScalarNode:
            args: Any = node.value
            if cls is GetAtt and isinstance(args, str) and "." not in args:
                raise LoadError(f"!GetAtt {args!r} needs the form Resource.Attribute", self._location(node))
        elif node.__class__ is _MappingNode:
            args = self._mapping(node, depth)
        else:
            args = self._sequence(node, depth)
        return cls(args, mark.line, mark.column, mark.line, mark.column)


def looks_like_path(source: str) -> bool:
    """A one-line string naming a template file, rather than template text."""
    if not source.strip() or "\n" in source or source.lstrip().startswith(("{", "[")):
        return False
    return source.endswith((".json", ".yaml", ".yml", ".template", ".txt")) or Path(source).is_file()
