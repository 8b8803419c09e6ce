"""Parameters, conditions and outputs, for HOT and for Heat's CFN dialect.

Resources are the engine's business; these three sections translate field by field and
report every field that Heat does not honour (NoEcho becomes ``hidden``, AWS-specific
parameter types become strings, exports have no Heat meaning …).
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from cfnbridge import intrinsics as fn
from cfnbridge.errors import Location, TemplateError
from cfnbridge.evaluation import as_text
from cfnbridge.gap_codes import (
    ALLOWED_PATTERN,
    EXPORT,
    NUMBER_AS_STRING,
    PARAMETER_CONSTRAINT,
    PARAMETER_DEFAULT,
    PARAMETER_TYPE,
)
from cfnbridge.nodes import to_plain

if TYPE_CHECKING:
    from cfnbridge.template import Parameter
    from cfnbridge.translation.engine import Translator

HOT_TYPES = {"String": "string", "Number": "number", "CommaDelimitedList": "comma_delimited_list",
             "Json": "json", "Boolean": "boolean"}
NATIVE_TYPES = frozenset({"String", "Number", "CommaDelimitedList", "Json", "Boolean"})
# OpenStack meaning of AWS-specific parameter types, for the hint.
_AWS_TYPE_HINTS = {
    "AWS::EC2::KeyPair::KeyName": "give the name of a Nova key pair",
    "AWS::EC2::Image::Id": "give a Glance image name or id",
    "AWS::EC2::VPC::Id": "give a Neutron network id",
    "AWS::EC2::Subnet::Id": "give a Neutron subnet id",
    "AWS::EC2::SecurityGroup::Id": "give a Neutron security group id",
    "AWS::EC2::AvailabilityZone::Name": "give a Nova availability zone",
    "AWS::EC2::Instance::Id": "give a Nova server id",
    "AWS::EC2::Volume::Id": "give a Cinder volume id",
    "AWS::Route53::HostedZone::Id": "give a Designate zone id",
}


def _parameter_type(t: Translator, parameter: Parameter) -> tuple[str, bool]:
    """The CFN base type Heat accepts, and whether it had to change."""
    kind = parameter.type
    if kind in NATIVE_TYPES:
        return kind, False
    path = ("Parameters", parameter.name, "Type")
    if kind.startswith("AWS::SSM::Parameter"):
        t.gap(PARAMETER_TYPE, "warning", path, None,
              f"parameter type {kind} reads AWS Systems Manager, which OpenStack does not have",
              "pass the value itself; with a site profile, map SSM image paths under 'images'")
        return ("CommaDelimitedList" if "List<" in kind else "String"), True
    if kind.startswith("List<"):
        inner = kind[5:-1]
        t.gap(PARAMETER_TYPE, "info", path, None,
              f"parameter type {kind} became a comma-delimited list; Heat cannot check the values",
              _AWS_TYPE_HINTS.get(inner, "give OpenStack ids"))
        return "CommaDelimitedList", True
    t.gap(PARAMETER_TYPE, "info", path, None,
          f"parameter type {kind} became a string; Heat cannot check that the value exists",
          _AWS_TYPE_HINTS.get(kind, "give the OpenStack equivalent"))
    return "String", True


def _numbers_joined(t: Translator) -> set[str]:
    """Number parameters that end up inside a Join (or a Sub, which native mode makes a Join).

    Heat's CFN ``Fn::Join`` refuses numbers, and a Number parameter resolves to one.
    """
    names: set[str] = set()
    for function, _path in fn.walk(t.template.root):
        if isinstance(function, fn.Join | fn.Sub):
            if isinstance(function, fn.Sub):
                names.update(text for kind, text in function.parts() if kind == "var")
            for inner, _ in fn.walk(function.args):
                if isinstance(inner, fn.Ref) and inner.target:
                    names.add(inner.target)
    return {n for n in names if n in t.template.parameters and t.template.parameters[n].type == "Number"}


def parameters(t: Translator) -> dict[str, Any]:
    """The parameters section in the output dialect."""
    out: dict[str, Any] = {}
    joined = set() if t.hot else _numbers_joined(t)
    for name, parameter in t.template.parameters.items():
        raw = parameter.raw
        base, _changed = _parameter_type(t, parameter)
        if "AllowedPattern" in raw and not _python_regex(raw["AllowedPattern"]):
            t.gap(ALLOWED_PATTERN, "warning", ("Parameters", name, "AllowedPattern"), None,
                  "AllowedPattern is not a valid Python regular expression, which Heat uses; the check was dropped",
                  "rewrite the pattern (Python's re differs from Java's, e.g. in character ranges)")
        if t.hot:
            out[name] = _hot_parameter(parameter, raw, base)
        else:
            out[name] = {k: to_plain(v) for k, v in raw.items() if k not in ("Type",)}
            out[name] = {"Type": base, **out[name]}
            if "Default" in out[name]:
                out[name]["Default"] = _default(out[name]["Default"], HOT_TYPES[base])
            if isinstance(out[name].get("AllowedValues"), list):
                out[name]["AllowedValues"] = [_default(v, HOT_TYPES[base]) for v in out[name]["AllowedValues"]]
            if "AllowedPattern" in raw and not _python_regex(raw["AllowedPattern"]):
                out[name].pop("AllowedPattern")
            elif "AllowedPattern" in raw:
                out[name]["AllowedPattern"] = whole_match(raw["AllowedPattern"])
            if base != parameter.type and "AllowedValues" not in raw:
                out[name].pop("ConstraintDescription", None)
            if name in joined:
                t.gap(NUMBER_AS_STRING, "info", ("Parameters", name, "Type"), None,
                      "this Number parameter is joined into text, which Heat's Fn::Join does only with strings; "
                      "it became a String checked by a pattern", "")
                spec = out[name]
                spec["Type"] = "String"
                for bound in ("MinValue", "MaxValue"):
                    spec.pop(bound, None)
                spec.setdefault("AllowedPattern", r"-?[0-9]+(\.[0-9]+)?")
                if "Default" in spec:
                    spec["Default"] = _default(spec["Default"], "string")
    return out


def _hot_parameter(parameter: Parameter, raw: dict[str, Any], base: str) -> dict[str, Any]:
    kind = HOT_TYPES[base]
    spec: dict[str, Any] = {"type": kind}
    if "Description" in raw:
        spec["description"] = raw["Description"]
    if parameter.has_default:
        spec["default"] = _default(raw["Default"], kind)
    if parameter.no_echo:
        spec["hidden"] = True
    constraints: list[dict[str, Any]] = []
    described = raw.get("ConstraintDescription")
    if "AllowedValues" in raw:
        values = raw["AllowedValues"]
        allowed = [_default(v, kind) for v in values] if isinstance(values, list) else values
        constraints.append({"allowed_values": allowed})
    if "AllowedPattern" in raw and _python_regex(raw["AllowedPattern"]):
        constraints.append({"allowed_pattern": whole_match(raw["AllowedPattern"])})
    length = {k: int(raw[c]) for k, c in (("min", "MinLength"), ("max", "MaxLength")) if c in raw}
    if length:
        constraints.append({"length": length})
    numeric = {k: _number(raw[c]) for k, c in (("min", "MinValue"), ("max", "MaxValue")) if c in raw}
    if numeric:
        constraints.append({"range": numeric})
    if constraints:
        if described:
            for constraint in constraints:
                constraint["description"] = described
        spec["constraints"] = constraints
    return spec


def whole_match(pattern: Any) -> Any:
    """CloudFormation matches the whole value; Heat takes the first match from the start.

    With ``([1-9]|[12][0-9])`` Heat stops at "3" of "31" and rejects it. An end anchor
    makes Python backtrack to a whole match, as CloudFormation does.
    """
    text = str(pattern)
    return text if text.endswith(("$", "\\Z")) else f"(?:{text})\\Z"


def retarget_parameters(t: Translator, out: dict[str, Any]) -> None:
    """Parameters that now name a flavor or an image: apply the profile to their default,
    and lift AWS-only allowed values (instance types, AMI ids), which would reject every
    OpenStack name. Each change is reported where the parameter is defined."""
    keys = _mapping_keys(t)
    for memo, lookup, what in (("flavor-parameters", t.profile.flavor_for, "instance type"),
                               ("image-parameters", t.profile.image_for, "AMI"),
                               ("key-parameters", t.profile.key_for, "key pair")):
        for name in sorted(t.memo.get(memo, ())):
            spec = out.get(name)
            if spec is None or name in keys:
                continue  # also a FindInMap key: its values must stay the mapping's keys
            default_key, values_key = ("default", "constraints") if t.hot else ("Default", "AllowedValues")
            default = spec.get(default_key)
            if default is None and memo == "key-parameters" and t.profile.default_key_name:
                spec[default_key] = t.profile.default_key_name
                t.gap(PARAMETER_DEFAULT, "info", ("Parameters", name), None,
                      f"the key pair defaults to {t.profile.default_key_name!r} from the site profile", "")
            elif isinstance(default, str) and lookup(default):
                spec[default_key] = lookup(default)
                t.gap(PARAMETER_DEFAULT, "info", ("Parameters", name, "Default"), None,
                      f"the default {what} {default!r} became {spec[default_key]!r} from the site profile", "")
            if t.hot and spec.get("constraints"):
                kept = [c for c in spec["constraints"] if "allowed_values" not in c and "allowed_pattern" not in c]
                if len(kept) != len(spec["constraints"]):
                    _lifted(t, name, what)
                    spec["constraints"] = kept
                    if not kept:
                        del spec["constraints"]
            elif not t.hot:
                for key in ("AllowedValues", "AllowedPattern"):
                    if spec.pop(key, None) is not None:
                        _lifted(t, name, what)


def _mapping_keys(t: Translator) -> set[str]:
    """Parameters used as FindInMap keys somewhere in the template."""
    names: set[str] = set()
    for function, _path in fn.walk(t.template.root):
        if isinstance(function, fn.FindInMap) and isinstance(function.args, list):
            for key in function.args[1:]:
                names.update(inner.target for inner, _ in fn.walk(key) if isinstance(inner, fn.Ref) and inner.target)
    return names


def _lifted(t: Translator, name: str, what: str) -> None:
    t.gap(PARAMETER_CONSTRAINT, "info", ("Parameters", name), None,
          f"the allowed values of {name!r} were {what}s; they were lifted so that OpenStack names are accepted",
          "add the site's names as allowed values if you want the check back")


def _python_regex(pattern: Any) -> bool:
    """Heat checks patterns with Python's re; a Java-style pattern it cannot compile is dropped."""
    import re

    try:
        re.compile(str(pattern))
    except re.error:
        return False
    return True


