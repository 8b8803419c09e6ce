"""Heat's own template validation, offline, as an oracle for translated templates.

A translation is only as good as what Heat accepts, and Heat's rules (property names and
types, functions per template version, attributes, not-implemented AWS properties) live in
Heat's code.  Rather than re-encode them, :func:`validate` runs that code in-process with
the cloud lookups switched off (see ``_heat_offline``), and returns Heat's messages
verbatim.  Requires the ``openstack-heat`` package (the ``test`` extra).

Beyond what ``Stack.validate`` checks, :func:`validate` also

* keeps going after the first resource or output error, so one call lists every broken
  resource rather than only the first one Heat meets;
* validates the member definition of each ``OS::Heat::AutoScalingGroup`` and
  ``OS::Heat::ResourceGroup``, which Heat itself only looks at when it creates members.
"""

from __future__ import annotations

import json
from typing import Any

from cfnbridge.testing._heat_offline import heat, offline
from cfnbridge.testing._heat_schemas import resource_schemas

__all__ = ["validate", "resource_schemas", "heat_version"]

# Group types whose member definition is a property Heat does not validate up front.
_GROUP_MEMBER_PROPERTY = {
    "OS::Heat::AutoScalingGroup": "resource",
    "OS::Heat::ResourceGroup": "resource_def",
}
# A member definition is a HOT snippet even inside a CFN-format template.
_HOT_TO_CFN_KEYS = {
    "type": "Type",
    "properties": "Properties",
    "metadata": "Metadata",
    "depends_on": "DependsOn",
    "deletion_policy": "DeletionPolicy",
    "update_policy": "UpdatePolicy",
    "condition": "Condition",
}
_STACK_NAME = "validate"


def heat_version() -> str:
    """The installed openstack-heat version, for reports that quote its messages."""
    return str(heat().version)


def validate(template: dict[str, Any] | str, *, files: dict[str, str] | None = None) -> list[str]:
    """Return Heat's error messages for ``template`` (HOT or CFN); ``[]`` when Heat accepts it.

    ``template`` is a parsed mapping or the template text; ``files`` maps the names of
    nested templates and ``get_file`` targets to their contents, as Heat's API takes them.
    Heat validates a nested template only when it creates it, so every entry of ``files``
    that is a template is validated here too (messages prefixed ``files[<name>]: ``).
    """
    h = heat()
    files = dict(files or {})
    errors = _validate_source(h, template, files)
    for name, content in sorted(files.items()):
        try:
            h.template_format.parse(content)
        except Exception:
            continue  # a script or other get_file payload, not a template
        errors += [f"files[{name}]: {msg}" for msg in _validate_source(h, content, files)]
    return list(dict.fromkeys(errors))


def _validate_source(h: Any, template: dict[str, Any] | str, files: dict[str, str]) -> list[str]:
    """Parse as Heat's API does, then validate the template and its group members."""
    try:
        text = template if isinstance(template, str) else json.dumps(template, default=str)
        tmpl = h.template_format.parse(text)
    except Exception as exc:  # Heat reports parse failures as ValueError and its own types
        return [_message(h, exc)]
    members = _validate_group_members(h, tmpl, files)  # before Heat gets to touch ``tmpl``
    return _validate_parsed(h, tmpl, files) + members


def _message(h: Any, exc: BaseException) -> str:
    """Heat's wording for its own errors; anything else is named so it reads as a crash."""
    # Heat's messages are lazily translated ``str`` subclasses; hand out plain ``str``.
    if isinstance(exc, h.exception.HeatException | ValueError):
        return str.__str__(str(exc))
    return f"{type(exc).__name__}: {exc}"


def _validate_parsed(h: Any, tmpl: dict[str, Any], files: dict[str, str]) -> list[str]:
    """Validate one parsed template the way heat-engine does before a stack create."""
    try:
        heat_tmpl = h.template.Template(tmpl, files=files)
        values, unchecked = _stand_in_parameters(h, heat_tmpl.param_schemata())
    except Exception as exc:
        return [_message(h, exc)]
    stk = None
    with offline(frozenset(unchecked)):
        try:
            heat_tmpl.env = h.environment.Environment({"parameters": values})
            stk = h.stack.Stack(h.context, _STACK_NAME, heat_tmpl, strict_validate=True)
            stk.validate(validate_res_tmpl_only=True)
        except Exception as exc:
            first = _message(h, exc)
            path = [str(p) for p in getattr(exc, "path", None) or ()]
            if stk is None or len(path) < 2 or path[0].lower() not in ("resources", "outputs"):
                return [first]
            try:
                return [first, *_remaining_errors(h, stk, path[0].lower(), path[1])]
            except Exception:  # the first error left the stack unusable: report just that
                return [first]
    return []


