"""Functions cfnbridge reads but cannot evaluate or write for HOT: those of the Rules
section, two that only Heat's CFN dialect knows, and any unknown ``Fn::`` name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cfnbridge.intrinsics.base import UNSUPPORTED, Intrinsic, function, keep_native, no_references

# Functions of the Rules section, which checks parameter values before a deployment; the
# translator drops that section (gap rules-dropped), so they never reach a value.
_RULES = {"references": no_references, "evaluate": UNSUPPORTED, "to_hot": UNSUPPORTED, "to_native": UNSUPPORTED}
Contains = function("Contains", "Fn::Contains", "!Contains", "[[values], value]", **_RULES)
EachMemberEquals = function("EachMemberEquals", "Fn::EachMemberEquals", "!EachMemberEquals",
                            "[[values], value]", **_RULES)
EachMemberIn = function("EachMemberIn", "Fn::EachMemberIn", "!EachMemberIn", "[[values], [allowed]]", **_RULES)
RefAll = function("RefAll", "Fn::RefAll", "!RefAll", '"ParameterType"', **_RULES)
ValueOf = function("ValueOf", "Fn::ValueOf", "!ValueOf", '["Parameter", "Attribute"]', **_RULES)
ValueOfAll = function("ValueOfAll", "Fn::ValueOfAll", "!ValueOfAll", '["ParameterType", "Attribute"]', **_RULES)

# Functions that only OpenStack Heat's CloudFormation dialect knows; heat-cfn templates use them.
_HEAT_CFN_ONLY = {"references": no_references, "evaluate": UNSUPPORTED, "to_hot": UNSUPPORTED,
                  "to_native": keep_native}
MemberListToMap = function("MemberListToMap", "Fn::MemberListToMap", None, '["Key", "Value", [list]]',
                           **_HEAT_CFN_ONLY)
ResourceFacade = function("ResourceFacade", "Fn::ResourceFacade", None, '"Metadata"', **_HEAT_CFN_ONLY)


class UnknownFunction(Intrinsic):
    """Any other single ``Fn::`` key, such as ``Fn::ForEach`` or a typo like ``Fn::Joinn``.

    Kept as a function so that translation and lint can name it at its position.
    """

    __slots__ = ("function_name",)
    references = no_references
    evaluate = UNSUPPORTED
    to_hot = UNSUPPORTED
    to_native = UNSUPPORTED

    def __init__(self, function_name: str, args: Any, line: int = 0, column: int = 0,
                 value_line: int | None = None, value_column: int | None = None) -> None:
        self.function_name = function_name
        super().__init__(args, line, column, value_line, value_column)

    @property
    def label(self) -> str:
        return self.function_name

    def long_form(self, convert: Callable[[Any], Any]) -> dict[str, Any]:
        return {self.function_name: convert(self.args)}

    def __repr__(self) -> str:
        return f"UnknownFunction({self.function_name!r}, {self.args!r})"
