"""Translating values: CloudFormation intrinsics to HOT functions or Heat's CFN dialect.

How each function is written is on its class (``to_hot`` / ``to_native``, in
:mod:`cfnbridge.intrinsics`), in the manner of Heat's own function classes; this module
walks containers and dispatches. A function marked ``UNSUPPORTED`` for the dialect becomes
a located gap, unless its value can be computed statically, in which case the value is
written instead. ``MISSING`` stands for "no value here" (``AWS::NoValue``); containers drop it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge import intrinsics as fn
from cfnbridge.evaluation import Undecided
from cfnbridge.gap_codes import CONDITIONAL_ITEM, FUNCTION_EVALUATED, UNKNOWN_FUNCTION, UNSUPPORTED_FUNCTION
from cfnbridge.intrinsics.base import MISSING

if TYPE_CHECKING:
    from cfnbridge.translation.engine import Translator

__all__ = ["MISSING", "HotValues", "NativeValues", "Values"]
Path = tuple[Any, ...]


class Values:
    """Shared machinery: walking containers, static evaluation, gaps for the unsupported."""

    operation = ""  # the function classes' method for this dialect

    def __init__(self, translator: Translator) -> None:
        self.t = translator
        self.dialect = translator.dialect

    def value(self, value: Any, path: Path, resource: str | None = None) -> Any:
        if isinstance(value, dict):
            result = {}
            for key, item in value.items():
                translated = self.value(item, (*path, key), resource)
                if translated is not MISSING:
                    result[key] = translated
            return result
        if isinstance(value, list):
            items = (self.list_item(item, (*path, index), resource) for index, item in enumerate(value))
            return [item for item in items if item is not MISSING]
        if isinstance(value, fn.Intrinsic):
            translate = getattr(type(value), self.operation)
            if translate is fn.UNSUPPORTED:
                return self.unsupported(value, path, resource)
            return translate(value, self, path, resource)
        return value

    def list_item(self, item: Any, path: Path, resource: str | None) -> Any:
        return self.value(item, path, resource)

    def static(self, value: Any) -> Any:
        """The statically known value, or an :class:`Undecided`."""
        try:
            return self.t.evaluator.value(value)
        except Exception as exc:  # noqa: BLE001 - a bad argument is reported as undecided here
            return Undecided(str(getattr(exc, "message", exc)))

    def unsupported(self, node: fn.Intrinsic, path: Path, resource: str | None, why: str = "") -> Any:
        """Compute the value if it is static; otherwise report an error gap and keep a marker."""
        static = self.static(node)
        name = node.label
        if not isinstance(static, Undecided):
            self.t.gap(FUNCTION_EVALUATED, path, resource,
                       f"{name} has no Heat equivalent; its value was computed: {_short(static)}",
                       "check that the computed value suits the OpenStack site")
            return static
        unknown = isinstance(node, fn.UnknownFunction)
        placeholder = self.t.options.placeholder
        self.t.gap(UNKNOWN_FUNCTION if unknown else UNSUPPORTED_FUNCTION, path, resource,
                   f"{name} cannot be expressed for Heat{': ' + why if why else ''} ({static.reason})"
                   + ("; with --placeholder the property was left out" if placeholder else ""),
                   "replace it with a parameter or a literal value")
        if placeholder:
            return MISSING
        return {name: self.value(node.args, path, resource)}


class HotValues(Values):
    """CloudFormation values written as HOT."""

    operation = "to_hot"


class NativeValues(Values):
    """CloudFormation values written for Heat's CFN dialect: keep what Heat implements."""

    operation = "to_native"

    def list_item(self, item: Any, path: Path, resource: str | None) -> Any:
        """Heat's CFN dialect cannot drop a list item: a conditional item is left out (the safe side)."""
        if isinstance(item, fn.If) and isinstance(item.args, list) and len(item.args) == 3 and any(
                isinstance(branch, fn.Ref) and branch.target == "AWS::NoValue" for branch in item.args[1:]):
            self.t.gap(CONDITIONAL_ITEM, path, resource,
                       f"this list item exists only when condition {item.args[0]!r} holds; Heat's CFN dialect "
                       "cannot drop an item, so it was left out", "translate with --to hot (2021-04-16 can)")
            return MISSING
        return self.value(item, path, resource)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
