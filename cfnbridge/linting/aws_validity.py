"""One walk over a template's resources against AWS's schemas, shared by the CB0xxx rules.

Each problem is something CloudFormation itself would refuse: an unknown type, property
or attribute, a value of the wrong type or outside its allowed values, a required
property left out. Values computed by intrinsic functions are not judged (their value is
known only at deploy time), and neither are types the schemas do not cover.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cfnbridge import aws_schemas
from cfnbridge.intrinsics import GetAtt, Intrinsic, Sub

Path = tuple[Any, ...]
_INTEGER = re.compile(r"^-?\d+$")
_SUB_VARIABLE = re.compile(r"\$\{([^}!]+)\}")  # ${Name} or ${Name.Attribute} in Fn::Sub
_NUMBER = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
_PLURAL = {"boolean": "a boolean", "integer": "an integer", "number": "a number", "string": "a string",
           "array": "a list", "object": "a mapping"}


# Properties that ``aws cloudformation package`` (and ``sam package``) accept as a local path and
# replace with the uploaded object's location: a string there is not a wrong type.
PACKAGED = frozenset({
    ("AWS::Lambda::Function", "Code"), ("AWS::Lambda::LayerVersion", "Content"),
    ("AWS::ApiGateway::RestApi", "BodyS3Location"), ("AWS::StepFunctions::StateMachine", "DefinitionS3Location"),
    ("AWS::AppSync::GraphQLSchema", "DefinitionS3Location"),
    ("AWS::AppSync::Resolver", "RequestMappingTemplateS3Location"),
    ("AWS::AppSync::Resolver", "ResponseMappingTemplateS3Location"),
    ("AWS::AppSync::FunctionConfiguration", "RequestMappingTemplateS3Location"),
    ("AWS::AppSync::FunctionConfiguration", "ResponseMappingTemplateS3Location"),
    ("AWS::ElasticBeanstalk::ApplicationVersion", "SourceBundle"), ("AWS::CodeCommit::Repository", "Code"),
})


@dataclass(frozen=True)
class Problem:
    kind: str  # type | property | value | enum | required | attribute
    path: Path
    message: str
    hint: str = ""
    of_key: bool = False


def problems(ctx: Any) -> list[Problem]:
    """Every AWS-validity problem in ``ctx.template``, computed once per lint context."""
    found = ctx.cache.get("aws-validity")
    if found is None:
        found = ctx.cache["aws-validity"] = _walk(ctx.template)
    return found


# AWS's own transforms leave AWS:: resources as written; any other macro may rewrite anything.
_KNOWN_TRANSFORMS = ("AWS::Serverless-2016-10-31", "AWS::LanguageExtensions")


def _walk(template: Any) -> list[Problem]:
    found: list[Problem] = []
    if any(name not in _KNOWN_TRANSFORMS for name in template.transform or ()):
        return found
    for name, resource in template.resources.items():
        base: Path = ("Resources", name)
        answer = aws_schemas.check_type(resource.type)
        if answer.typo:
            found.append(Problem("type", (*base, "Type"), f"{resource.type} is not a CloudFormation resource type",
                                 answer.did_you_mean()))
            continue
        if not answer.checked:
            continue
        properties = resource.properties
        if isinstance(properties, dict):
            spec = aws_schemas.property_spec(resource.type)
            if spec is not None:
                _object(_Walk(resource.type, (*base, "Properties"), found), spec, properties, ())
    found.extend(_attributes(template))
    return found


@dataclass(frozen=True)
class _Walk:
    """One resource's walk: its type, where its Properties stand, and the list problems go to.

    The spec of each value is carried down with the value (one step per level), and a
    problem's template path (``where`` + its property path) is made only for a problem.
    """

    aws_type: str
    where: Path
    found: list[Problem]

    def add(self, kind: str, path: Path, message: str, hint: str, of_key: bool = False) -> None:
        self.found.append(Problem(kind, (*self.where, *path), message, hint, of_key))


def _object(walk: _Walk, spec: dict[str, Any], value: dict[str, Any], path: Path) -> None:
    aws_type = walk.aws_type
    properties = spec.get("properties") or {}
    for key, item in value.items():
        if key in properties:  # known, and its spec is the property's (the common case, asked directly)
            child = properties[key]
        else:
            answer = aws_schemas.check_key(spec, key)
            if answer.typo:
                owner = aws_type if not path else f"{aws_type} {_dotted(path)}"
                walk.add("property", (*path, key), f"{owner} has no property {key!r}", answer.did_you_mean(),
                         of_key=True)
                continue
            child = aws_schemas.child_spec(spec, key)
        if child and item is not None and not isinstance(item, Intrinsic):
            _value(walk, child, item, (*path, key))
    for name in spec.get("required", ()):
        if name not in value:
            place = aws_type if not path else f"{_dotted(path)} in {aws_type}"
            walk.add("required", path, f"{place} requires the property {name!r}", f"add {name}", of_key=True)


def _value(walk: _Walk, spec: dict[str, Any], value: Any, path: Path) -> None:
    """Judge ``value`` against its (non-empty) ``spec``; intrinsics and nulls are left to the caller."""
    if len(path) == 1 and isinstance(value, str) and (walk.aws_type, path[0]) in PACKAGED:
        return  # a local path that the package command uploads
    kinds = spec.get("type")
    if kinds and not (any(_fits(kind, value) for kind in kinds) if isinstance(kinds, list) else _fits(kinds, value)):
        allowed = kinds if isinstance(kinds, list) else [kinds]
        expected = " or ".join(_PLURAL.get(kind, kind) for kind in allowed)
        shown = repr(value) if not isinstance(value, dict | list) else ("a mapping" if isinstance(value, dict)
                                                                       else "a list")
        walk.add("value", path, f"{_dotted(path)} must be {expected}, not {shown}", _value_hint(allowed, value))
        return
    enum = spec.get("enum")
    if enum and isinstance(value, str) and value not in enum:
        near = aws_schemas.nearest(value, enum)
        hint = f"did you mean {' or '.join(near)}?" if near else f"use one of {', '.join(enum[:8])}" + \
            (" …" if len(enum) > 8 else "")
        walk.add("enum", path, f"{value!r} is not an allowed value of {_dotted(path)}", hint)
        return
    if isinstance(value, dict):
        if spec.get("properties"):
            _object(walk, spec, value, path)
    elif isinstance(value, list) and "items" in spec:
        items = spec["items"]
        if items:
            for index, item in enumerate(value):
                if item is not None and not isinstance(item, Intrinsic):
                    _value(walk, items, item, (*path, index))


def _fits(kind: str, value: Any) -> bool:
    """CloudFormation's own coercions: ``"true"`` is a boolean, ``"8080"`` an integer."""
    if kind == "boolean":
        return isinstance(value, bool) or isinstance(value, str) and value.lower() in ("true", "false")
    if kind == "integer":
        if isinstance(value, bool):
            return False
        return isinstance(value, int) or isinstance(value, float) and value.is_integer() or \
            isinstance(value, str) and bool(_INTEGER.match(value.strip()))
    if kind == "number":
        return not isinstance(value, bool) and isinstance(value, int | float) or \
            isinstance(value, str) and bool(_NUMBER.match(value.strip()))
    if kind == "string":
        return isinstance(value, str | int | float | bool)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    return True


