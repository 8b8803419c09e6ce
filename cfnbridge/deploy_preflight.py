"""Checks of a deploy's input that need no cloud: the stack name, and every parameter
value against the source template's own constraints.

CloudFormation would refuse the same input, but only after several calls (and Heat,
given a translation whose flavor parameter lost its AWS names, might not refuse it at
all), so cfnbridge refuses it first, naming the parameter and its line. A NoEcho
parameter's value is never quoted, not even in a refusal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cfnbridge.errors import ErrorGroup, InputError, Location

if TYPE_CHECKING:
    from cfnbridge.template import Parameter, Template

STACK_NAME = re.compile(r"[A-Za-z][-A-Za-z0-9]*")
STACK_NAME_LIMIT = 128
_NOT_CHECKED = ("AWS::SSM::Parameter::", "{{resolve:")
"""Values resolved by the cloud (SSM parameters, dynamic references): checked there."""


def check_stack_name(name: str) -> None:
    """CloudFormation's rule, which Heat's names satisfy too: a letter, then letters,
    digits and hyphens, at most 128 characters."""
    if not STACK_NAME.fullmatch(name) or len(name) > STACK_NAME_LIMIT:
        raise InputError(f"invalid stack name {name!r}: it must start with a letter and hold only "
                         f"letters, digits and hyphens, at most {STACK_NAME_LIMIT} characters")


def check_parameters(template: Template, given: Mapping[str, str], *, required: bool = True) -> None:
    """Every parameter's value (given, else its default) against its constraints.

    ``required``: a parameter with neither a value nor a default is an error (on a create;
    an update keeps the value the stack has).
    """
    from cfnbridge.deploy_params import as_parameter_string

    errors: list[InputError] = []
    for name, parameter in template.parameters.items():
        if name in given:
            value, origin = given[name], "the value given"
        elif parameter.has_default:
            value, origin = as_parameter_string(parameter.default), "its Default"
        else:
            if required:
                errors.append(InputError(f"parameter {name} needs a value: it has no Default; pass "
                                         f"--param {name}=VALUE", _where(template, name)))
            continue
        for key, problem in _violations(parameter, value):
            shown = problem if not parameter.no_echo else problem.replace(repr(value), "(NoEcho value)")
            errors.append(InputError(f"parameter {name}: {origin} {shown}", _where(template, name, key)))
    if errors:
        raise errors[0] if len(errors) == 1 else ErrorGroup(errors)


def _where(template: Template, name: str, key: str | None = None) -> Location:
    path: tuple[str, ...] = ("Parameters", name, key) if key else ("Parameters", name)
    try:
        return template.locate(path, of_key=True)
    except (KeyError, IndexError, TypeError, ValueError):
        return template.locate(("Parameters", name), of_key=True)


def _violations(parameter: Parameter, value: str) -> list[tuple[str | None, str]]:
    """(constraint key, what is wrong) for each constraint ``value`` breaks."""
    kind = parameter.type
    if kind.startswith(_NOT_CHECKED) or value.startswith(_NOT_CHECKED[1]):
        return []
    is_list = kind == "CommaDelimitedList" or kind.startswith("List<")
    items = [item.strip() for item in value.split(",")] if is_list else [value]
    numeric = kind in {"Number", "List<Number>"}
    raw: dict[str, Any] = parameter.raw if isinstance(parameter.raw, dict) else {}
    found: list[tuple[str | None, str]] = []
    for item in items:
        number = _number(item)
        if numeric and number is None:
            found.append(("Type", f"{item!r} is not a number ({kind})"))
            continue
        allowed = raw.get("AllowedValues")
        if isinstance(allowed, list) and not _allowed(item, allowed):
            listed = ", ".join(_text(a) for a in allowed)
            found.append(("AllowedValues", f"{item!r} is not one of its AllowedValues ({listed})"))
        pattern = raw.get("AllowedPattern")
        if isinstance(pattern, str) and not _matches(pattern, item):
            found.append(("AllowedPattern", f"{item!r} does not match its AllowedPattern {pattern}"))
        if numeric:
            for key, below in (("MinValue", True), ("MaxValue", False)):
                bound = _number(raw.get(key))
                if bound is not None and number is not None and (number < bound if below else number > bound):
                    found.append((key, f"{item!r} is {'below' if below else 'above'} its {key} {_text(raw[key])}"))
        elif not is_list:
            for key, below in (("MinLength", True), ("MaxLength", False)):
                bound = _number(raw.get(key))
                if bound is not None and (len(item) < bound if below else len(item) > bound):
                    found.append((key, f"{item!r} is {len(item)} characters long, "
                                       f"{'under' if below else 'over'} its {key} {_text(raw[key])}"))
    return found


def _allowed(item: str, allowed: list[Any]) -> bool:
    number = _number(item)
    for candidate in allowed:
        if _text(candidate) == item:
            return True
        other = _number(candidate)
        if number is not None and other is not None and number == other and not isinstance(candidate, str):
            return True
    return False


def _matches(pattern: str, value: str) -> bool:
    try:
        return re.fullmatch(pattern, value) is not None
    except re.error:  # a Java-only construct: the cloud will judge it
        return True


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _text(value: Any) -> str:
    from cfnbridge.deploy_params import as_parameter_string

    return as_parameter_string(value)
