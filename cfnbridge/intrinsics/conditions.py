"""Conditions and choices: Condition, Fn::If, Fn::Equals, Fn::And, Fn::Or, Fn::Not."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import NOVALUE_NULL
from cfnbridge.intrinsics.base import (
    MISSING,
    UNSUPPORTED,
    Intrinsic,
    Made,
    Path,
    as_text,
    function,
    keep_native,
    no_references,
)

if TYPE_CHECKING:
    from cfnbridge.evaluation import Evaluator
    from cfnbridge.translation.values import Values


class Condition(Intrinsic):
    """Takes the form ``{"Condition": "Name"}`` or ``!Condition Name``: the value of a
    named condition, used inside ``Fn::And``, ``Fn::Or``, ``Fn::Not``."""

    __slots__ = ()
    name = "Condition"
    short_tag = "!Condition"

    @property
    def target(self) -> str | None:
        return self.args if isinstance(self.args, str) else None

    def references(self) -> tuple[Made, ...]:
        target = self.args
        return (("Condition", target, None),) if isinstance(target, str) else ()

    def evaluate(self, ev: Evaluator) -> bool:
        return ev.named_condition(self.args, self)

    def to_hot(self, values: Values, path: Path, resource: str | None) -> Any:
        return self.args  # both dialects name conditions the same way inside and/or/not

    to_native = to_hot


class If(Intrinsic):
    """Takes the form ``{"Fn::If": ["Condition", value_if_true, value_if_false]}`` or
    ``!If ["Condition", value_if_true, value_if_false]``."""

    __slots__ = ()
    name = "Fn::If"
    short_tag = "!If"

    def references(self) -> tuple[Made, ...]:
        args = self.args
        return (("If", args[0], None),) if isinstance(args, list) and args and isinstance(args[0], str) else ()

    def evaluate(self, ev: Evaluator) -> Any:
        name, when_true, when_false = ev.arguments(self, 3)
        return ev.resolve(when_true if ev.named_condition(name, self) else when_false)

    def to_hot(self, values: Values, path: Path, resource: str | None) -> Any:
        args = self.args
        if not isinstance(args, list) or len(args) != 3 or not isinstance(args[0], str):
            return values.unsupported(self, path, resource, "Fn::If takes a condition name and two values")
        condition = args[0]
        when_true = values.value(args[1], path, resource)
        when_false = values.value(args[2], path, resource)
        if when_true is MISSING and when_false is MISSING:
            return MISSING
        if when_true is MISSING or when_false is MISSING:
            return values.t.optional_if(condition, when_true, when_false, path, resource)
        return {"if": [condition, when_true, when_false]}

    def to_native(self, values: Values, path: Path, resource: str | None) -> Any:
        args = self.args
        if not isinstance(args, list) or len(args) != 3:
            return values.unsupported(self, path, resource)
        when_true = values.value(args[1], path, resource)
        when_false = values.value(args[2], path, resource)
        if when_true is MISSING or when_false is MISSING:
            values.t.gap(NOVALUE_NULL, path, resource,
                         "AWS::NoValue became null: Heat treats a null property as not set", "")
        return {"Fn::If": [args[0], None if when_true is MISSING else when_true,
                           None if when_false is MISSING else when_false]}


# HOT writes conditions in its own conditions section (cfnbridge.translation.sections); as
# values, equals/and/or/not have no HOT form, while Heat's CFN dialect keeps the calls.

def _equals(node: Intrinsic, ev: Evaluator) -> bool:
    first, second = (ev.resolve(arg) for arg in ev.arguments(node, 2))
    return as_text(first) == as_text(second)


def _and(node: Intrinsic, ev: Evaluator) -> bool:
    return all(ev.truth(ev.resolve(arg), node.name) for arg in ev.arguments(node, minimum=1))


def _or(node: Intrinsic, ev: Evaluator) -> bool:
    return any(ev.truth(ev.resolve(arg), node.name) for arg in ev.arguments(node, minimum=1))


def _not(node: Intrinsic, ev: Evaluator) -> bool:
    (argument,) = ev.arguments(node, 1)
    return not ev.truth(ev.resolve(argument), node.name)


_CONDITION_OPS = {"references": no_references, "to_hot": UNSUPPORTED, "to_native": keep_native}
Equals = function("Equals", "Fn::Equals", "!Equals", "[value_1, value_2]", evaluate=_equals, **_CONDITION_OPS)
And = function("And", "Fn::And", "!And", "[condition, ...]", evaluate=_and, **_CONDITION_OPS)
Or = function("Or", "Fn::Or", "!Or", "[condition, ...]", evaluate=_or, **_CONDITION_OPS)
Not = function("Not", "Fn::Not", "!Not", "[condition]", evaluate=_not, **_CONDITION_OPS)
