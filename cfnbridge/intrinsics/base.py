"""What every intrinsic shares: the base class, the markers and the walk over a value.

Each function class says, next to its arguments, everything cfnbridge knows about it: the
names it refers to (``references``), its value before deployment (``evaluate``) and how it
is written for Heat (``to_hot`` and ``to_native``). The evaluator, the reference walker
and the value translators only dispatch to these. A class that has no answer for one of
them sets it to :data:`UNSUPPORTED` on purpose; ``tests/test_intrinsics.py`` checks that
no class leaves one out, so a new function cannot be half added.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from cfnbridge.errors import Location

if TYPE_CHECKING:
    from cfnbridge.evaluation import Evaluator
    from cfnbridge.translation.values import Values

Path = tuple[Any, ...]
# One reference a function makes: (kind, target name, attribute or None).
Made = tuple[str, str, str | None]

OPERATIONS: tuple[str, ...] = ("references", "evaluate", "to_hot", "to_native")
PSEUDO_PARAMETERS: frozenset[str] = frozenset({
    "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region",
    "AWS::StackId", "AWS::StackName", "AWS::URLSuffix",
})
# Filled as the function classes are defined: long-form name -> class, short tag -> class.
FUNCTIONS: dict[str, type[Intrinsic]] = {}
SHORT_TAGS: dict[str, type[Intrinsic]] = {}


class _Unsupported:
    """The marker for an operation a function does not have (Heat cannot express it, say)."""

    def __repr__(self) -> str:
        return "UNSUPPORTED"


UNSUPPORTED: Any = _Unsupported()


class _NoValue:
    """``Ref: AWS::NoValue``: the enclosing property or list item is removed."""

    _instance: _NoValue | None = None

    def __new__(cls) -> _NoValue:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NO_VALUE"


NO_VALUE = _NoValue()
MISSING = NO_VALUE  # the translators' name for it: "no value here", dropped by containers


@dataclass(frozen=True, slots=True)
class Undecided:
    """A value that cannot be known before deployment, and why."""

    reason: str
    location: Location | None = None

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}" if self.location else self.reason


def as_text(value: Any) -> Any:
    """A scalar as CloudFormation reads it as text: ``true``/``false``, numbers as written.

    YAML reads ``Yes`` and ``80`` as a boolean and a number; CloudFormation compares,
    joins and looks them up as strings. Anything else is returned unchanged.
    """
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    return value


class Intrinsic:
    """Base of all functions: ``args`` as written, and where the call starts (0-based)."""

    __slots__ = ("args", "line", "column", "value_line", "value_column")
    name: ClassVar[str] = ""
    short_tag: ClassVar[str | None] = None
    # Declared by every concrete class (a method, or UNSUPPORTED); deliberately no default here.
    references: ClassVar[Callable[[Any], Iterable[Made]]]
    evaluate: ClassVar[Callable[[Any, Evaluator], Any]]
    to_hot: ClassVar[Callable[[Any, Values, Path, str | None], Any]]
    to_native: ClassVar[Callable[[Any, Values, Path, str | None], Any]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Register a named function, so that defining its class is all it takes to load it."""
        super().__init_subclass__(**kwargs)
        if not cls.name:
            return
        known = FUNCTIONS.get(cls.name)
        if known is not None and known.__qualname__ != cls.__qualname__:
            raise TypeError(f"{cls.name} is defined twice: {known.__qualname__} and {cls.__qualname__}")
        FUNCTIONS[cls.name] = cls
        if cls.short_tag:
            SHORT_TAGS[cls.short_tag] = cls

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

    @property
    def label(self) -> str:
        """The function's name as the template writes it."""
        return self.name

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


def no_references(node: Intrinsic) -> tuple[Made, ...]:
    """For functions that name nothing themselves (their arguments are walked on their own)."""
    return ()


def native_arguments(node: Intrinsic, values: Values, path: Path, resource: str | None) -> Any:
    """The call's arguments translated, or MISSING when one of them was left out (--placeholder)."""
    args = values.value(node.args, path, resource)
    if args is MISSING or (isinstance(node.args, list) and (
            not isinstance(args, list) or len(args) != len(node.args))):
        return MISSING  # an argument was left out: so is the whole call
    return args


def keep_native(node: Intrinsic, values: Values, path: Path, resource: str | None) -> Any:
    """Heat's CFN dialect implements this function: keep the call, with its arguments translated."""
    args = native_arguments(node, values, path, resource)
    return MISSING if args is MISSING else {node.name: args}


def function(class_name: str, long_name: str, tag: str | None, form: str, *, references: Any,
             evaluate: Any, to_hot: Any, to_native: Any) -> type[Intrinsic]:
    """Define a function class whose arguments need no normalizing; every operation is named.

    The class belongs to the calling module (as with ``namedtuple``), so it pickles by name.
    """
    doc = f"Takes the form ``{{\"{long_name}\": {form}}}``" + (f" or ``{tag} {form}``." if tag else ".")
    return type(class_name, (Intrinsic,), {
        "__slots__": (), "__module__": sys._getframe(1).f_globals["__name__"], "name": long_name,
        "short_tag": tag, "__doc__": doc, "references": references, "evaluate": evaluate, "to_hot": to_hot,
        "to_native": to_native})


def walk(value: Any, path: Path = ()) -> Iterator[tuple[Intrinsic, Path]]:
    """Every intrinsic inside ``value`` (outermost first) with its path from ``value``.

    Iterative, so deeply nested templates cannot exhaust the Python stack.
    """
    stack: list[tuple[Any, Path]] = [(value, path)]
    pop, push = stack.pop, stack.append
    containers = (dict, list, Intrinsic)  # scalars hold no function: no path is built for them
    while stack:
        node, node_path = pop()
        if isinstance(node, dict):
            for key, item in reversed(node.items()):
                if isinstance(item, containers):
                    push((item, (*node_path, key)))
        elif isinstance(node, list):
            for index in range(len(node) - 1, -1, -1):
                item = node[index]
                if isinstance(item, containers):
                    push((item, (*node_path, index)))
        elif isinstance(node, Intrinsic):
            yield node, node_path
            args = node.args
            if isinstance(args, dict | list | Intrinsic):
                push((args, node_path))
