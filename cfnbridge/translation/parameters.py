"""The parameters section: each CloudFormation parameter as a neutral (HOT-spelt) spec.

Heat takes five parameter types and checks constraints with Python's ``re``; AWS-specific
types become strings or lists, patterns are anchored as CloudFormation matches them, and
every change is a gap at the parameter's line. The dialect writes the specs out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge import intrinsics as fn
from cfnbridge.evaluation import as_text
from cfnbridge.gap_codes import (
    ALLOWED_PATTERN,
    NUMBER_AS_STRING,
    PARAMETER_CONSTRAINT,
    PARAMETER_DEFAULT,
    PARAMETER_TYPE,
    PROFILE_DEFAULT,
    SSM_PARAMETER_TYPE,
)
from cfnbridge.translation.dialect import HOT_TYPES
from cfnbridge.translation.plan import Role

if TYPE_CHECKING:
    from cfnbridge.template import Parameter
    from cfnbridge.translation.engine import Translator

NATIVE_TYPES = frozenset(HOT_TYPES)
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
        t.gap(SSM_PARAMETER_TYPE, path, None,
              f"parameter type {kind} reads AWS Systems Manager, which OpenStack does not have",
              "pass the value itself; with a site profile, map SSM image paths under 'images'")
        return ("CommaDelimitedList" if "List<" in kind else "String"), True
    if kind.startswith("List<"):
        inner = kind[5:-1]
        t.gap(PARAMETER_TYPE, path, None,
              f"parameter type {kind} became a comma-delimited list; Heat cannot check the values",
              _AWS_TYPE_HINTS.get(inner, "give OpenStack ids"))
        return "CommaDelimitedList", True
    t.gap(PARAMETER_TYPE, path, None,
          f"parameter type {kind} became a string; Heat cannot check that the value exists",
          _AWS_TYPE_HINTS.get(kind, "give the OpenStack equivalent"))
    return "String", True


def _numbers_joined(t: Translator) -> set[str]:
    """Number parameters that end up inside a Join (or a Sub, which native mode makes a Join).

    Heat's CFN ``Fn::Join`` refuses numbers, and a Number parameter resolves to one.
    """
    from cfnbridge.references import all_functions

    names: set[str] = set()
    for function, _path in all_functions(t.template):
        if isinstance(function, fn.Join | fn.Sub):
            if isinstance(function, fn.Sub):
                names.update(text for kind, text in function.parts() if kind == "var")
            for inner, _ in fn.walk(function.args):
                if isinstance(inner, fn.Ref) and inner.target:
                    names.add(inner.target)
    return {n for n in names if n in t.template.parameters and t.template.parameters[n].type == "Number"}


def parameters(t: Translator) -> dict[str, Any]:
    """The template's parameters as neutral (HOT-spelt) specs, each change reported where it is defined."""
    out: dict[str, Any] = {}
    joined = set() if t.dialect.joins_number_parameters else _numbers_joined(t)
    for name, parameter in t.template.parameters.items():
        raw = parameter.raw
        base, _changed = _parameter_type(t, parameter)
        if "AllowedPattern" in raw and not _python_regex(raw["AllowedPattern"]):
            t.gap(ALLOWED_PATTERN, ("Parameters", name, "AllowedPattern"), None,
                  "AllowedPattern is not a valid Python regular expression, which Heat uses; the check was dropped",
                  "rewrite the pattern (Python's re differs from Java's, e.g. in character ranges)")
        spec = _spec(parameter, raw, base)
        if name in joined:
            t.gap(NUMBER_AS_STRING, ("Parameters", name, "Type"), None,
                  "this Number parameter is joined into text, which Heat's Fn::Join does only with strings; "
                  "it became a String checked by a pattern", "")
            _number_as_string(spec)
        out[name] = spec
    return out


def add_constraints(t: Translator, out: dict[str, Any]) -> None:
    """Checks handlers asked for on template parameters (a pool member's address is an IP)
    where the template left the value open: a string with no default and no constraint of its own."""
    for name, constraints in t.parameter_constraints.items():
        spec, raw = out.get(name), t.template.parameters[name].raw
        if spec is None or spec["type"] != "string" or any(
                k in raw for k in ("Default", "AllowedPattern", "AllowedValues")):
            continue
        spec["constraints"] = [*spec.get("constraints", ()), *constraints]


