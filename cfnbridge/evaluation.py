"""Static evaluation: what a value will be, given parameter values and a region.

Evaluation decides what can be known before deployment (conditions, FindInMap, Join,
Select, Split, Sub, If, Equals, GetAZs, Cidr, Base64, pseudo parameters …) and says
*undecided*, with the reason and the position, for the rest: a resource's physical id or
attributes, an import from another stack, a pseudo parameter the caller did not give.
It never guesses. ``AWS::NoValue`` evaluates to :data:`NO_VALUE`, which containers drop.
"""

from __future__ import annotations

import base64
import ipaddress
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cfnbridge import intrinsics as fn
from cfnbridge.errors import Location, TemplateError
from cfnbridge.template import Template


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


@dataclass(frozen=True, slots=True)
class Undecided:
    """A value that cannot be known before deployment, and why."""

    reason: str
    location: Location | None = None

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}" if self.location else self.reason


class _Stop(Exception):
    """Raised inside evaluation to unwind to the caller with an :class:`Undecided`."""

    def __init__(self, undecided: Undecided) -> None:
        super().__init__(undecided.reason)
        self.undecided = undecided


def _partition(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


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
            return self._eval(value)
        except _Stop as stop:
            return stop.undecided

    def condition(self, name: str) -> bool | Undecided:
        """The truth of the named condition, or why it cannot be known."""
        try:
            return self._condition(name, None)
        except _Stop as stop:
            return stop.undecided

    def conditions(self) -> dict[str, bool | Undecided]:
        """Every condition of the template, evaluated."""
        return {name: self.condition(name) for name in self.template.conditions}

    # -- machinery ----------------------------------------------------------------------------
    def _stop(self, reason: str, node: Any = None) -> _Stop:
        location = None
        if isinstance(node, fn.Intrinsic):
            location = Location(self.template.filename, node.line + 1, node.column + 1)
        return _Stop(Undecided(reason, location))

    def _bad(self, message: str, node: fn.Intrinsic) -> TemplateError:
        return TemplateError(message, Location(self.template.filename, node.line + 1, node.column + 1))

    def _eval(self, value: Any) -> Any:
        if isinstance(value, dict):
            result = {}
            for key, item in value.items():
                evaluated = self._eval(item)
                if evaluated is not NO_VALUE:
                    result[key] = evaluated
            return result
        if isinstance(value, list):
            return [e for e in (self._eval(item) for item in value) if e is not NO_VALUE]
        if isinstance(value, fn.Intrinsic):
            handler = _HANDLERS.get(type(value))
            if handler is None:
                raise self._stop(f"{_name(value)} cannot be evaluated before deployment", value)
            return handler(self, value)
        return value

    def _args(self, node: fn.Intrinsic, count: int | None = None, *, minimum: int | None = None) -> list[Any]:
        args = node.args
        if not isinstance(args, list) or (count is not None and len(args) != count) or (
                minimum is not None and len(args) < minimum):
            wanted = f"{count} arguments" if count is not None else f"at least {minimum} arguments"
            raise self._bad(f"{node.name} takes a list of {wanted}", node)
        return args

    def _condition(self, name: Any, node: fn.Intrinsic | None) -> bool:
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
            result = self._truth(self._eval(self.template.conditions[name]), name)
        except _Stop as stop:
            self._conditions[name] = stop.undecided
            raise
        finally:
            self._evaluating.discard(name)
        self._conditions[name] = result
        return result

    def _truth(self, value: Any, what: Any) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise TemplateError(f"condition {what!r} is not true or false but {value!r}")

    # -- functions ----------------------------------------------------------------------------
    def _ref(self, node: fn.Intrinsic) -> Any:
        name = node.args
        if not isinstance(name, str):
            raise self._bad("Ref takes a name", node)
        if name == "AWS::NoValue":
            return NO_VALUE
        if name == "AWS::Region":
            if self.region is None:
                raise self._stop("AWS::Region is not known: no region was given", node)
            return self.region
        if name in ("AWS::Partition", "AWS::URLSuffix"):
            if self.region is None:
                raise self._stop(f"{name} depends on the region, which was not given", node)
            partition = _partition(self.region)
            if name == "AWS::Partition":
                return partition
            return "amazonaws.com.cn" if partition == "aws-cn" else "amazonaws.com"
        if name in self.context:
            if self.context[name] is None:
                raise self._stop(f"{name} is known only when the stack is deployed", node)
            return self.context[name]
        parameter = self.template.parameters.get(name)
        if parameter is not None:
            return self._parameter(parameter, node)
        if name in self.template.resources:
            raise self._stop(f"the physical id of resource {name!r} is known only after deployment", node)
        raise self._bad(f"Ref to {name!r}, which is not defined", node)

    def _parameter(self, parameter: Any, node: fn.Intrinsic) -> Any:
        if parameter.name in self.given:
            value = self.given[parameter.name]
        elif parameter.has_default and self.use_defaults:
            value = parameter.default
        elif parameter.has_default:
            raise self._stop(f"parameter {parameter.name!r} is chosen at deployment", node)
        else:
            raise self._stop(f"parameter {parameter.name!r} has no value and no default", node)
        if isinstance(value, str) and (parameter.type == "CommaDelimitedList" or parameter.type.startswith("List<")):
            return [item.strip() for item in value.split(",")] if value else []
        if isinstance(value, bool | int | float) and not isinstance(value, bool):
            return str(value)
        return value

    def _getatt(self, node: fn.Intrinsic) -> Any:
        raise self._stop(f"attribute {node.args!r} of a resource is known only after deployment", node)

    def _join(self, node: fn.Intrinsic) -> str:
        delimiter, items = self._args(node, 2)
        delimiter, items = self._eval(delimiter), self._eval(items)
        if not isinstance(delimiter, str) or not isinstance(items, list):
            raise self._bad("Fn::Join takes a delimiter and a list", node)
        return delimiter.join(_text(item, node, self) for item in items)

    def _select(self, node: fn.Intrinsic) -> Any:
        index, items = (self._eval(arg) for arg in self._args(node, 2))
        try:
            position = int(index)
        except (TypeError, ValueError):
            raise self._bad(f"Fn::Select index {index!r} is not a number", node) from None
        if not isinstance(items, list):
            raise self._bad("Fn::Select takes a list to select from", node)
        if not 0 <= position < len(items):
            raise self._bad(f"Fn::Select index {position} is outside a list of {len(items)}", node)
        return items[position]

    def _split(self, node: fn.Intrinsic) -> list[str]:
        delimiter, text = (self._eval(arg) for arg in self._args(node, 2))
        if not isinstance(delimiter, str) or not isinstance(text, str) or not delimiter:
            raise self._bad("Fn::Split takes a delimiter and a string", node)
        return text.split(delimiter)

    def _sub(self, node: fn.Intrinsic) -> str:
        assert isinstance(node, fn.Sub)
        if not isinstance(node.text, str):
            raise self._bad("Fn::Sub takes a string, or a string and a mapping of variables", node)
        local = node.variables
        pieces = []
        for kind, text in node.parts():
            if kind == "text":
                pieces.append(text)
            elif text in local:
                pieces.append(_text(self._eval(local[text]), node, self))
            elif "." in text and text not in fn.PSEUDO_PARAMETERS:
                raise self._stop(f"${{{text}}} is a resource attribute, known only after deployment", node)
            else:
                pieces.append(_text(self._ref(fn.Ref(text, node.line, node.column)), node, self))
        return "".join(pieces)

    def _if(self, node: fn.Intrinsic) -> Any:
        name, when_true, when_false = self._args(node, 3)
        return self._eval(when_true if self._condition(name, node) else when_false)

    def _equals(self, node: fn.Intrinsic) -> bool:
        first, second = (self._eval(arg) for arg in self._args(node, 2))
        return as_text(first) == as_text(second)

    def _and(self, node: fn.Intrinsic) -> bool:
        return all(self._truth(self._eval(arg), node.name) for arg in self._args(node, minimum=1))

    def _or(self, node: fn.Intrinsic) -> bool:
        return any(self._truth(self._eval(arg), node.name) for arg in self._args(node, minimum=1))

    def _not(self, node: fn.Intrinsic) -> bool:
        (argument,) = self._args(node, 1)
        return not self._truth(self._eval(argument), node.name)

    def _condition_fn(self, node: fn.Intrinsic) -> bool:
        return self._condition(node.args, node)

    def _find_in_map(self, node: fn.Intrinsic) -> Any:
        args = self._args(node, minimum=3)
        name, top, second = (self._eval(arg) for arg in args[:3])
        default = args[3].get("DefaultValue") if len(args) > 3 and isinstance(args[3], dict) else None
        table = self.template.mappings.get(name)
        if not isinstance(table, dict):
            raise self._bad(f"Fn::FindInMap: no mapping {name!r}", node)
        entry = table.get(top)
        if isinstance(entry, dict) and second in entry:
            return self._eval(entry[second])
        if default is not None:
            return self._eval(default)
        raise self._bad(f"Fn::FindInMap: mapping {name!r} has no entry [{top!r}][{second!r}]", node)

    def _get_azs(self, node: fn.Intrinsic) -> list[str]:
        region = self._eval(node.args) or self.region
        zones = self.availability_zones
        if isinstance(zones, dict):
            zones = zones.get(region) if isinstance(region, str) else None
        if not zones:
            raise self._stop("the availability zones were not given", node)
        return list(zones)

    def _base64(self, node: fn.Intrinsic) -> str:
        text = self._eval(node.args)
        return base64.b64encode(_text(text, node, self).encode()).decode()

    def _cidr(self, node: fn.Intrinsic) -> list[str]:
        block, count, bits = (self._eval(arg) for arg in self._args(node, 3))
        try:
            network = ipaddress.ip_network(str(block), strict=False)
            prefix = network.max_prefixlen - int(bits)
            subnets = network.subnets(new_prefix=prefix)
            return [str(next(subnets)) for _ in range(int(count))]
        except (ValueError, StopIteration) as exc:
            raise self._bad(f"Fn::Cidr cannot split {block!r} into {count} /{bits}-bit blocks: {exc}", node) from None

    def _length(self, node: fn.Intrinsic) -> int:
        items = self._eval(node.args)
        if not isinstance(items, list):
            raise self._bad("Fn::Length takes a list", node)
        return len(items)

    def _to_json(self, node: fn.Intrinsic) -> str:
        return json.dumps(self._eval(node.args), separators=(",", ":"))

    def _import(self, node: fn.Intrinsic) -> Any:
        raise self._stop(f"Fn::ImportValue {node.args!r} reads another stack's export at deployment", node)

    def _replace(self, node: fn.Intrinsic) -> str:
        table, text = (self._eval(arg) for arg in self._args(node, 2))
        if not isinstance(table, dict) or not isinstance(text, str):
            raise self._bad("Fn::Replace takes a mapping and a string", node)
        for old, new in table.items():
            text = text.replace(str(old), _text(new, node, self))
        return text


def _name(node: fn.Intrinsic) -> str:
    return node.function_name if isinstance(node, fn.UnknownFunction) else node.name


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


def _text(value: Any, node: fn.Intrinsic, evaluator: Evaluator) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    raise evaluator._bad(f"{_name(node)} needs a string here, not {type(value).__name__}", node)


_HANDLERS: dict[type[fn.Intrinsic], Callable[[Evaluator, Any], Any]] = {
    fn.Ref: Evaluator._ref, fn.GetAtt: Evaluator._getatt, fn.Join: Evaluator._join,
    fn.Select: Evaluator._select, fn.Split: Evaluator._split, fn.Sub: Evaluator._sub,
    fn.If: Evaluator._if, fn.Equals: Evaluator._equals, fn.And: Evaluator._and, fn.Or: Evaluator._or,
    fn.Not: Evaluator._not, fn.Condition: Evaluator._condition_fn, fn.FindInMap: Evaluator._find_in_map,
    fn.GetAZs: Evaluator._get_azs, fn.Base64: Evaluator._base64, fn.Cidr: Evaluator._cidr,
    fn.Length: Evaluator._length, fn.ToJsonString: Evaluator._to_json, fn.ImportValue: Evaluator._import,
    fn.Replace: Evaluator._replace,
}
