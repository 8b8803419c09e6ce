"""Functions that name a parameter, a resource or an attribute: Ref, Fn::GetAtt, Fn::Sub."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import UNDEFINED_REFERENCE
from cfnbridge.intrinsics.base import MISSING, NO_VALUE, PSEUDO_PARAMETERS, Intrinsic, Made, Path

if TYPE_CHECKING:
    from cfnbridge.evaluation import Evaluator
    from cfnbridge.translation.values import Values


class Ref(Intrinsic):
    """Takes the form ``{"Ref": "Name"}`` or ``!Ref Name``; Name is a parameter, a
    resource or a pseudo parameter such as ``AWS::Region``."""

    __slots__ = ()
    name = "Ref"
    short_tag = "!Ref"

    @property
    def target(self) -> str | None:
        return self.args if isinstance(self.args, str) else None

    def references(self) -> tuple[Made, ...]:
        target = self.args
        return (("Ref", target, None),) if isinstance(target, str) else ()

    def evaluate(self, ev: Evaluator) -> Any:
        name = self.args
        if not isinstance(name, str):
            raise ev.bad("Ref takes a name", self)
        if name == "AWS::NoValue":
            return NO_VALUE
        if name == "AWS::Region":
            if ev.region is None:
                raise ev.stop("AWS::Region is not known: no region was given", self)
            return ev.region
        if name in ("AWS::Partition", "AWS::URLSuffix"):
            if ev.region is None:
                raise ev.stop(f"{name} depends on the region, which was not given", self)
            partition = _partition(ev.region)
            if name == "AWS::Partition":
                return partition
            return "amazonaws.com.cn" if partition == "aws-cn" else "amazonaws.com"
        if name in ev.context:
            if ev.context[name] is None:
                raise ev.stop(f"{name} is known only when the stack is deployed", self)
            return ev.context[name]
        parameter = ev.template.parameters.get(name)
        if parameter is not None:
            return self._parameter(parameter, ev)
        if name in ev.template.resources:
            raise ev.stop(f"the physical id of resource {name!r} is known only after deployment", self)
        raise ev.bad(f"Ref to {name!r}, which is not defined", self)

    def _parameter(self, parameter: Any, ev: Evaluator) -> Any:
        if parameter.name in ev.given:
            value = ev.given[parameter.name]
        elif parameter.has_default and ev.use_defaults:
            value = parameter.default
        elif parameter.has_default:
            raise ev.stop(f"parameter {parameter.name!r} is chosen at deployment", self)
        else:
            raise ev.stop(f"parameter {parameter.name!r} has no value and no default", self)
        if isinstance(value, str) and (parameter.type == "CommaDelimitedList" or parameter.type.startswith("List<")):
            return [item.strip() for item in value.split(",")] if value else []
        if isinstance(value, bool | int | float) and not isinstance(value, bool):
            return str(value)
        return value

    def to_hot(self, values: Values, path: Path, resource: str | None) -> Any:
        t = values.t
        name = self.args
        if not isinstance(name, str):
            return values.unsupported(self, path, resource, "Ref needs a name")
        if name == "AWS::NoValue":
            return MISSING
        if name in PSEUDO_PARAMETERS:
            return t.pseudo(name, path, resource)
        if name in t.template.parameters:
            return values.dialect.get_param(name)
        if name in t.template.resources:
            return t.ref_resource(name, path, resource)
        t.gap(UNDEFINED_REFERENCE, path, resource, f"Ref to {name!r}, which is not defined", "")
        return values.dialect.get_param(name)

    to_native = to_hot  # the translator and the dialect spell the result


def _partition(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


class GetAtt(Intrinsic):
    """Takes the form ``{"Fn::GetAtt": ["Resource", "Attribute"]}``, ``!GetAtt Resource.Attribute``
    or ``!GetAtt [Resource, Attribute]``; the attribute may itself be a ``Ref``. The dotted
    form splits at the first dot, so ``A.B.C`` is resource ``A``, attribute ``B.C``."""

    __slots__ = ()
    name = "Fn::GetAtt"
    short_tag = "!GetAtt"

    @staticmethod
    def normalize(args: Any) -> Any:
        if isinstance(args, str) and "." in args:
            resource, attribute = args.split(".", 1)
            return [resource, attribute]
        return args

    @property
    def resource(self) -> str | None:
        if isinstance(self.args, list) and self.args and isinstance(self.args[0], str):
            return self.args[0]
        return None

    @property
    def attribute(self) -> Any:
        if isinstance(self.args, list) and len(self.args) >= 2:
            return self.args[1]
        return None

    def references(self) -> tuple[Made, ...]:
        if self.resource is None:
            return ()
        attribute = self.attribute
        return (("GetAtt", self.resource, attribute if isinstance(attribute, str) else None),)

    def evaluate(self, ev: Evaluator) -> Any:
        raise ev.stop(f"attribute {self.args!r} of a resource is known only after deployment", self)

    def to_hot(self, values: Values, path: Path, resource: str | None) -> Any:
        target, attribute = self.resource, self.attribute
        if target is None or not isinstance(attribute, str):
            return values.unsupported(self, path, resource, "the attribute must be a literal name")
        return values.t.attribute(target, attribute, path, resource)

    to_native = to_hot  # the translator maps the attribute and the dialect spells it


_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")


class Sub(Intrinsic):
    """Takes the form ``{"Fn::Sub": "text ${Name} ${Res.Attr} ${!Literal}"}`` or
    ``{"Fn::Sub": ["text ${Var}", {"Var": value}]}`` (and the ``!Sub`` short tag)."""

    __slots__ = ()
    name = "Fn::Sub"
    short_tag = "!Sub"

    @property
    def text(self) -> Any:
        if isinstance(self.args, list):
            return self.args[0] if self.args else None
        return self.args

    @property
    def variables(self) -> dict[str, Any]:
        if isinstance(self.args, list) and len(self.args) > 1 and isinstance(self.args[1], dict):
            return self.args[1]
        return {}

    def parts(self) -> Iterator[tuple[str, str]]:
        """The text split into ``("text", s)`` and ``("var", name)`` pieces.

        ``${!Literal}`` comes out as the text ``${Literal}``, as CloudFormation writes it.
        """
        text = self.text
        if not isinstance(text, str):
            return
        position = 0
        for match in _SUB_VARIABLE.finditer(text):
            if match.start() > position:
                yield "text", text[position:match.start()]
            inner = match.group(1)
            if inner.startswith("!"):
                yield "text", "${" + inner[1:] + "}"
            else:
                yield "var", inner.strip()
            position = match.end()
        if position < len(text):
            yield "text", text[position:]

    def references(self) -> Iterator[Made]:
        local = self.variables
        for kind, name in self.parts():
            if kind != "var" or name in local or not name:
                continue
            target, _, attribute = name.partition(".")
            yield "Sub", target, attribute or None

    def evaluate(self, ev: Evaluator) -> str:
        if not isinstance(self.text, str):
            raise ev.bad("Fn::Sub takes a string, or a string and a mapping of variables", self)
        local = self.variables
        pieces = []
        for kind, text in self.parts():
            if kind == "text":
                pieces.append(text)
            elif text in local:
                pieces.append(ev.text(ev.resolve(local[text]), self))
            elif "." in text and text not in PSEUDO_PARAMETERS:
                raise ev.stop(f"${{{text}}} is a resource attribute, known only after deployment", self)
            else:
                pieces.append(ev.text(ev.resolve(Ref(text, self.line, self.column)), self))
        return "".join(pieces)

    def _variable(self, text: str, values: Values, path: Path, resource: str | None) -> Any:
        """One ``${...}`` translated: a local variable, a resource attribute or a Ref."""
        local = self.variables
        if text in local:
            return values.value(local[text], path, resource)
        if "." in text and text.split(".", 1)[0] in values.t.template.resources:
            target, attribute = text.split(".", 1)
            return values.t.attribute(target, attribute, path, resource)
        return values.value(Ref(text, self.line, self.column), path, resource)

    def to_hot(self, values: Values, path: Path, resource: str | None) -> Any:
        if not isinstance(self.text, str):
            return values.unsupported(self, path, resource, "Fn::Sub needs literal text")
        template_parts: list[str] = []
        params: dict[str, Any] = {}
        for kind, text in self.parts():
            if kind == "text":
                template_parts.append(text)
                continue
            placeholder = "${" + text + "}"
            template_parts.append(placeholder)
            if placeholder not in params:
                params[placeholder] = self._variable(text, values, path, resource)
        template_text = "".join(template_parts)
        if not params:
            return template_text
        return {"str_replace": {"template": template_text, "params": params}}

    def to_native(self, values: Values, path: Path, resource: str | None) -> Any:
        """Heat's CFN dialect has no Fn::Sub: the text becomes an Fn::Join of its pieces."""
        if not isinstance(self.text, str):
            return values.unsupported(self, path, resource, "Fn::Sub needs literal text")
        parts: list[Any] = []
        for kind, text in self.parts():
            piece = text if kind == "text" else self._variable(text, values, path, resource)
            if isinstance(piece, str) and parts and isinstance(parts[-1], str):
                parts[-1] += piece
            else:
                parts.append(piece)
        if len(parts) == 1 and isinstance(parts[0], str):
            return parts[0]
        return {"Fn::Join": ["", parts]}
