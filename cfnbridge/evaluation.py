"""Static evaluation: what a value will be, given parameter values and a region.

Evaluation decides what can be known before deployment (conditions, FindInMap, Join,
Select, Split, Sub, If, Equals, GetAZs, Cidr, Base64, pseudo parameters …) and says
*undecided*, with the reason and the position, for the rest: a resource's physical id or
attributes, an import from another stack, a pseudo parameter the caller did not give.
It never guesses. ``AWS::NoValue`` evaluates to :data:`NO_VALUE`, which containers drop.

What each function evaluates to is written on its class (``evaluate``, in
:mod:`cfnbridge.intrinsics`); the :class:`Evaluator` walks containers, dispatches to those
methods and keeps the state they share: parameter values, the region, conditions decided.
"""

from __future__ import annotations

from typing import Any

from cfnbridge import intrinsics as fn
from cfnbridge.errors import Location, TemplateError
from cfnbridge.intrinsics.base import NO_VALUE, Undecided, as_text
from cfnbridge.template import Template

__all__ = ["NO_VALUE", "Evaluator", "Undecided", "as_text"]



class _Stop(Exception):
    """Raised inside evaluation to unwind to the caller with an :class:`Undecided`."""

    def __init__(self, undecided: Undecided) -> None:
        super().__init__(undecided.reason)
        self.undecided = undecided


class Evaluator:
    """Evaluates values of one template under one set of parameter values and context."""

    def __init__(self, template: Template, parameters: dict[str, Any] | None = None, region: str | None = None,
                 account_id: str | None = None, stack_name: str | None = None,
                 availability_zones: list[str] | dict[str, list[str]] | None = None,
                 use_defaults: bool = True) -> None:
        self.template = template
        self.use_defaults = use_defaults
        self.given = dict(parameters or {})
        self.region = region
        self.context = {"AWS::AccountId": account_id, "AWS::StackName": stack_name,
                        "AWS::StackId": None, "AWS::NotificationARNs": None}
        self.availability_zones = availability_zones
        self._conditions: dict[str, bool | Undecided] = {}
        self._evaluating: set[str] = set()

    # -- public -----------------------------------------------------------------------------
    def value(self, value: Any) -> Any:
        """The evaluated value, or an :class:`Undecided` saying why it cannot be known."""
        try:
            return self.resolve(value)
        except _Stop as stop:
            return stop.undecided

    def condition(self, name: str) -> bool | Undecided:
        """The truth of the named condition, or why it cannot be known."""
        try:
            return self.named_condition(name, None)
        except _Stop as stop:
            return stop.undecided

    def conditions(self) -> dict[str, bool | Undecided]:
        """Every condition of the template, evaluated."""
        return {name: self.condition(name) for name in self.template.conditions}

    # -- for the functions' evaluate methods ------------------------------------------------
    def resolve(self, value: Any) -> Any:
        """The evaluated value; raises (to :meth:`value`) when it cannot be known."""
        if isinstance(value, dict):
            result = {}
            for key, item in value.items():
                evaluated = self.resolve(item)
                if evaluated is not NO_VALUE:
                    result[key] = evaluated
            return result
        if isinstance(value, list):
            return [e for e in (self.resolve(item) for item in value) if e is not NO_VALUE]
        if isinstance(value, fn.Intrinsic):
            evaluate = type(value).evaluate
            if evaluate is fn.UNSUPPORTED:
                raise self.stop(f"{value.label} cannot be evaluated before deployment", value)
            return evaluate(value, self)
        return value

    def stop(self, reason: str, node: Any = None) -> _Stop:
        """The exception that makes the value undecided, for ``reason``, at ``node``."""
        location = None
        if isinstance(node, fn.Intrinsic):
            location = Location(self.template.filename, node.line + 1, node.column + 1)
        return _Stop(Undecided(reason, location))

    def bad(self, message: str, node: fn.Intrinsic) -> TemplateError:
        """The error for a malformed call, at its position."""
        return TemplateError(message, Location(self.template.filename, node.line + 1, node.column + 1))

    def arguments(self, node: fn.Intrinsic, count: int | None = None, *, minimum: int | None = None) -> list[Any]:
        """The call's argument list, checked for length (not evaluated)."""
        args = node.args
        if not isinstance(args, list) or (count is not None and len(args) != count) or (
                minimum is not None and len(args) < minimum):
            wanted = f"{count} arguments" if count is not None else f"at least {minimum} arguments"
            raise self.bad(f"{node.name} takes a list of {wanted}", node)
        return args

    def named_condition(self, name: Any, node: fn.Intrinsic | None) -> bool:
        """The truth of a condition of the template, decided once and remembered."""
        if not isinstance(name, str) or name not in self.template.conditions:
            raise TemplateError(f"condition {name!r} is not defined",
                                Location(self.template.filename, node.line + 1, node.column + 1) if node else None)
        if name in self._conditions:
            known = self._conditions[name]
            if isinstance(known, Undecided):
                raise _Stop(known)
            return known
        if name in self._evaluating:
            raise TemplateError(f"condition {name!r} depends on itself", self.template.locate(("Conditions", name)))
        self._evaluating.add(name)
        try:
            result = self.truth(self.resolve(self.template.conditions[name]), name)
        except _Stop as stop:
            self._conditions[name] = stop.undecided
            raise
        finally:
            self._evaluating.discard(name)
        self._conditions[name] = result
        return result

    def truth(self, value: Any, what: Any) -> bool:
        """A condition's value as a boolean (``"true"``/``"false"`` count)."""
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise TemplateError(f"condition {what!r} is not true or false but {value!r}")

    def text(self, value: Any, node: fn.Intrinsic) -> str:
        """A scalar as the text ``node`` needs; anything else is a malformed call."""
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, int | float):
            return str(value)
        raise self.bad(f"{node.label} needs a string here, not {type(value).__name__}", node)
