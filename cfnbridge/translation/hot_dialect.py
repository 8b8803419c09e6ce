"""HOT, the template language of OpenStack Heat: how the neutral plan is written in it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import NOVALUE
from cfnbridge.translation.dialect import RESOURCE_KEYS, Dialect, Path

if TYPE_CHECKING:
    from cfnbridge.translation.engine import Translator
    from cfnbridge.translation.values import Values


class Hot(Dialect):
    """HOT: ``get_param``, ``get_resource``, ``get_attr``, ``list_join``, ``if`` and lower-case keys."""

    name = "hot"
    joins_maps_as_json = True
    default_bootstrap = "cloud-init"  # OS::Nova::Server on stock images: cfn-init translated

    def get_param(self, name: str, *path: Any) -> Any:
        return {"get_param": [name, *path] if path else name}

    def get_resource(self, name: str) -> Any:
        return {"get_resource": name}

    def get_attr(self, name: str, attribute: str, *path: Any) -> Any:
        return {"get_attr": [name, attribute, *path]}

    def join(self, delimiter: str, items: list[Any]) -> Any:
        return {"list_join": [delimiter, items]}

    def concat(self, lists: list[Any]) -> Any:
        return {"list_concat": lists}

    def select(self, index: int, value: Any) -> Any:
        if isinstance(value, dict) and len(value) == 1:
            (function, arguments), = value.items()
            if function in ("get_param", "get_attr"):
                return {function: [*(arguments if isinstance(arguments, list) else [arguments]), index]}
        return {"yaql": {"expression": f"$.data[{index}]", "data": value}}

    def if_(self, condition: str, when_true: Any, when_false: Any) -> Any:
        return {"if": [condition, when_true, when_false]}

    def _function_parts(self, function: str, args: Any) -> list[Any] | None:
        if function == "str_replace" and isinstance(args, dict) and isinstance(args.get("template"), str) \
                and isinstance(args.get("params"), dict):
            return split_on_keys(args["template"], args["params"])
        return None

    def text(self, pieces: list[Any]) -> Any:
        """One ``str_replace`` over the literal text, each deploy-time value under a placeholder."""
        template: list[str] = []
        params: dict[str, Any] = {}
        literal = "".join(p for p in pieces if isinstance(p, str))
        for piece in pieces:
            if isinstance(piece, str):
                template.append(piece)
                continue
            key = next((k for k, v in params.items() if v == piece), None) or _placeholder(piece, params, literal)
            params[key] = piece
            template.append(key)
        if not params:
            return "".join(template)
        return {"str_replace": {"template": "".join(template), "params": params}}

    def stack_id(self) -> Any:
        return self.get_param("OS::stack_id")

    def stack_name(self) -> Any:
        return self.get_param("OS::stack_name")

    def project_id(self) -> Any:
        return self.get_param("OS::project_id")

    def equals(self, left: Any, right: Any) -> Any:
        return {"equals": [left, right]}

    def logic(self, kind: str, items: list[Any]) -> Any:
        return {kind: items[0] if kind == "not" else items}

    def in_condition(self, t: Translator, value: Any, path: Path) -> Any:
        """Heat's conditions take get_param, equals, not, and, or, contains and yaql only: the text
        functions a value may hold (str_split, list_join) become the same yaql."""
        if isinstance(value, list):
            return [self.in_condition(t, item, path) for item in value]
        if not isinstance(value, dict):
            return value
        value = {key: self.in_condition(t, item, path) for key, item in value.items()}
        args = value.get("str_split") if len(value) == 1 else None
        if isinstance(args, list) and len(args) in (2, 3):
            index = f"[{int(args[2])}]" if len(args) == 3 and str(args[2]).isdigit() else ""
            return {"yaql": {"expression": f"$.data.text.split($.data.delimiter){index}",
                             "data": {"text": args[1], "delimiter": args[0]}}}
        args = value.get("list_join") if len(value) == 1 else None
        if isinstance(args, list) and len(args) == 2:
            return {"yaql": {"expression": "$.data.items.join($.data.delimiter)",
                             "data": {"items": args[1], "delimiter": args[0]}}}
        return value

    def optional(self, t: Translator, condition: str, when_true: Any, when_false: Any, path: Path,
                 resource: str | None) -> Any:
        """HOT 2021-04-16's 2-argument ``if`` drops the enclosing item; the false side needs a negation."""
        from cfnbridge.translation.values import MISSING

        if t.options.hot_version < "2021-04-16":
            t.gap(NOVALUE, path, resource,
                  f"AWS::NoValue needs HOT 2021-04-16; with {t.options.hot_version} it became null",
                  "use --hot-version 2021-04-16")
            return self.if_(condition, None if when_true is MISSING else when_true,
                            None if when_false is MISSING else when_false)
        if when_false is MISSING:
            return {"if": [condition, when_true]}
        return {"if": [t.negated_condition(condition), when_false]}

    def value_translator(self, t: Translator) -> Values:
        from cfnbridge.translation.values import HotValues

        return HotValues(t)

    def reference(self, function: Any, args: Any) -> tuple[str, str, str | None] | None:
        if function == "get_resource" and isinstance(args, str):
            return "resource", args, None
        if function == "get_attr" and isinstance(args, list) and args and isinstance(args[0], str):
            return "resource", args[0], args[1] if len(args) > 1 and isinstance(args[1], str) else None
        if function == "get_param":
            name = args[0] if isinstance(args, list) and args else args
            return ("parameter", name, None) if isinstance(name, str) else None
        if function == "if" and isinstance(args, list) and args and isinstance(args[0], str):
            return "condition", args[0], None
        return None

    def is_pseudo(self, name: str) -> bool:
        return name in ("OS::stack_name", "OS::stack_id", "OS::project_id")

    def foreign(self, key: Any) -> bool:
        return isinstance(key, str) and (key.startswith("Fn::") or key in ("Ref", "Condition"))

    def resource(self, body: dict[str, Any]) -> dict[str, Any]:
        known = [hot for hot, _ in RESOURCE_KEYS]
        return {**{key: body[key] for key in known if key in body}, **{k: v for k, v in body.items() if k not in known}}

    def parameter(self, spec: dict[str, Any]) -> dict[str, Any]:
        return spec

    def output(self, spec: dict[str, Any]) -> dict[str, Any]:
        return spec

    def document(self, t: Translator, parameters: dict[str, Any], conditions: dict[str, Any],
                 resources: dict[str, Any], outputs: dict[str, Any]) -> dict[str, Any]:
        document: dict[str, Any] = {"heat_template_version": t.options.hot_version}
        if t.template.description is not None:
            document["description"] = t.template.description
        if parameters:
            document["parameters"] = parameters
        if conditions:
            document["conditions"] = conditions
        document["resources"] = resources
        if outputs:
            document["outputs"] = outputs
        return document


