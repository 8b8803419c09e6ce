"""``Fn::ForEach`` (the ``AWS::LanguageExtensions`` transform), expanded before the model is built.

CloudFormation runs the transform when a stack is created; Heat has no such loop, so a loop
whose collection is known before deployment is written out here, the way the transform
would: in ``Resources``, ``Outputs``, ``Conditions`` and inside any mapping below them
(resource properties), nested loops included. In each copy of the fragment ``${Id}`` in a
key becomes the value and ``&{Id}`` the value without its non-alphanumeric characters;
in values ``Ref: Id`` becomes the value and ``${Id}`` in an ``Fn::Sub`` text too (a text
left without variables becomes a plain string). Plain strings are left alone, as the
transform leaves them.

Every copied container keeps the positions of the fragment it was copied from, so a gap in
a generated resource points into the loop that made it. A collection is known when it is a
literal list, or a ``Ref`` to a ``CommaDelimitedList``/``List<…>`` parameter with a default
(then it is expanded with the default, and a warning says so: another value makes other
resources). Any other collection is computed at deploy time: the loop is left out of the
expanded tree and an error note (a gap for the translation) names it. A loop that cannot be
read at all (not ``[Identifier, Collection, {OutputKey: OutputValue}]``, a name made twice,
a logical ID that is not alphanumeric) is a located error, as CloudFormation refuses it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from cfnbridge.errors import LimitError, Location, TemplateError
from cfnbridge.intrinsics import GetAtt, If, Intrinsic, Ref, Sub, as_text
from cfnbridge.nodes import LocatedDict, LocatedList
from cfnbridge.template_checks import LANGUAGE_EXTENSIONS

LOOP = "Fn::ForEach::"
_SECTIONS = ("Conditions", "Resources", "Outputs")
_PLACEHOLDER = re.compile(r"([$&])\{([A-Za-z0-9_.:]+)\}")
_NOT_ALPHANUMERIC = re.compile(r"[^0-9A-Za-z]+")
_LOGICAL_ID = re.compile(r"[A-Za-z0-9]+")
_MAX_NODES = 1_000_000  # copies made by all loops of one template: a loop bomb stops here

Path = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class LoopNote:
    """What became of one loop that the translation reports: expanded with a default, or left out."""

    path: Path
    location: Location
    severity: str
    message: str
    hint: str


def has_loops(text: str) -> bool:
    """Whether the template text may hold a loop (a cheap test before any walk)."""
    return LOOP in text


def uses_language_extensions(root: LocatedDict) -> bool:
    transform = root.get("Transform")
    names = transform if isinstance(transform, list) else [transform]
    return LANGUAGE_EXTENSIONS in names


def expand(root: LocatedDict, filename: str) -> tuple[LocatedDict, list[LoopNote]]:
    """The tree with every loop of known collection written out, and the notes for the rest."""
    expander = _Expander(root, filename)
    result = LocatedDict()
    result.line, result.column, result.marks = root.line, root.column, dict(root.marks)
    for key, value in root.items():
        if key in _SECTIONS and isinstance(value, LocatedDict):
            value = expander.mapping(value, {}, (key,), section=True)
        result[key] = value
    if not expander.transform and expander.found:
        path = expander.found[0]
        raise TemplateError(f"{path[-1]} needs the AWS::LanguageExtensions transform "
                            "(Transform: AWS::LanguageExtensions)", expander.at(path))
    return result, expander.notes


class _Expander:
    """One template's expansion: its parameters, the notes made and the copies counted."""

    def __init__(self, root: LocatedDict, filename: str) -> None:
        self.root = root
        self.filename = filename
        parameters = root.get("Parameters")
        self.parameters = parameters if isinstance(parameters, dict) else {}
        self.transform = uses_language_extensions(root)
        self.notes: list[LoopNote] = []
        self.found: list[Path] = []
        self.budget = _MAX_NODES
        self.positions: dict[Path, tuple[int, int]] = {}  # loop path -> its key's position

    def at(self, path: Path) -> Location:
        line, column = self.positions.get(path, (0, 0))
        return Location(self.filename, line + 1, column + 1)

    def mapping(self, node: LocatedDict, params: dict[str, str], path: Path, *, section: bool = False) -> LocatedDict:
        """A copy of ``node`` with keys substituted and its loops written out."""
        result = LocatedDict()
        result.line, result.column = node.line, node.column
        for key, value in node.items():
            mark = node.marks.get(key, (node.line, node.column, node.line, node.column))
            if isinstance(key, str) and key.startswith(LOOP):
                self.positions[(*path, key)] = (mark[0], mark[1])
                self.found.append((*path, key))
                for new_key, new_value, new_mark in self.loop(key, value, params, (*path, key), section):
                    self._put(result, new_key, new_value, new_mark, (*path, key))
                continue
            new_key = _text(key, params) if params and isinstance(key, str) else key
            self._put(result, new_key, self.value(value, params, (*path, key)), mark, (*path, key))
        return result

    def _put(self, result: LocatedDict, key: Any, value: Any, mark: tuple[int, int, int, int], path: Path) -> None:
        if key in result:
            self.positions.setdefault(path, (mark[0], mark[1]))
            raise TemplateError(f"{key!r} is made twice (Fn::ForEach writes each key once: put the identifier "
                                "in the key, e.g. Name${Id})", Location(self.filename, mark[0] + 1, mark[1] + 1))
        result[key] = value
        result.marks[key] = mark

    def value(self, node: Any, params: dict[str, str], path: Path) -> Any:
        """A copy of ``node`` (positions kept) with the identifiers of ``params`` substituted."""
        self.budget -= 1
        if self.budget < 0:
            raise LimitError("Fn::ForEach makes too many copies (over 1,000,000 nodes)", self.at(self.found[-1]))
        if isinstance(node, LocatedDict):
            return self.mapping(node, params, path)
        if isinstance(node, list):
            result = LocatedList(self.value(item, params, (*path, index)) for index, item in enumerate(node))
            result.line, result.column = getattr(node, "line", 0), getattr(node, "column", 0)
            result.marks = list(getattr(node, "marks", []))
            return result
        if isinstance(node, Intrinsic):
            return self.function(node, params, path)
        return node

    def function(self, node: Intrinsic, params: dict[str, str], path: Path) -> Any:
        if params and isinstance(node, Ref) and node.args in params:
            return params[node.args]
        clone = copy.copy(node)
        args = node.args
        if params and isinstance(node, Sub):
            if isinstance(args, str):
                text = _text(args, params)
                return text if "${" not in text else _with_args(clone, text)
            if isinstance(args, list) and args and isinstance(args[0], str):
                copied = self.value(args, params, path)
                copied[0] = _text(args[0], params)
                return _with_args(clone, copied)
        if isinstance(node, If) and isinstance(args, list) and args:
            copied = self.value(args, params, path)
            copied[0] = args[0]  # the condition's name is not substituted, as the transform does
            return _with_args(clone, copied)
        clone.args = self.value(args, params, path)
        if isinstance(node, GetAtt) and isinstance(clone.args, list) and clone.args \
                and not isinstance(clone.args[0], str) and params:
            raise TemplateError("Fn::GetAtt: the resource name must be known once the loop is written out",
                                Location(self.filename, node.line + 1, node.column + 1))
        return clone

    def loop(self, key: str, body: Any, params: dict[str, str], path: Path,
             section: bool) -> list[tuple[Any, Any, tuple[int, int, int, int]]]:
        """The entries one loop writes into its parent mapping (none if its collection is not known)."""
        where = self.at(path)
        if not isinstance(body, list) or len(body) != 3:
            raise TemplateError(f"{key} takes [Identifier, Collection, {{OutputKey: OutputValue}}]", where)
        identifier, collection, fragment = body
        if not isinstance(identifier, str) or not _LOGICAL_ID.fullmatch(identifier):
            raise TemplateError(f"{key}: the identifier must be a name (letters and digits)", where)
        if identifier in params:
            raise TemplateError(f"{key}: the identifier {identifier!r} is already used by an enclosing loop", where)
        if not isinstance(fragment, LocatedDict) or not fragment:
            raise TemplateError(f"{key}: the third item must be a mapping {{OutputKey: OutputValue}}", where)
        values = self.collection(key, self.value(collection, params, (*path, 1)), path)
        entries: list[tuple[Any, Any, tuple[int, int, int, int]]] = []
        for item in values or ():
            inner = {**params, identifier: item}
            written = self.mapping(fragment, inner, (*path, 2), section=section)
            for new_key, new_value in written.items():
                if section and isinstance(new_key, str) and not _LOGICAL_ID.fullmatch(new_key):
                    mark = written.marks[new_key]
                    raise TemplateError(f"{key} makes the name {new_key!r}, which is not alphanumeric "
                                        f"(write &{{{identifier}}} to drop the other characters)",
                                        Location(self.filename, mark[0] + 1, mark[1] + 1))
                entries.append((new_key, new_value, written.marks[new_key]))
        return entries

    def collection(self, key: str, collection: Any, path: Path) -> list[str] | None:
        """The loop's values, or None (with an error note) when they are known only at deploy time."""
        where = self.at(path)
        if isinstance(collection, list):
            if all(isinstance(item, str | int | float | bool) for item in collection):
                return [as_text(item) for item in collection]
            return self._unknown(key, path, "an item of its collection is computed at deploy time")
        if isinstance(collection, Ref):
            return self._parameter(key, collection.args, path)
        if isinstance(collection, Intrinsic):
            return self._unknown(key, path, f"its collection is computed at deploy time ({collection.label})")
        raise TemplateError(f"{key}: the collection must be a list or a Ref to a list parameter", where)

    def _parameter(self, key: str, name: str, path: Path) -> list[str] | None:
        spec = self.parameters.get(name)
        kind = spec.get("Type") if isinstance(spec, dict) else None
        if not isinstance(kind, str) or not (kind == "CommaDelimitedList" or kind.startswith("List<")):
            what = "is not a parameter" if spec is None else f"is a {kind} parameter, not a list"
            raise TemplateError(f"{key}: the collection {name!r} {what}", self.at(path))
        if "Default" not in spec or not isinstance(spec["Default"], str | int | float):
            return self._unknown(key, path, f"its collection is the parameter {name!r}, which has no default",
                                 f"give {name} a default, or write the list in the loop")
        default = as_text(spec["Default"])
        values = [item.strip() for item in default.split(",")] if default else []
        self.notes.append(LoopNote(path, self.at(path), "warning",
                                   f"{key} was written out for the default of {name!r} ({', '.join(values)}); "
                                   f"a stack given another {name} would have other resources in CloudFormation",
                                   "the Heat template is fixed to these values: edit the loop's list to change them"))
        return values

    def _unknown(self, key: str, path: Path, why: str, hint: str = "") -> None:
        self.notes.append(LoopNote(path, self.at(path), "error", f"{key} was left out: {why}, and Heat has no loop",
                                   hint or "write the collection as a literal list, or use OS::Heat::ResourceGroup"))
        return None


def _text(text: str, params: dict[str, str]) -> str:
    """``${Id}`` replaced by the value, ``&{Id}`` by the value without non-alphanumeric characters."""
    def replace(match: re.Match[str]) -> str:
        value = params.get(match.group(2))
        if value is None:
            return match.group(0)
        return value if match.group(1) == "$" else _NOT_ALPHANUMERIC.sub("", value)

    return _PLACEHOLDER.sub(replace, text)


def _with_args(clone: Intrinsic, args: Any) -> Intrinsic:
    clone.args = args
    return clone
