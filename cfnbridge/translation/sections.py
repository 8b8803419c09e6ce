"""Conditions and outputs: translated field by field, spelt by the dialect.

Resources are the engine's business and parameters have a module of their own; here a
condition keeps its meaning (like types compared, named conditions inlined where the
dialect cannot name them) and every output export is reported, since Heat has none.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from cfnbridge import intrinsics as fn
from cfnbridge.errors import Location, TemplateError
from cfnbridge.gap_codes import EXPORT
from cfnbridge.translation.parameters import as_number
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.translation.engine import Translator


def conditions(t: Translator) -> dict[str, Any]:
    """The conditions section, in the dialect's condition functions."""
    out: dict[str, Any] = {}
    for name, expression in t.template.conditions.items():
        out[name] = condition_expression(t, expression, ("Conditions", name), frozenset({name}))
    return out


_CONDITION_ARITY = {fn.Equals: (2, 2), fn.Not: (1, 1), fn.And: (2, 10), fn.Or: (2, 10)}


def condition_expression(t: Translator, expression: Any, path: tuple[Any, ...],
                         inlining: frozenset[str] = frozenset()) -> Any:
    arity = _CONDITION_ARITY.get(type(expression))
    if arity is not None:
        args = expression.args
        if not isinstance(args, list) or not arity[0] <= len(args) <= arity[1]:
            wanted = f"{arity[0]}" if arity[0] == arity[1] else f"{arity[0]} to {arity[1]}"
            raise TemplateError(f"{expression.name} takes a list of {wanted} conditions or values",
                                Location(t.template.filename, expression.line + 1, expression.column + 1))
    if isinstance(expression, fn.Equals) and isinstance(expression.args, list) and len(expression.args) == 2:
        # AWS::NoValue compares as null: keep both operands (a dropped one would leave a 1-argument equals)
        left, right = (None if value is MISSING else value for value in (t.value(arg, path) for arg in expression.args))
        left, right = _like_types(t, expression.args, left, right)
        return t.dialect.equals(t.dialect.in_condition(t, left, path), t.dialect.in_condition(t, right, path))
    if isinstance(expression, fn.And | fn.Or | fn.Not) and isinstance(expression.args, list):
        items = [condition_expression(t, arg, path, inlining) for arg in expression.args]
        return t.dialect.logic({fn.And: "and", fn.Or: "or", fn.Not: "not"}[type(expression)], items)
    if isinstance(expression, fn.Condition):
        if t.dialect.names_conditions:
            return expression.args
        # The dialect has no {"Condition": name}: inline the named condition.
        named = t.template.conditions.get(expression.args)
        if expression.args in inlining:
            raise TemplateError(f"condition {expression.args!r} refers to itself",
                                Location(t.template.filename, expression.line + 1, expression.column + 1))
        if named is None:
            return False
        return condition_expression(t, named, ("Conditions", expression.args), inlining | {expression.args})
    if isinstance(expression, str) and t.dialect.names_conditions and expression in t.template.conditions:
        return expression
    return t.value(expression, path)


def _like_types(t: Translator, sources: list[Any], left: Any, right: Any) -> tuple[Any, Any]:
    """Compare like with like: Heat's ``equals`` does not convert, CloudFormation compares text.

    ``equals: [{get_param: Count}, '0']`` is false for a number parameter 0, so a literal
    beside a number parameter becomes a number, and booleans become 'true'/'false'.
    """
    kinds = [_param_kind(t, s) for s in sources]
    values = [left, right]
    for index, other in ((0, 1), (1, 0)):
        literal = values[index]
        if isinstance(literal, dict | list):
            continue
        if kinds[other] == "Number" and isinstance(literal, str):
            with contextlib.suppress(ValueError):
                values[index] = as_number(literal)
        elif kinds[other] != "Number" and isinstance(literal, bool):
            values[index] = str(literal).lower()
        elif kinds[other] not in (None, "Number") and isinstance(literal, int | float):
            values[index] = str(literal)
    return values[0], values[1]


def _param_kind(t: Translator, source: Any) -> str | None:
    if isinstance(source, fn.Ref) and source.target in t.template.parameters:
        return t.template.parameters[source.target].type
    return None


def outputs(t: Translator) -> dict[str, Any]:
    """The outputs as neutral specs (description, value, condition); exports are reported."""
    out: dict[str, Any] = {}
    for name, output in t.template.outputs.items():
        path = ("Outputs", name)
        value = t.value(output.value, (*path, "Value"))
        if output.export is not None:
            t.gap(EXPORT, (*path, "Export"), None,
                  "Heat has no cross-stack exports; other stacks cannot import this value",
                  "read it as a stack output (openstack stack output show) or pass it as a parameter")
        spec: dict[str, Any] = {}
        if output.description is not None:
            spec["description"] = t.value(output.description, (*path, "Description"))
        spec["value"] = value
        if output.condition:
            spec["condition"] = output.condition
        out[name] = spec
    return out
