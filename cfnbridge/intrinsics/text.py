"""Functions that build text and lists: Fn::Join, Fn::Split, Fn::Select, Fn::Replace,
Fn::Base64, Fn::Cidr, Fn::Length, Fn::ToJsonString."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import BASE64_DROPPED
from cfnbridge.intrinsics.base import (
    MISSING,
    UNSUPPORTED,
    Intrinsic,
    Path,
    Undecided,
    as_text,
    function,
    keep_native,
    native_arguments,
    no_references,
)

if TYPE_CHECKING:
    from cfnbridge.evaluation import Evaluator
    from cfnbridge.translation.values import Values


def _is_resource_reference(value: Any) -> bool:
    """A single resource id (ids never contain a delimiter)."""
    return isinstance(value, dict) and len(value) == 1 and (
        "get_resource" in value or ("Ref" in value and "::" not in str(value["Ref"])))


class Join(Intrinsic):
    """Takes the form ``{"Fn::Join": ["delimiter", [values]]}`` or ``!Join ["delimiter", [values]]``."""

    __slots__ = ()
    name = "Fn::Join"
    short_tag = "!Join"
    references = no_references

    def evaluate(self, ev: Evaluator) -> str:
        delimiter, items = ev.arguments(self, 2)
        delimiter, items = ev.resolve(delimiter), ev.resolve(items)
        if not isinstance(delimiter, str) or not isinstance(items, list):
            raise ev.bad("Fn::Join takes a delimiter and a list", self)
        return delimiter.join(ev.text(item, self) for item in items)

    def to_hot(self, values: Values, path: Path, resource: str | None) -> Any:
        args = self.args
        if not isinstance(args, list) or len(args) != 2:
            return values.unsupported(self, path, resource, "Fn::Join takes a delimiter and a list")
        delimiter, items = values.value(args[0], path, resource), values.value(args[1], path, resource)
        if MISSING in (delimiter, items):
            return MISSING  # a part was left out (--placeholder): so is the whole
        if isinstance(items, list):  # CloudFormation joins numbers as text; Heat's list_join refuses them
            items = [as_text(item) for item in items]
        return {"list_join": [delimiter, items]}

    def to_native(self, values: Values, path: Path, resource: str | None) -> Any:
        args = native_arguments(self, values, path, resource)
        if isinstance(args, list) and len(args) == 2 and isinstance(args[1], list):
            args = [args[0], [as_text(item) for item in args[1]]]  # Heat joins strings only
        return MISSING if args is MISSING else {self.name: args}


class Split(Intrinsic):
    """Takes the form ``{"Fn::Split": ["delimiter", "text"]}`` or ``!Split ["delimiter", "text"]``."""

    __slots__ = ()
    name = "Fn::Split"
    short_tag = "!Split"
    references = no_references

    def evaluate(self, ev: Evaluator) -> list[str]:
        delimiter, text = (ev.resolve(arg) for arg in ev.arguments(self, 2))
        if not isinstance(delimiter, str) or not isinstance(text, str) or not delimiter:
            raise ev.bad("Fn::Split takes a delimiter and a string", self)
        return text.split(delimiter)

    def to_hot(self, values: Values, path: Path, resource: str | None) -> Any:
        args = self.args
        if not isinstance(args, list) or len(args) != 2:
            return values.unsupported(self, path, resource, "Fn::Split takes a delimiter and a string")
        delimiter, text = values.value(args[0], path, resource), values.value(args[1], path, resource)
        if MISSING in (delimiter, text):
            return MISSING
        if _is_resource_reference(text):
            return [text]  # splitting one id yields just that id
        return {"str_split": [delimiter, text]}

    def to_native(self, values: Values, path: Path, resource: str | None) -> Any:
        args = native_arguments(self, values, path, resource)
        if isinstance(args, list) and len(args) == 2 and _is_resource_reference(args[1]):
            return [args[1]]  # splitting one id yields just that id
        return MISSING if args is MISSING else {self.name: args}


class Select(Intrinsic):
    """Takes the form ``{"Fn::Select": [index, [values]]}`` or ``!Select [index, [values]]``."""

    __slots__ = ()
    name = "Fn::Select"
    short_tag = "!Select"
    references = no_references
    to_native = keep_native

    def evaluate(self, ev: Evaluator) -> Any:
        index, items = (ev.resolve(arg) for arg in ev.arguments(self, 2))
        try:
            position = int(index)
        except (TypeError, ValueError):
            raise ev.bad(f"Fn::Select index {index!r} is not a number", self) from None
        if not isinstance(items, list):
            raise ev.bad("Fn::Select takes a list to select from", self)
        if not 0 <= position < len(items):
            raise ev.bad(f"Fn::Select index {position} is outside a list of {len(items)}", self)
        return items[position]

    def to_hot(self, values: Values, path: Path, resource: str | None) -> Any:
        static = values.static(self)
        if not isinstance(static, Undecided):
            return values.value(static, path, resource)
        args = self.args
        if not isinstance(args, list) or len(args) != 2:
            return values.unsupported(self, path, resource, "Fn::Select takes an index and a list")
        index = values.static(args[0])
        source = values.value(args[1], path, resource)
        if source is MISSING:
            return MISSING
        if isinstance(index, Undecided) or not str(index).isdigit():
            index_value = values.value(args[0], path, resource)
            return {"yaql": {"expression": "$.data.list[int($.data.index)]",
                             "data": {"list": source, "index": index_value}}}
        position = int(index)
        if isinstance(source, dict) and len(source) == 1:
            (name, arguments), = source.items()
            if name in ("get_param", "get_attr"):
                arguments = arguments if isinstance(arguments, list) else [arguments]
                return {name: [*arguments, position]}
            if name == "str_split" and len(arguments) == 2:
                return {"str_split": [*arguments, position]}
        if isinstance(source, list) and position < len(source):
            return source[position]
        return {"yaql": {"expression": f"$.data.list[{position}]", "data": {"list": source}}}


class Replace(Intrinsic):
    """Takes the form ``{"Fn::Replace": [{"old": "new"}, "text"]}``: only OpenStack Heat's
    CloudFormation dialect knows it; heat-cfn templates use it."""

    __slots__ = ()
    name = "Fn::Replace"
    short_tag = None
    references = no_references
    to_native = keep_native

    def evaluate(self, ev: Evaluator) -> str:
        table, text = (ev.resolve(arg) for arg in ev.arguments(self, 2))
        if not isinstance(table, dict) or not isinstance(text, str):
            raise ev.bad("Fn::Replace takes a mapping and a string", self)
        for old, new in table.items():
            text = text.replace(str(old), ev.text(new, self))
        return text

    def to_hot(self, values: Values, path: Path, resource: str | None) -> Any:
        args = self.args
        if not isinstance(args, list) or len(args) != 2:
            return values.unsupported(self, path, resource)
        return {"str_replace": {"template": values.value(args[1], path, resource),
                                "params": values.value(args[0], path, resource)}}


class Base64(Intrinsic):
    """Takes the form ``{"Fn::Base64": "text"}`` or ``!Base64 "text"``."""

    __slots__ = ()
    name = "Fn::Base64"
    short_tag = "!Base64"
    references = no_references

    def evaluate(self, ev: Evaluator) -> str:
        text = ev.resolve(self.args)
        import base64

        return base64.b64encode(ev.text(text, self).encode()).decode()

    def to_hot(self, values: Values, path: Path, resource: str | None) -> Any:
        values.t.gap(BASE64_DROPPED, path, resource,
                     "Fn::Base64 was dropped: Heat takes user data as raw text and encodes it itself", "")
        return values.value(self.args, path, resource)

    def to_native(self, values: Values, path: Path, resource: str | None) -> Any:
        return {"Fn::Base64": values.value(self.args, path, resource)}


# Computed where the arguments are static (Values.unsupported does that); Heat has none of them.

_CIDR_MAX_COUNT = 256  # CloudFormation's own limit: a larger count is refused before anything is built


def _cidr(node: Intrinsic, ev: Evaluator) -> list[str]:
    block, count, bits = (ev.resolve(arg) for arg in ev.arguments(node, 3))
    if not str(count).isdigit() or not 1 <= int(count) <= _CIDR_MAX_COUNT:
        raise ev.bad(f"Fn::Cidr takes a count from 1 to {_CIDR_MAX_COUNT}, not {str(count)[:40]!r}", node)
    try:
        import ipaddress

        network = ipaddress.ip_network(str(block), strict=False)
        prefix = network.max_prefixlen - int(bits)
        subnets = network.subnets(new_prefix=prefix)
        return [str(next(subnets)) for _ in range(int(count))]
    except (ValueError, StopIteration) as exc:
        raise ev.bad(f"Fn::Cidr cannot split {block!r} into {count} /{bits}-bit blocks: {exc}", node) from None


def _length(node: Intrinsic, ev: Evaluator) -> int:
    items = ev.resolve(node.args)
    if not isinstance(items, list):
        raise ev.bad("Fn::Length takes a list", node)
    return len(items)


def _to_json(node: Intrinsic, ev: Evaluator) -> str:
    return json.dumps(ev.resolve(node.args), separators=(",", ":"))


def _length_hot(node: Intrinsic, values: Values, path: Path, resource: str | None) -> Any:
    """Counted now when the list is known (reported as computed); a list known only at deployment
    (a list parameter) is counted by yaql when Heat runs."""
    if not isinstance(values.static(node), Undecided):
        return values.unsupported(node, path, resource)
    source = values.value(node.args, path, resource)
    if source is MISSING:
        return MISSING
    return {"yaql": {"expression": "len($.data.list)", "data": {"list": source}}}


_COMPUTED_ONLY = {"references": no_references, "to_hot": UNSUPPORTED, "to_native": UNSUPPORTED}
Cidr = function("Cidr", "Fn::Cidr", "!Cidr", '["ipBlock", count, cidrBits]', evaluate=_cidr, **_COMPUTED_ONLY)
Length = function("Length", "Fn::Length", "!Length", "[values]", evaluate=_length, references=no_references,
                  to_hot=_length_hot, to_native=UNSUPPORTED)
ToJsonString = function("ToJsonString", "Fn::ToJsonString", "!ToJsonString", "value", evaluate=_to_json,
                        **_COMPUTED_ONLY)