def split_on_keys(template: str, params: dict[str, Any]) -> list[Any]:
    """A ``str_replace`` template as pieces: literal text and the values its keys stand for."""
    keys = sorted((k for k in params if isinstance(k, str) and k), key=len, reverse=True)
    if not keys:
        return [template]
    pattern = re.compile("|".join(re.escape(k) for k in keys))
    out: list[Any] = []
    position = 0
    for match in pattern.finditer(template):
        if match.start() > position:
            out.append(template[position:match.start()])
        out.append(params[match.group(0)])
        position = match.end()
    if position < len(template):
        out.append(template[position:])
    return out


def _placeholder(value: Any, taken: dict[str, Any], literal: str) -> str:
    """A readable key for a deploy-time value that the literal text cannot contain by accident."""
    name = "value"
    if isinstance(value, dict) and len(value) == 1:
        (function, args), = value.items()
        if function == "get_attr" and isinstance(args, list):
            name = ".".join(str(a) for a in args)
        elif function == "if" and isinstance(args, list) and args:
            name = f"if.{args[0]}"
        elif function in ("get_param", "get_resource"):
            name = ".".join(str(a) for a in args) if isinstance(args, list) else str(args)
    key, number = "${" + name + "}", 2
    while key in taken or key in literal:
        key, number = "${" + f"{name}_{number}" + "}", number + 1
    return key