def _remaining_errors(h: Any, stk: Any, section: str, failed: str) -> list[str]:
    """Validate the other resources and outputs one by one, since Heat stops at the first.

    Outputs are validated after all resources, so a failed output means the resources
    passed; the item that already failed is skipped either way.
    """
    errors: list[str] = []
    resources = stk.resources.values() if section == "resources" else ()
    for res in resources:
        if res.external_id is not None or res.name == failed:
            continue
        try:
            result = res.validate_template()
        except h.exception.HeatException as exc:
            errors.append(_message(h, exc))
            continue
        except Exception as exc:
            errors.append(_message(h, h.exception.StackValidationFailed(error=exc, resource=res)))
            continue
        if result:
            errors.append(_message(h, h.exception.StackValidationFailed(message=result)))
    for name, output in stk.outputs.items():
        if name == failed:
            continue
        try:
            output.validate()
        except h.exception.StackValidationFailed as exc:
            path = [stk.t.OUTPUTS, name, stk.t.get_section_name(exc.path[0]), *exc.path[1:]]
            failure = h.exception.StackValidationFailed(
                error=exc.error, path=path, message=exc.error_message
            )
            errors.append(_message(h, failure))
        except Exception as exc:
            errors.append(_message(h, exc))
    return errors


def _stand_in_parameters(h: Any, schemata: dict[str, Any]) -> tuple[dict[str, str], set[str]]:
    """Give each parameter without a default a value its own constraints accept.

    Returns the values and the names for which no candidate passed; Heat is told not to
    check those values, so a clever ``AllowedPattern`` cannot cause a false error.
    """
    values: dict[str, str] = {}
    unchecked: set[str] = set()
    for name, schema in schemata.items():
        if schema.default is not None:
            continue
        candidates = _candidates(h, schema)
        with offline():
            chosen = next((c for c in candidates if _accepts(h, name, schema, c)), None)
        if chosen is None:
            chosen = candidates[0]
            unchecked.add(name)
        values[name] = chosen
    return values, unchecked


def _candidates(h: Any, schema: Any) -> list[str]:
    """Plausible values for a parameter, most specific first."""
    c = h.constraints
    ptype = schema.type
    found: list[str] = []
    for con in schema.constraints:
        if isinstance(con, c.AllowedValues) and con.allowed:
            found.append(str(con.allowed[0]))
        elif isinstance(con, c.Length):  # before Range: Heat's Length is a kind of Range
            if con.min:
                found += ["a" * max(int(con.min), 2), "a" * int(con.min), "1" * int(con.min)]
        elif isinstance(con, c.Range):
            found += [str(v) for v in (con.min, con.max) if v is not None]
        elif isinstance(con, c.Modulo) and con.offset is not None:
            found.append(str(con.offset))
    p = h.parameters.Schema
    if ptype == p.NUMBER:
        found += ["1", "0"]
    elif ptype == p.BOOLEAN:
        found.append("true")
    elif ptype == p.MAP:
        found.append("{}")
    else:
        found += ["value1", "x", "a1", "0", "10.0.0.0/16", "10.0.0.1", "a-1", "ab1-x"]
    return found


def _accepts(h: Any, name: str, schema: Any, value: str) -> bool:
    """Whether Heat's parameter check takes ``value`` for this schema."""
    try:
        h.parameters.Parameter(name, schema, value).validate(True, h.context)
    except Exception:
        return False
    return True


def _validate_group_members(h: Any, tmpl: dict[str, Any], files: dict[str, str]) -> list[str]:
    """Validate each group's member definition as a template of its own.

    The member may refer to the parent's parameters and other resources, so the wrapper
    template keeps the parent's parameters, mappings and conditions and stands in
    ``OS::Heat::None`` (any property, any attribute) for every other resource.
    """
    hot = "heat_template_version" in tmpl
    keys = ("resources", "type", "properties") if hot else ("Resources", "Type", "Properties")
    resources = tmpl.get(keys[0])
    if not isinstance(resources, dict):
        return []
    errors: list[str] = []
    for name, snippet in resources.items():
        if not isinstance(snippet, dict):
            continue
        prop = _GROUP_MEMBER_PROPERTY.get(snippet.get(keys[1]))  # type: ignore[arg-type]
        props = snippet.get(keys[2])
        member = props.get(prop) if prop and isinstance(props, dict) else None
        if not isinstance(member, dict) or not isinstance(member.get("type"), str):
            continue
        if not hot:
            member = {_HOT_TO_CFN_KEYS.get(k, k): v for k, v in member.items()}
        wrapper = {
            k: v for k, v in tmpl.items() if k not in (keys[0], "outputs", "Outputs")
        }
        stub = {keys[1]: "OS::Heat::None"}
        wrapper[keys[0]] = {other: stub for other in resources if other != name}
        wrapper[keys[0]][name] = member
        prefix = f"{keys[0]}.{name}.{keys[2].lower()}.{prop}: "
        errors += [prefix + msg for msg in _validate_source(h, wrapper, files)]
    return errors
