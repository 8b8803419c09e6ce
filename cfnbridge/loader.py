"""Text to a located tree: JSON or YAML, CloudFormation short tags, bounded and strict.

libyaml (``yaml.CSafeLoader``'s parser) composes the node graph; one small iterative-free
builder below turns nodes into :mod:`cfnbridge.nodes` containers and
:mod:`cfnbridge.intrinsics` functions in a single pass. JSON goes through the same path
(it is YAML for libyaml), so both formats give the same tree and the same positions.

Strictness that plain loaders lack, each a located :class:`~cfnbridge.errors.LoadError`:
duplicate keys (naming both lines), unknown tags, explicit tags whose text does not fit
(``!!int abc``), keys that are not text (``? [a, b]``, a function as a key), numbers JSON
cannot hold (``.inf``, ``.nan``), a ``Fn::GetAtt`` list that is not ``[Resource, Attribute]``,
and bounds on the bytes read from any source, nesting depth and alias expansion (an alias
bomb stops after a fixed number of nodes instead of filling memory).

Data stays as written: mapping keys are the text of the key (a resource named ``yes`` or
``1`` stays the string ``"yes"`` / ``"1"``, as CloudFormation's logical IDs are text), dates
stay strings, a plain ``=`` is text, and a JSON document's numbers are JSON numbers
(``2.62144e5`` is a float, although YAML 1.1 would read it as a string).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from cfnbridge.errors import DuplicateKeyError, LimitError, LoadError, Location, UnknownTagError
from cfnbridge.gc_pause import collector_paused
from cfnbridge.intrinsics import (
    FUNCTIONS,
    SHORT_TAGS,
    Condition,
    FindInMap,
    GetAtt,
    If,
    Intrinsic,
    Ref,
    Sub,
    Transform,
    UnknownFunction,
)
from cfnbridge.json_escapes import ColumnShift, join_surrogate_pairs
from cfnbridge.nesting import MAX_DEPTH, check_block_depth, check_flow_depth
from cfnbridge.nodes import LocatedDict, LocatedList
from cfnbridge.scalars import JSON_NUMBER, json_number, typed_scalar
from cfnbridge.sources import MAX_BYTES, decode, looks_like_path, read_source, read_stdin

__all__ = ["MAX_BYTES", "MAX_DEPTH", "decode", "looks_like_path", "parse", "read_source", "read_stdin"]

_NODE_BUDGET_PER_BYTE = 2
_NODE_BUDGET_FLOOR = 10_000

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_VALUE = "tag:yaml.org,2002:value"  # YAML 1.1's plain "=": CloudFormation reads it as text
_TEXT_TAGS = frozenset({_STR, _TIMESTAMP, _VALUE})
_JSON_START = re.compile(r"\s*[\[{]")
_ScalarNode = yaml.ScalarNode
_MappingNode = yaml.MappingNode
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Parser(_Base):
    """libyaml's parser, with each plain scalar's implicit tag resolved once per process.

    The composer asks the resolver for every node; templates repeat the same few thousand
    words (``Type``, ``Properties``, ``Ref`` targets) hundreds of thousands of times, a quoted
    scalar is always text, and a mapping or a sequence always has the default tag. The answer
    depends on the value alone (SafeLoader has no path resolvers), so it is kept across the
    files of a run, up to ``_PLAIN_KEPT`` words.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if self.yaml_path_resolvers:
            return _Base.resolve(self, kind, value, implicit)
        if kind is not _ScalarNode:
            return _MAP if kind is _MappingNode else _SEQ
        if not implicit[0]:
            return _STR
        tag = _PLAIN_TAGS.get(value)
        if tag is None:
            if len(_PLAIN_TAGS) >= _PLAIN_KEPT:
                _PLAIN_TAGS.clear()
            tag = _PLAIN_TAGS[value] = _Base.resolve(self, kind, value, implicit)
        return tag


_PLAIN_TAGS: dict[str, str] = {}
_PLAIN_KEPT = 200_000


def parse(text: str, name: str = "<string>") -> Any:
    """Parse JSON or YAML text into located containers and intrinsic functions."""
    if len(text) > MAX_BYTES:
        raise LimitError(f"text is {len(text):,} characters; the limit is {MAX_BYTES:,}", Location(name, 1, 1))
    check_flow_depth(text, name)
    check_block_depth(text, name)
    with collector_paused():  # the tree is acyclic and built in one go
        return _parse(text, name)