def _number(value: Any) -> int | float:
    try:
        return int(value)
    except (TypeError, ValueError):
        return float(value)


def _default(value: Any, kind: str) -> Any:
    if kind == "number":
        try:
            return _number(value)
        except (TypeError, ValueError):
            return value
    if kind == "string":
        return as_text(value)
    if kind == "comma_delimited_list" and isinstance(value, list):
        return ",".join(str(v) for v in value)
    return value


def conditions(t: Translator) -> dict[str, Any]:
    """The conditions section: HOT's equals/and/or/not, or Heat's CFN condition functions."""
    out: dict[str, Any] = {}
    for name, expression in t.template.conditions.items():
        out[name] = condition_expression(t, expression, ("Conditions", name), frozenset({name}))
    return out


_CONDITION_ARITY = {fn.Equals: (2, 2), fn.Not: (1, 1), fn.And: (2, 10), fn.Or: (2, 10)}


def condition_expression(t: Translator, expression: Any, path: tuple[Any, ...],
                         inlining: frozenset[str] = frozenset()) -> Any:
    arity = _CONDITION_ARITY.get(type(expression))
    if arity is not None:
        args = expression.args
        if not isinstance(args, list) or not arity[0] <= len(args) <= arity[1]:
            wanted = f"{arity[0]}" if arity[0] == arity[1] else f"{arity[0]} to {arity[1]}"
            raise TemplateError(f"{expression.name} takes a list of {wanted} conditions or values",
                                Location(t.template.filename, expression.line + 1, expression.column + 1))
    if isinstance(expression, fn.Equals) and isinstance(expression.args, list) and len(expression.args) == 2:
        left, right = (t.value(arg, path) for arg in expression.args)
        left, right = _like_types(t, expression.args, left, right)
        return {"equals": [left, right]} if t.hot else {"Fn::Equals": [left, right]}
    if isinstance(expression, fn.And | fn.Or | fn.Not) and isinstance(expression.args, list):
        items = [condition_expression(t, arg, path, inlining) for arg in expression.args]
        if t.hot:
            key = {fn.And: "and", fn.Or: "or", fn.Not: "not"}[type(expression)]
            return {key: items[0] if key == "not" else items}
        return {expression.name: items}
    if isinstance(expression, fn.Condition):
        if t.hot:
            return expression.args
        # Heat's CFN dialect has no {"Condition": name}: inline the named condition.
        named = t.template.conditions.get(expression.args)
        if expression.args in inlining:
            raise TemplateError(f"condition {expression.args!r} refers to itself",
                                Location(t.template.filename, expression.line + 1, expression.column + 1))
        if named is None:
            return False
        return condition_expression(t, named, ("Conditions", expression.args), inlining | {expression.args})
    if isinstance(expression, str) and t.hot and expression in t.template.conditions:
        return expression
    return t.value(expression, path)


