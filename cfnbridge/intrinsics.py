"""CloudFormation intrinsic functions as classes, one per function.

The loader builds these directly, from the long form (``{"Fn::Join": [...]}``) and from
the short tags (``!Join [...]``) alike, so the rest of cfnbridge never inspects raw dicts
to find a function. Each class's docstring shows the forms it accepts. ``FUNCTIONS`` maps
long-form names to classes and ``SHORT_TAGS`` maps YAML tags to the same classes; a
``Fn::`` name that is not in the table becomes :class:`UnknownFunction`, so translation
and lint can report it with its position instead of passing it through unseen.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, ClassVar


class Intrinsic:
    """Base of all functions: ``args`` as written, and where the call starts (0-based)."""

    __slots__ = ("args", "line", "column", "value_line", "value_column")
    name: ClassVar[str] = ""
    short_tag: ClassVar[str | None] = None

    def __init__(self, args: Any, line: int = 0, column: int = 0,
                 value_line: int | None = None, value_column: int | None = None) -> None:
        self.args = self.normalize(args)
        self.line = line
        self.column = column
        self.value_line = line if value_line is None else value_line
        self.value_column = column if value_column is None else value_column

    @staticmethod
    def normalize(args: Any) -> Any:
        """Bring the arguments to one canonical shape (overridden where forms differ)."""
        return args

    def long_form(self, convert: Callable[[Any], Any]) -> dict[str, Any]:
        """``{name: args}`` with the arguments passed through ``convert``."""
        return {self.name: convert(self.args)}

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.long_form(_same) == other.long_form(_same)  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.name, repr(self.args)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.args!r})"


def _same(value: Any) -> Any:
    return value


class Ref(Intrinsic):
    """Takes the form ``{"Ref": "Name"}`` or ``!Ref Name``; Name is a parameter, a
    resource or a pseudo parameter such as ``AWS::Region``."""

    __slots__ = ()
    name = "Ref"
    short_tag = "!Ref"

    @property
    def target(self) -> str | None:
        return self.args if isinstance(self.args, str) else None


class GetAtt(Intrinsic):
    """Takes the form ``{"Fn::GetAtt": ["Resource", "Attribute"]}``, ``!GetAtt Resource.Attribute``
    or ``!GetAtt [Resource, Attribute]``; the attribute may itself be a ``Ref``. The dotted
    form splits at the first dot, so ``A.B.C`` is resource ``A``, attribute ``B.C``."""

    __slots__ = ()
    name = "Fn::GetAtt"
    short_tag = "!GetAtt"

    @staticmethod
    def normalize(args: Any) -> Any:
        if isinstance(args, str) and "." in args:
            resource, attribute = args.split(".", 1)
            return [resource, attribute]
        return args

    @property
    def resource(self) -> str | None:
        if isinstance(self.args, list) and self.args and isinstance(self.args[0], str):
            return self.args[0]
        return None

    @property
    def attribute(self) -> Any:
        if isinstance(self.args, list) and len(self.args) >= 2:
            return self.args[1]
        return None


_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")


class Sub(Intrinsic):
    """Takes the form ``{"Fn::Sub": "text ${Name} ${Res.Attr} ${!Literal}"}`` or
    ``{"Fn::Sub": ["text ${Var}", {"Var": value}]}`` (and the ``!Sub`` short tag)."""

    __slots__ = ()
    name = "Fn::Sub"
    short_tag = "!Sub"

    @property
    def text(self) -> Any:
        if isinstance(self.args, list):
            return self.args[0] if self.args else None
        return self.args

    @property
    def variables(self) -> dict[str, Any]:
        if isinstance(self.args, list) and len(self.args) > 1 and isinstance(self.args[1], dict):
            return self.args[1]
        return {}

    def parts(self) -> Iterator[tuple[str, str]]:
        """The text split into ``("text", s)`` and ``("var", name)`` pieces.

        ``${!Literal}`` comes out as the text ``${Literal}``, as CloudFormation writes it.
        """
        text = self.text
        if not isinstance(text, str):
            return
        position = 0
        for match in _SUB_VARIABLE.finditer(text):
            if match.start() > position:
                yield "text", text[position:match.start()]
            inner = match.group(1)
            if inner.startswith("!"):
                yield "text", "${" + inner[1:] + "}"
            else:
                yield "var", inner.strip()
            position = match.end()
        if position < len(text):
            yield "text", text[position:]


class Condition(Intrinsic):
    """Takes the form ``{"Condition": "Name"}`` or ``!Condition Name``: the value of a
    named condition, used inside ``Fn::And``, ``Fn::Or``, ``Fn::Not``."""

    __slots__ = ()
    name = "Condition"
    short_tag = "!Condition"

    @property
    def target(self) -> str | None:
        return self.args if isinstance(self.args, str) else None


def _simple(class_name: str, long_name: str, tag: str | None, form: str) -> type[Intrinsic]:
    """Define a function class whose arguments need no normalizing."""
    doc = f"Takes the form ``{{\"{long_name}\": {form}}}``" + (f" or ``{tag} {form}``." if tag else ".")
    return type(class_name, (Intrinsic,), {"__slots__": (), "name": long_name,
                                           "short_tag": tag, "__doc__": doc})


Join = _simple("Join", "Fn::Join", "!Join", '["delimiter", [values]]')
Select = _simple("Select", "Fn::Select", "!Select", "[index, [values]]")
Split = _simple("Split", "Fn::Split", "!Split", '["delimiter", "text"]')
If = _simple("If", "Fn::If", "!If", '["Condition", value_if_true, value_if_false]')
Equals = _simple("Equals", "Fn::Equals", "!Equals", "[value_1, value_2]")
And = _simple("And", "Fn::And", "!And", "[condition, ...]")
Or = _simple("Or", "Fn::Or", "!Or", "[condition, ...]")
Not = _simple("Not", "Fn::Not", "!Not", "[condition]")
FindInMap = _simple("FindInMap", "Fn::FindInMap", "!FindInMap", '["Map", "TopKey", "SecondKey"]')
GetAZs = _simple("GetAZs", "Fn::GetAZs", "!GetAZs", '"region"')
ImportValue = _simple("ImportValue", "Fn::ImportValue", "!ImportValue", '"ExportName"')
Base64 = _simple("Base64", "Fn::Base64", "!Base64", '"text"')
Cidr = _simple("Cidr", "Fn::Cidr", "!Cidr", '["ipBlock", count, cidrBits]')
Transform = _simple("Transform", "Fn::Transform", "!Transform", '{"Name": macro, "Parameters": {...}}')
Length = _simple("Length", "Fn::Length", "!Length", "[values]")
ToJsonString = _simple("ToJsonString", "Fn::ToJsonString", "!ToJsonString", "value")
# Functions of the Rules section, which checks parameter values before a deployment.
Contains = _simple("Contains", "Fn::Contains", "!Contains", "[[values], value]")
EachMemberEquals = _simple("EachMemberEquals", "Fn::EachMemberEquals", "!EachMemberEquals", "[[values], value]")
EachMemberIn = _simple("EachMemberIn", "Fn::EachMemberIn", "!EachMemberIn", "[[values], [allowed]]")
RefAll = _simple("RefAll", "Fn::RefAll", "!RefAll", '"ParameterType"')
ValueOf = _simple("ValueOf", "Fn::ValueOf", "!ValueOf", '["Parameter", "Attribute"]')
ValueOfAll = _simple("ValueOfAll", "Fn::ValueOfAll", "!ValueOfAll", '["ParameterType", "Attribute"]')
# Functions that only OpenStack Heat's CloudFormation dialect knows; heat-cfn templates use them.
Replace = _simple("Replace", "Fn::Replace", None, '[{"old": "new"}, "text"]')
MemberListToMap = _simple("MemberListToMap", "Fn::MemberListToMap", None, '["Key", "Value", [list]]')
ResourceFacade = _simple("ResourceFacade", "Fn::ResourceFacade", None, '"Metadata"')


class UnknownFunction(Intrinsic):
    """Any other single ``Fn::`` key, such as ``Fn::ForEach`` or a typo like ``Fn::Joinn``.

    Kept as a function so that translation and lint can name it at its position.
    """

    __slots__ = ("function_name",)

    def __init__(self, function_name: str, args: Any, line: int = 0, column: int = 0,
                 value_line: int | None = None, value_column: int | None = None) -> None:
        self.function_name = function_name
        super().__init__(args, line, column, value_line, value_column)

    def long_form(self, convert: Callable[[Any], Any]) -> dict[str, Any]:
        return {self.function_name: convert(self.args)}

    def __repr__(self) -> str:
        return f"UnknownFunction({self.function_name!r}, {self.args!r})"


_ALL: tuple[type[Intrinsic], ...] = (
    Ref, GetAtt, Sub, Condition, Join, Select, Split, If, Equals, And, Or, Not, FindInMap,
    GetAZs, ImportValue, Base64, Cidr, Transform, Length, ToJsonString, Contains,
    EachMemberEquals, EachMemberIn, RefAll, ValueOf, ValueOfAll, Replace, MemberListToMap,
    ResourceFacade,
)

FUNCTIONS: dict[str, type[Intrinsic]] = {cls.name: cls for cls in _ALL}
SHORT_TAGS: dict[str, type[Intrinsic]] = {cls.short_tag: cls for cls in _ALL if cls.short_tag}
CONDITION_FUNCTIONS: frozenset[str] = frozenset({"Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition"})
PSEUDO_PARAMETERS: frozenset[str] = frozenset({
    "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region",
    "AWS::StackId", "AWS::StackName", "AWS::URLSuffix",
})


def walk(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Intrinsic, tuple[Any, ...]]]:
    """Every intrinsic inside ``value`` (outermost first) with its path from ``value``.

    Iterative, so deeply nested templates cannot exhaust the Python stack.
    """
    stack: list[tuple[Any, tuple[Any, ...]]] = [(value, path)]
    pop, push = stack.pop, stack.append
    while stack:
        node, node_path = pop()
        if isinstance(node, dict):
            for key in reversed(list(node)):
                push((node[key], (*node_path, key)))
        elif isinstance(node, list):
            for index in range(len(node) - 1, -1, -1):
                push((node[index], (*node_path, index)))
        elif isinstance(node, Intrinsic):
            yield node, node_path
            args = node.args
            if isinstance(args, dict | list | Intrinsic):
                push((args, node_path))