def _parse(text: str, name: str) -> Any:
    is_json = _JSON_START.match(text) is not None
    shift = None
    if is_json:  # every JSON string is double-quoted, so each \\u pair is an escape, never text
        text, shift = join_surrogate_pairs(text)
    loader = _Parser(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, name, shift) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, name, shift) from None
    except yaml.YAMLError as exc:
        raise LoadError(f"could not parse: {' '.join(str(exc).split())}", Location(name, 1, 1)) from None
    finally:
        loader.dispose()
    if node is None:
        raise LoadError("file is empty", Location(name, 1, 1))
    builder = _Builder(name, budget=max(_NODE_BUDGET_FLOOR, _NODE_BUDGET_PER_BYTE * len(text)), json=is_json,
                       loops="Fn::ForEach::" in text)
    try:
        root = builder.build(node, 0)
    except LoadError as exc:
        if shift is not None and exc.location is not None:
            line = exc.location.line - 1
            exc.location = Location(name, line + 1, shift.column(line, exc.location.column - 1) + 1)
        raise
    if shift is not None:
        shift.apply(root)
    return root


def _reader_error(exc: yaml.reader.ReaderError, text: str, name: str, shift: ColumnShift | None) -> LoadError:
    """A character YAML does not allow (a control character), at its line and column."""
    position = exc.position if isinstance(exc.position, int) and 0 <= exc.position <= len(text) else 0
    line = text.count("\n", 0, position)
    column = position - (text.rfind("\n", 0, position) + 1)
    if shift is not None:
        column = shift.column(line, column)
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return LoadError(f"{exc.reason}: character U+{code:04X} (write it as an escape in a double-quoted string)",
                     Location(name, line + 1, column + 1))


def _syntax_error(exc: yaml.MarkedYAMLError, name: str, shift: ColumnShift | None = None) -> LoadError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "syntax error"
    if exc.context and exc.problem:
        problem = f"{exc.problem} ({exc.context})"
    column = (shift.column(mark.line, mark.column) if shift else mark.column) if mark else 0
    location = Location(name, mark.line + 1, column + 1) if mark else Location(name, 1, 1)
    return LoadError(f"syntax error: {problem}", location)


_CHECKED = frozenset({GetAtt, Ref, Condition, Transform})
# Arguments that are names or mapping keys: kept as the text written, like the keys they name
# (a resource called 1, a FindInMap lookup of yes), never read as a number or a boolean.
_NAMES_AT: dict[type[Intrinsic], tuple[int, ...]] = {GetAtt: (0,), FindInMap: (0, 1, 2), If: (0,)}


def _names_as_text(args: Any, node: yaml.Node, positions: tuple[int, ...]) -> None:
    """Put back the written text of the plain scalars at ``positions`` of a function's argument list."""
    if not isinstance(args, list) or node.__class__ is not yaml.SequenceNode:
        return
    items = node.value
    for index in positions:
        if index < len(args) and not isinstance(args[index], str):
            item = items[index]
            if item.__class__ is _ScalarNode and item.tag[0] != "!":
                args[index] = item.value


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return "empty text"
    if isinstance(value, Intrinsic):
        return "a function"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "nothing" if value is None else "a number"