def _like_types(t: Translator, sources: list[Any], left: Any, right: Any) -> tuple[Any, Any]:
    """Compare like with like: Heat's ``equals`` does not convert, CloudFormation compares text.

    ``equals: [{get_param: Count}, '0']`` is false for a number parameter 0, so a literal
    beside a number parameter becomes a number, and booleans become 'true'/'false'.
    """
    kinds = [_param_kind(t, s) for s in sources]
    values = [left, right]
    for index, other in ((0, 1), (1, 0)):
        literal = values[index]
        if isinstance(literal, dict | list):
            continue
        if kinds[other] == "Number" and isinstance(literal, str):
            with contextlib.suppress(ValueError):
                values[index] = _number(literal)
        elif kinds[other] != "Number" and isinstance(literal, bool):
            values[index] = str(literal).lower()
        elif kinds[other] not in (None, "Number") and isinstance(literal, int | float):
            values[index] = str(literal)
    return values[0], values[1]


def _param_kind(t: Translator, source: Any) -> str | None:
    if isinstance(source, fn.Ref) and source.target in t.template.parameters:
        return t.template.parameters[source.target].type
    return None


def outputs(t: Translator) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, output in t.template.outputs.items():
        path = ("Outputs", name)
        value = t.value(output.value, (*path, "Value"))
        if output.export is not None:
            t.gap(EXPORT, "warning", (*path, "Export"), None,
                  "Heat has no cross-stack exports; other stacks cannot import this value",
                  "read it as a stack output (openstack stack output show) or pass it as a parameter")
        if t.hot:
            spec: dict[str, Any] = {}
            if output.description is not None:
                spec["description"] = t.value(output.description, (*path, "Description"))
            spec["value"] = value
            if output.condition:
                spec["condition"] = output.condition
        else:
            spec = {}
            if output.description is not None:
                spec["Description"] = t.value(output.description, (*path, "Description"))
            spec["Value"] = value
            if output.condition:
                spec["Condition"] = output.condition
        out[name] = spec
    return out