def _number_as_string(spec: dict[str, Any]) -> None:
    """A Number parameter as a String that only numbers match."""
    spec["type"] = "string"
    constraints = [c for c in spec.get("constraints", ()) if "range" not in c]
    if not any("allowed_pattern" in c for c in constraints):
        constraints.append({"allowed_pattern": r"-?[0-9]+(\.[0-9]+)?"})
    spec["constraints"] = constraints
    if "default" in spec:
        spec["default"] = _default(spec["default"], "string")


def _spec(parameter: Parameter, raw: dict[str, Any], base: str) -> dict[str, Any]:
    """One parameter in HOT's spelling, constraints and all."""
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
    numeric = {k: as_number(raw[c]) for k, c in (("min", "MinValue"), ("max", "MaxValue")) if c in raw}
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
    """Parameters that now name a flavor, an image or a key pair: apply the profile to their
    default, and lift AWS-only allowed values (instance types, AMI ids), which would reject
    every OpenStack name. Each change is reported where the parameter is defined."""
    keys = _mapping_keys(t)
    for role, lookup, what in ((Role.FLAVOR, t.profile.flavor_for, "instance type"),
                               (Role.IMAGE, t.profile.image_for, "AMI"),
                               (Role.KEY, t.profile.key_for, "key pair")):
        for name in sorted(t.parameter_roles.get(role, ())):
            spec = out.get(name)
            if spec is None or name in keys:
                continue  # also a FindInMap key: its values must stay the mapping's keys
            default = spec.get("default")
            if default is None and role is Role.KEY and t.profile.default_key_name:
                spec["default"] = t.profile.default_key_name
                t.gap(PROFILE_DEFAULT, ("Parameters", name), None,
                      f"the key pair defaults to {t.profile.default_key_name!r} from the site profile", "")
            elif isinstance(default, str) and lookup(default):
                spec["default"] = lookup(default)
                t.gap(PROFILE_DEFAULT, ("Parameters", name, "Default"), None,
                      f"the default {what} {default!r} became {spec['default']!r} from the site profile", "")
            elif role is Role.IMAGE and isinstance(default, str) and default.startswith("/"):
                del spec["default"]  # an SSM path names nothing on OpenStack: never a default
                t.gap(PARAMETER_DEFAULT, ("Parameters", name, "Default"), None,
                      f"the default {default!r} is an AWS Systems Manager path, which OpenStack cannot read; the "
                      "parameter has no default", "map the path under 'images' in the site profile, or pass a "
                      "Glance image")
            if spec.get("constraints"):
                kept = [c for c in spec["constraints"] if "allowed_values" not in c and "allowed_pattern" not in c]
                if len(kept) != len(spec["constraints"]):
                    _lifted(t, name, what)
                    spec["constraints"] = kept
                    if not kept:
                        del spec["constraints"]


def _mapping_keys(t: Translator) -> set[str]:
    """Parameters used as FindInMap keys somewhere in the template."""
    from cfnbridge.references import all_functions

    names: set[str] = set()
    for function, _path in all_functions(t.template):
        if isinstance(function, fn.FindInMap) and isinstance(function.args, list):
            for key in function.args[1:]:
                names.update(inner.target for inner, _ in fn.walk(key) if isinstance(inner, fn.Ref) and inner.target)
    return names


def _lifted(t: Translator, name: str, what: str) -> None:
    t.gap(PARAMETER_CONSTRAINT, ("Parameters", name), None,
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


def as_number(value: Any) -> int | float:
    try:
        return int(value)
    except (TypeError, ValueError):
        return float(value)


def _default(value: Any, kind: str) -> Any:
    if kind == "number":
        try:
            return as_number(value)
        except (TypeError, ValueError):
            return value
    if kind == "string":
        return as_text(value)
    if kind == "comma_delimited_list" and isinstance(value, list):
        return ",".join(str(v) for v in value)
    return value