class _Builder:
    """Turns one composed node graph into located containers, counting every node built."""

    __slots__ = ("name", "budget", "json", "loops")

    def __init__(self, name: str, budget: int, json: bool = False, loops: bool = False) -> None:
        self.name = name
        self.budget = budget
        self.json = json  # a JSON document: plain scalars are JSON numbers, true, false, null
        self.loops = loops  # Fn::ForEach may name a resource !Sub 'X${Id}': expanded before the model

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
            if tag in _TEXT_TAGS:
                if self.json and not node.style and JSON_NUMBER.fullmatch(node.value):
                    return json_number(node, self._location)
                return node.value
            return typed_scalar(node, self._location)
        if node.__class__ is _MappingNode:
            if tag != _MAP:
                raise UnknownTagError(f"unsupported YAML tag {tag!r}", self._location(node))
            return self._mapping(node, depth)
        if tag != _SEQ:
            raise UnknownTagError(f"unsupported YAML tag {tag!r}", self._location(node))
        return self._sequence(node, depth)

    def _key(self, node: yaml.Node) -> str:
        """A mapping key as the text written: CloudFormation names are strings, ``yes`` and ``1`` too."""
        if node.__class__ is _ScalarNode and node.tag[0] != "!":
            return node.value
        kind = "a function" if node.tag[0] == "!" else "a list" if node.__class__ is not _MappingNode \
            else "a mapping"
        raise LoadError(f"a mapping key must be text (a name), not {kind}", self._location(node))

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
        merged: set[str] = set()  # keys a merge (<<) gave: the mapping's own keys override them
        build = self.build
        depth += 1
        for key_node, value_node in pairs:
            if key_node.tag == _MERGE:
                self._merge(result, merged, value_node, depth)
                continue
            key = key_node.value if key_node.tag == _STR else self._key(key_node)
            key_mark = key_node.start_mark
            if key in marks:
                if key not in merged:
                    first = marks[key]
                    raise DuplicateKeyError(
                        key,
                        Location(self.name, key_mark.line + 1, key_mark.column + 1),
                        Location(self.name, first[0] + 1, first[1] + 1),
                    )
                merged.discard(key)
            value_mark = value_node.start_mark
            marks[key] = (key_mark.line, key_mark.column, value_mark.line, value_mark.column)
            result[key] = build(value_node, depth)
        return result

    def _merge(self, result: LocatedDict, merged: set[str], value_node: yaml.Node, depth: int) -> None:
        """``<<: *anchor`` (or a list of them) adds the keys the mapping does not set itself.

        Keys set before or after the merge win over merged ones; of several merged
        mappings, the first that has a key gives it.
        """
        sources = value_node.value if value_node.__class__ is yaml.SequenceNode else [value_node]
        for source in sources:
            value = self.build(source, depth)
            if not isinstance(value, LocatedDict):
                raise LoadError("a merge key (<<) needs a mapping or a list of mappings", self._location(source))
            for key, item in value.items():
                if key not in result:
                    result[key] = item
                    result.marks[key] = value.marks[key]
                    merged.add(key)

    def _long_form(self, node: yaml.Node, key: str, value_node: yaml.Node, depth: int) -> Intrinsic | None:
        cls = FUNCTIONS.get(key)
        if key == "Condition" and value_node.__class__ is not _ScalarNode:
            return None  # a property named Condition (IAM statements), not the function
        if key.startswith("Fn::ForEach::"):
            return None  # a ForEach loop key is a section entry, not a value
        if (cls is Ref or cls is Condition) and value_node.__class__ is _ScalarNode and value_node.tag[0] != "!":
            args: Any = value_node.value  # a name as written: {Ref: 1} names the resource "1"
        else:
            args = self.build(value_node, depth + 1)
        if cls in _NAMES_AT:
            _names_as_text(args, value_node, _NAMES_AT[cls])
        if cls in _CHECKED:
            self._check_args(cls, args, value_node)
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
        elif node.__class__ is _MappingNode:
            args = self._mapping(node, depth)
        else:
            args = self._sequence(node, depth)
            if cls in _NAMES_AT:
                _names_as_text(args, node, _NAMES_AT[cls])
        if cls in _CHECKED:
            self._check_args(cls, args, node)
        return cls(args, mark.line, mark.column, mark.line, mark.column)

    def _check_args(self, cls: type[Intrinsic], args: Any, node: yaml.Node) -> None:
        """The shapes CloudFormation insists on where any other would be lost or misread downstream."""
        if cls is GetAtt:
            self._check_get_att(args, node)
        elif cls is Transform:
            macros = args if isinstance(args, list) else [args]
            if not macros or not all(isinstance(m, dict) and isinstance(m.get("Name"), str) for m in macros):
                raise LoadError("Fn::Transform takes a mapping with the macro's Name (and its Parameters), "
                                "or a list of them", self._location(node))
        elif not isinstance(args, str) or not args:
            raise LoadError(f"{cls.name} takes a name (text), not {_kind(args)}", self._location(node))

    def _check_get_att(self, args: Any, node: yaml.Node) -> None:
        """``Resource.Attribute`` or ``[Resource, Attribute]``; anything else would lose a part silently."""
        if isinstance(args, str):
            if "." not in args:
                raise LoadError(f"!GetAtt {args!r} needs the form Resource.Attribute", self._location(node))
        elif isinstance(args, list):
            if len(args) != 2 or not (isinstance(args[0], str) or (self.loops and isinstance(args[0], Sub | Ref))):
                raise LoadError(f"Fn::GetAtt takes [Resource, Attribute], a resource name and an attribute; "
                                f"this list has {len(args)} item{'s' if len(args) != 1 else ''}"
                                if len(args) != 2 else "Fn::GetAtt: the resource must be a name (text)",
                                self._location(node))
        else:
            raise LoadError("Fn::GetAtt takes Resource.Attribute or [Resource, Attribute]", self._location(node))
