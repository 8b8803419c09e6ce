"""Translating values: CloudFormation intrinsics to HOT functions or Heat's CFN dialect.

One class per dialect, each with a table from intrinsic class to method, in the manner
of Heat's own function tables. Anything with no equivalent becomes a located gap, and
where the value can be computed statically (FindInMap with static keys, Select, Cidr …)
it is computed instead of translated. ``MISSING`` stands for "no value here"
(``AWS::NoValue``); containers drop it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cfnbridge import intrinsics as fn
from cfnbridge.evaluation import NO_VALUE, Undecided, as_text
from cfnbridge.gap_codes import (
    BASE64_DROPPED,
    CONDITIONAL_ITEM,
    FUNCTION_EVALUATED,
    NOVALUE,
    TRANSFORM,
    UNDEFINED_REFERENCE,
    UNKNOWN_FUNCTION,
    UNSUPPORTED_FUNCTION,
)

if TYPE_CHECKING:
    from cfnbridge.translation.engine import Translator

MISSING = NO_VALUE
Path = tuple[Any, ...]


class Values:
    """Shared machinery: walking containers, static evaluation, gaps for the unsupported."""

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
            handler = self.table().get(type(value))
            if handler is None:
                return self.unsupported(value, path, resource)
            return handler(self, value, path, resource)
        return value

    def table(self) -> dict[type, Callable[..., Any]]:
        raise NotImplementedError

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
        name = node.function_name if isinstance(node, fn.UnknownFunction) else node.name
        if not isinstance(static, Undecided):
            self.t.gap(FUNCTION_EVALUATED, "info", path, resource,
                       f"{name} has no Heat equivalent; its value was computed: {_short(static)}",
                       "check that the computed value suits the OpenStack site")
            return static
        unknown = isinstance(node, fn.UnknownFunction)
        placeholder = self.t.options.placeholder
        self.t.gap(UNKNOWN_FUNCTION if unknown else UNSUPPORTED_FUNCTION, "error", path, resource,
                   f"{name} cannot be expressed for Heat{': ' + why if why else ''} ({static.reason})"
                   + ("; with --placeholder the property was left out" if placeholder else ""),
                   "replace it with a parameter or a literal value")
        if placeholder:
            return MISSING
        return {name: self.value(node.args, path, resource)}

    # -- shared function handlers -------------------------------------------------------------
    def ref(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        name = node.args
        if not isinstance(name, str):
            return self.unsupported(node, path, resource, "Ref needs a name")
        if name == "AWS::NoValue":
            return MISSING
        if name in fn.PSEUDO_PARAMETERS:
            return self.t.pseudo(name, path, resource)
        if name in self.t.template.parameters:
            return self.dialect.get_param(name)
        if name in self.t.template.resources:
            return self.t.ref_resource(name, path, resource)
        self.t.gap(UNDEFINED_REFERENCE, "error", path, resource, f"Ref to {name!r}, which is not defined", "")
        return self.dialect.get_param(name)

    def get_att(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        assert isinstance(node, fn.GetAtt)
        target, attribute = node.resource, node.attribute
        if target is None or not isinstance(attribute, str):
            return self.unsupported(node, path, resource, "the attribute must be a literal name")
        return self.t.attribute(target, attribute, path, resource)

    def find_in_map(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        self.t.note_region_lookup(node, path, resource)
        static = self.static(node)
        if not isinstance(static, Undecided):
            return self.value(static, path, resource)
        args = node.args if isinstance(node.args, list) else []
        if len(args) < 3 or not isinstance(args[0], str) or args[0] not in self.t.template.mappings:
            return self.unsupported(node, path, resource, "the mapping name must be literal")
        return self.t.mapping_lookup(args[0], [self.value(a, path, resource) for a in args[1:3]], path, resource)

    def get_azs(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        return self.t.availability_zones(path, resource)

    def import_value(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        return self.t.import_parameter(node, path, resource)

    def base64(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        self.t.gap(BASE64_DROPPED, "info", path, resource,
                   "Fn::Base64 was dropped: Heat takes user data as raw text and encodes it itself", "")
        return self.value(node.args, path, resource)

    def condition_name(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        return node.args

    def transform(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        self.t.gap(TRANSFORM, "error", path, resource,
                   "Fn::Transform runs a CloudFormation macro, which Heat cannot run",
                   "expand the macro first (deploy once to AWS and take the processed template)")
        if self.t.options.placeholder:
            return MISSING
        return {"Fn::Transform": self.value(node.args, path, resource)}


class HotValues(Values):
    """CloudFormation values written as HOT."""

    def join(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        args = node.args
        if not isinstance(args, list) or len(args) != 2:
            return self.unsupported(node, path, resource, "Fn::Join takes a delimiter and a list")
        delimiter, items = self.value(args[0], path, resource), self.value(args[1], path, resource)
        if MISSING in (delimiter, items):
            return MISSING  # a part was left out (--placeholder): so is the whole
        if isinstance(items, list):  # CloudFormation joins numbers as text; Heat's list_join refuses them
            items = [as_text(item) for item in items]
        return {"list_join": [delimiter, items]}

    def split(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        args = node.args
        if not isinstance(args, list) or len(args) != 2:
            return self.unsupported(node, path, resource, "Fn::Split takes a delimiter and a string")
        delimiter, text = self.value(args[0], path, resource), self.value(args[1], path, resource)
        if MISSING in (delimiter, text):
            return MISSING
        if _is_resource_reference(text):
            return [text]  # splitting one id yields just that id
        return {"str_split": [delimiter, text]}

    def select(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        static = self.static(node)
        if not isinstance(static, Undecided):
            return self.value(static, path, resource)
        args = node.args
        if not isinstance(args, list) or len(args) != 2:
            return self.unsupported(node, path, resource, "Fn::Select takes an index and a list")
        index = self.static(args[0])
        source = self.value(args[1], path, resource)
        if source is MISSING:
            return MISSING
        if isinstance(index, Undecided) or not str(index).isdigit():
            index_value = self.value(args[0], path, resource)
            return {"yaql": {"expression": "$.data.list[int($.data.index)]",
                             "data": {"list": source, "index": index_value}}}
        position = int(index)
        if isinstance(source, dict) and len(source) == 1:
            (function, arguments), = source.items()
            if function in ("get_param", "get_attr"):
                arguments = arguments if isinstance(arguments, list) else [arguments]
                return {function: [*arguments, position]}
            if function == "str_split" and len(arguments) == 2:
                return {"str_split": [*arguments, position]}
        if isinstance(source, list) and position < len(source):
            return source[position]
        return {"yaql": {"expression": f"$.data.list[{position}]", "data": {"list": source}}}

    def sub(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        assert isinstance(node, fn.Sub)
        if not isinstance(node.text, str):
            return self.unsupported(node, path, resource, "Fn::Sub needs literal text")
        local = node.variables
        template_parts: list[str] = []
        params: dict[str, Any] = {}
        for kind, text in node.parts():
            if kind == "text":
                template_parts.append(text)
                continue
            placeholder = "${" + text + "}"
            template_parts.append(placeholder)
            if placeholder in params:
                continue
            if text in local:
                params[placeholder] = self.value(local[text], path, resource)
            elif "." in text and text.split(".", 1)[0] in self.t.template.resources:
                target, attribute = text.split(".", 1)
                params[placeholder] = self.t.attribute(target, attribute, path, resource)
            else:
                params[placeholder] = self.ref(fn.Ref(text, node.line, node.column), path, resource)
        template_text = "".join(template_parts)
        if not params:
            return template_text
        return {"str_replace": {"template": template_text, "params": params}}

    def if_(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        args = node.args
        if not isinstance(args, list) or len(args) != 3 or not isinstance(args[0], str):
            return self.unsupported(node, path, resource, "Fn::If takes a condition name and two values")
        condition = args[0]
        when_true = self.value(args[1], path, resource)
        when_false = self.value(args[2], path, resource)
        if when_true is MISSING and when_false is MISSING:
            return MISSING
        if when_true is MISSING or when_false is MISSING:
            return self.t.optional_if(condition, when_true, when_false, path, resource)
        return {"if": [condition, when_true, when_false]}

    def replace(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        args = node.args
        if not isinstance(args, list) or len(args) != 2:
            return self.unsupported(node, path, resource)
        return {"str_replace": {"template": self.value(args[1], path, resource),
                                "params": self.value(args[0], path, resource)}}

    def table(self) -> dict[type, Callable[..., Any]]:
        return _HOT_TABLE


class NativeValues(Values):
    """CloudFormation values written for Heat's CFN dialect: keep what Heat implements."""

    def keep(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        args = self.value(node.args, path, resource)
        if args is MISSING or (isinstance(node.args, list) and (
                not isinstance(args, list) or len(args) != len(node.args))):
            return MISSING  # an argument was left out (--placeholder): so is the whole call
        if not isinstance(args, list):
            return {node.name: args}  # malformed; Heat's validation names it
        if isinstance(node, fn.Join) and len(args) == 2 and isinstance(args[1], list):
            args = [args[0], [as_text(item) for item in args[1]]]  # Heat joins strings only
        if isinstance(node, fn.Split) and len(args) == 2 and _is_resource_reference(args[1]):
            return [args[1]]  # splitting one id yields just that id
        return {node.name: args}

    def sub(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        assert isinstance(node, fn.Sub)
        if not isinstance(node.text, str):
            return self.unsupported(node, path, resource, "Fn::Sub needs literal text")
        local = node.variables
        parts: list[Any] = []
        for kind, text in node.parts():
            if kind == "text":
                piece: Any = text
            elif text in local:
                piece = self.value(local[text], path, resource)
            elif "." in text and text.split(".", 1)[0] in self.t.template.resources:
                target, attribute = text.split(".", 1)
                piece = self.t.attribute(target, attribute, path, resource)
            else:
                piece = self.ref(fn.Ref(text, node.line, node.column), path, resource)
            if isinstance(piece, str) and parts and isinstance(parts[-1], str):
                parts[-1] += piece
            else:
                parts.append(piece)
        if len(parts) == 1 and isinstance(parts[0], str):
            return parts[0]
        return {"Fn::Join": ["", parts]}

    def if_(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        args = node.args
        if not isinstance(args, list) or len(args) != 3:
            return self.unsupported(node, path, resource)
        when_true = self.value(args[1], path, resource)
        when_false = self.value(args[2], path, resource)
        if when_true is MISSING or when_false is MISSING:
            self.t.gap(NOVALUE, "info", path, resource,
                       "AWS::NoValue became null: Heat treats a null property as not set", "")
        return {"Fn::If": [args[0], None if when_true is MISSING else when_true,
                           None if when_false is MISSING else when_false]}

    def base64(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        return {"Fn::Base64": self.value(node.args, path, resource)}

    def list_item(self, item: Any, path: Path, resource: str | None) -> Any:
        """Heat's CFN dialect cannot drop a list item: a conditional item is left out (the safe side)."""
        if isinstance(item, fn.If) and isinstance(item.args, list) and len(item.args) == 3 and any(
                isinstance(branch, fn.Ref) and branch.target == "AWS::NoValue" for branch in item.args[1:]):
            self.t.gap(CONDITIONAL_ITEM, "warning", path, resource,
                       f"this list item exists only when condition {item.args[0]!r} holds; Heat's CFN dialect "
                       "cannot drop an item, so it was left out", "translate with --to hot (2021-04-16 can)")
            return MISSING
        return self.value(item, path, resource)

    def get_azs(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        return {"Fn::GetAZs": ""}

    def find_in_map(self, node: fn.Intrinsic, path: Path, resource: str | None) -> Any:
        self.t.note_region_lookup(node, path, resource)
        return {"Fn::FindInMap": self.value(node.args, path, resource)}

    def table(self) -> dict[type, Callable[..., Any]]:
        return _NATIVE_TABLE


def _is_resource_reference(value: Any) -> bool:
    """A single resource id (ids never contain a delimiter)."""
    return isinstance(value, dict) and len(value) == 1 and (
        "get_resource" in value or ("Ref" in value and "::" not in str(value["Ref"])))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_SHARED = {
    fn.Ref: Values.ref, fn.GetAtt: Values.get_att, fn.FindInMap: Values.find_in_map,
    fn.GetAZs: Values.get_azs, fn.ImportValue: Values.import_value, fn.Base64: Values.base64,
    fn.Condition: Values.condition_name, fn.Transform: Values.transform,
}
_HOT_TABLE: dict[type, Callable[..., Any]] = {
    **_SHARED, fn.Join: HotValues.join, fn.Split: HotValues.split, fn.Select: HotValues.select,
    fn.Sub: HotValues.sub, fn.If: HotValues.if_, fn.Replace: HotValues.replace,
}
_NATIVE_TABLE: dict[type, Callable[..., Any]] = {
    **_SHARED, fn.Join: NativeValues.keep, fn.Split: NativeValues.keep, fn.Select: NativeValues.keep,
    fn.Sub: NativeValues.sub, fn.If: NativeValues.if_, fn.Replace: NativeValues.keep,
    fn.Base64: NativeValues.base64, fn.GetAZs: NativeValues.get_azs, fn.FindInMap: NativeValues.find_in_map,
    fn.MemberListToMap: NativeValues.keep, fn.ResourceFacade: NativeValues.keep,
    fn.Equals: NativeValues.keep, fn.And: NativeValues.keep, fn.Or: NativeValues.keep, fn.Not: NativeValues.keep,
}