def _value_hint(allowed: list[str], value: Any) -> str:
    if "boolean" in allowed:
        return "use true or false"
    if "array" in allowed and not isinstance(value, list):
        return "write it as a list"
    return ""


def _dotted(path: Path) -> str:
    """A property path for messages: ``BlockDeviceMappings[0].Ebs``."""
    shown: list[str] = []
    for step in path:
        if isinstance(step, int) and shown:
            shown[-1] = f"{shown[-1]}[{step}]"
        else:
            shown.append(str(step))
    return ".".join(shown)


def _attributes(template: Any) -> Iterator[Problem]:
    """GetAtt (and ``${Resource.Attribute}`` in Sub) of attributes the type does not have."""
    from cfnbridge.references import all_functions

    resources = template.resources
    for function, path in all_functions(template):
        pairs: list[tuple[str, str]] = []
        if isinstance(function, GetAtt) and isinstance(function.attribute, str) and function.resource:
            pairs.append((function.resource, function.attribute))
        elif isinstance(function, Sub):
            text = function.text
            if isinstance(text, str):
                for match in _SUB_VARIABLE.finditer(text):
                    target, _, attribute = match.group(1).strip().partition(".")
                    if attribute and target in resources and target not in function.variables:
                        pairs.append((target, attribute))
        for target, attribute in pairs:
            resource = resources.get(target)
            if resource is None:
                continue  # an undefined reference: the loader's error
            answer = aws_schemas.check_attribute(resource.type, attribute)
            if answer.typo:
                yield Problem("attribute", path, f"{resource.type} has no attribute {attribute!r} "
                              f"(Fn::GetAtt {target}.{attribute})", answer.did_you_mean())
