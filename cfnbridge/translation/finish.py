"""The last pass before the dialect writes: nothing the writer cannot write, nothing Heat cannot resolve.

Whatever a handler or a value translator left behind, the output must load in Heat and
deploy: no internal marker (a value left out with ``--placeholder``), no Python object, no
NaN; no CloudFormation function in HOT; no reference to a resource, a parameter or an
attribute that is not there. Each such place is a located gap, and the value either goes
(an output, a ``depends_on`` entry, an optional property) or becomes a parameter the user
fills in. One generic walk over the neutral plan, so no handler has to remember it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import (
    CFN_SYNTAX,
    DEPENDS_ON_DROPPED,
    OUTPUT_REMOVED,
    REFERENCE_PARAMETER,
    UNDEFINED_REFERENCE,
    UNWRITABLE_VALUE,
)
from cfnbridge.translation import maps
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.translation.engine import Translator

Path = tuple[Any, ...]
# Types whose attributes are not a fixed list (a nested stack's outputs, a group's members, None's anything).
_OPEN_ATTRIBUTES = frozenset({"OS::Heat::None", "OS::Heat::Stack", "OS::Heat::ResourceGroup", "OS::Heat::ResourceChain",
                              "OS::Heat::AutoScalingGroup", "AWS::CloudFormation::Stack", "OS::Heat::TestResource"})
_NOT_NAMES = frozenset({"properties", "value", "get_param", "get_attr", "get_resource", "list_join", "str_replace",
                        "str_split", "yaql", "if", "params", "template", "data", "list", "expression", "Ref"})
_PARAMETER_TYPES = {"String": "string", "Number": "number", "Integer": "number", "Boolean": "boolean", "Map": "json"}
_DROP = object()  # returned by the walk: leave this value out of its container


class _Broken(Exception):
    """A value that cannot stay, and why.

    ``stand_in`` names the parameter that may take its place (a reference that cannot
    resolve, CloudFormation syntax); without one the value is left out (an internal value).
    """

    def __init__(self, reason: str, stand_in: str | None = None, *, syntax: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.stand_in = stand_in
        self.syntax = syntax


def finish(t: Translator, specs: dict[str, Any], conditions: dict[str, Any], outputs: dict[str, Any]) -> None:
    """Make the neutral plan writable and resolvable, in place; every change is a gap."""
    check = _Checker(t, specs, conditions)
    for name in list(t.resources):
        body = t.resources[name]
        owner = t.owner[name]
        where: Path = ("Resources", owner)
        if "properties" in body:
            skip = ("template",) if body.get("type") == "OS::Heat::Stack" else ()
            check.schema = maps.heat_schemas().get(body.get("type"), {}).get("properties", {})
            cleaned = check.value(body["properties"], where, owner, skip=skip, stand_in=True)
            check.schema = {}
            if cleaned is _DROP:
                del body["properties"]
            else:
                body["properties"] = cleaned
        for key in ("metadata", "update_policy"):
            if key in body:
                cleaned = check.value(body[key], (*where, key.title().replace("_", "")), owner, stand_in=True)
                body.pop(key) if cleaned is _DROP else body.__setitem__(key, cleaned)
        _depends_on(t, body, where, owner)
        _condition(t, body, check.conditions, (*where, "Condition"), owner)
    for name in list(outputs):
        where = ("Outputs", name)
        _condition(t, outputs[name], check.conditions, (*where, "Condition"), None)
        try:
            outputs[name] = check.value(outputs[name], where, None, strict=True)
        except _Broken as broken:
            del outputs[name]
            t.gap(OUTPUT_REMOVED, where, None, f"the output was removed: {broken.reason}",
                  "read the value elsewhere once the missing part exists on OpenStack")
    for name in list(conditions):
        cleaned = check.value(conditions[name], ("Conditions", name), None, stand_in=True)
        conditions[name] = False if cleaned is _DROP else cleaned


def _condition(t: Translator, body: dict[str, Any], defined: set[str], where: Path, owner: str | None) -> None:
    """A Condition naming no condition: CloudFormation refuses it; Heat would too. Reported, and dropped."""
    name = body.get("condition")
    if isinstance(name, str) and name not in defined:
        del body["condition"]
        t.gap(UNDEFINED_REFERENCE, where, owner,
              f"the condition {name!r} is not defined; the output exists unconditionally", "define the condition")


def _depends_on(t: Translator, body: dict[str, Any], where: Path, owner: str) -> None:
    needs = body.get("depends_on")
    if needs is None:
        return
    names = needs if isinstance(needs, list) else [needs]
    kept = [name for name in names if name in t.resources]
    if len(kept) == len(names):
        return
    for name in names:
        if name not in t.resources:
            t.gap(DEPENDS_ON_DROPPED, (*where, "DependsOn"), owner,
                  f"the dependency on {name} was dropped: it has no OpenStack resource", "")
    if not kept:
        del body["depends_on"]
    else:
        body["depends_on"] = kept if len(kept) > 1 else kept[0]


class _Checker:
    """Walks values in the dialect's spelling, knowing every name the output defines."""

    def __init__(self, t: Translator, specs: dict[str, Any], conditions: dict[str, Any]) -> None:
        self.t = t
        self.parameters = set(specs)
        self.conditions = set(conditions) | set(t.extra_conditions)
        self._keys: list[Any] = []  # output keys down to the value being walked, to name a stand-in
        self.schema: dict[str, Any] = {}  # Heat's property schema of the resource being walked

    def value(self, value: Any, where: Path, resource: str | None, *, skip: tuple[str, ...] = (),
              strict: bool = False, stand_in: bool = False) -> Any:
        """``value`` cleaned; ``strict`` raises _Broken instead of repairing (outputs go whole)."""
        if self._sound(value, skip):
            return value  # the common case: nothing to repair, nothing copied
        try:
            return self._walk(value, where, resource, skip, strict)
        except _Broken as broken:
            if strict or not stand_in:
                raise
            return self._stand_in(broken, where, resource)

    def _walk(self, value: Any, where: Path, resource: str | None, skip: tuple[str, ...], strict: bool) -> Any:
        if value is MISSING:
            if strict:
                raise _Broken("it reads a value OpenStack cannot give (left out with --placeholder)")
            self.t.gap(UNWRITABLE_VALUE, where, resource,
                       "a value OpenStack cannot give was left out here", "fill it in by hand")
            return _DROP
        if isinstance(value, dict):
            reference = self._reference(value)
            if reference is not None:
                problem = self._dangling(*reference)
                if problem:
                    raise _Broken(problem, _stand_in_name(*reference))
            if len(value) == 1:
                (key,) = value
                if self.t.dialect.foreign(key):
                    raise _Broken(f"{key} is a function Heat cannot run here", self._name_here(resource), syntax=True)
            out: dict[Any, Any] = {}
            for key, item in value.items():
                self._keys.append(key)
                cleaned = item if key in skip else self._item(item, where, resource, strict)
                self._keys.pop()
                if cleaned is not _DROP:
                    out[key] = cleaned
            return out
        if isinstance(value, list):
            items = (self._item(item, where, resource, strict) for item in value)
            return [item for item in items if item is not _DROP]
        if isinstance(value, float) and not math.isfinite(value):
            raise _Broken(f"{value} is not a number JSON or Heat can hold")
        if value is None or isinstance(value, str | int | float | bool):
            return value
        raise _Broken(f"an internal value ({type(value).__name__}) has no written form; please report it")

    def _sound(self, value: Any, skip: tuple[str, ...] = ()) -> bool:
        """Whether ``value`` needs no repair at all (a read-only look, cheaper than the walk).

        Iterative, over every node once: most values are sound, so this look is the common path.
        """
        reference, foreign, dangling = self.t.dialect.reference, self.t.dialect.foreign, self._dangling
        if isinstance(value, dict) and skip:
            stack = [item for key, item in value.items() if key not in skip]
            if len(value) == 1:
                (key, args), = value.items()
                found = reference(key, args)
                if (found is not None and dangling(*found)) or foreign(key):
                    return False
        else:
            stack = [value]
        pop, push, extend = stack.pop, stack.append, stack.extend
        isfinite = math.isfinite
        while stack:
            node = pop()
            kind = type(node)
            if kind is str or kind is int or kind is bool or node is None:
                continue
            if kind is float:
                if not isfinite(node):
                    return False
                continue
            if kind is list:
                extend(node)
                continue
            if not isinstance(node, dict):
                return False  # MISSING, an internal object
            if len(node) == 1:
                (key, args), = node.items()
                found = reference(key, args)
                if (found is not None and dangling(*found)) or foreign(key):
                    return False
                push(args)
                continue
            extend(node.values())
        return True

    def _kind_here(self) -> str:
        """The parameter type a stand-in needs here: the property's own type when it stands for a whole
        property, a list where one is indexed (Fn::Select's list, a yaql list), else a string."""
        if len(self._keys) == 1 and isinstance(self.schema.get(self._keys[0]), dict):
            spec = self.schema[self._keys[0]]
            item = (spec.get("schema") or {}).get("*", {})
            if spec.get("type") == "List":
                return "comma_delimited_list" if item.get("type", "String") == "String" else "json"
            return _PARAMETER_TYPES.get(spec.get("type"), "string")
        return "comma_delimited_list" if self._keys and self._keys[-1] in ("Fn::Select", "list") else "string"

    def _name_here(self, resource: str | None) -> str:
        """A parameter name for the value being walked: its resource and the nearest key (``WebSubnetCidr``)."""
        key = next((k for k in reversed(self._keys) if isinstance(k, str) and ":" not in k
                    and k not in _NOT_NAMES), "")
        text = (resource or "") + "".join(part.title() for part in key.replace("-", "_").split("_"))
        return "".join(c for c in text if c.isalnum())[:60] or "Value"

    def _item(self, item: Any, where: Path, resource: str | None, strict: bool) -> Any:
        """One member of a container, repaired where it stands (the container stays)."""
        try:
            return self._walk(item, where, resource, (), strict)
        except _Broken as broken:
            if strict:
                raise
            return self._stand_in(broken, where, resource)

    def _reference(self, value: dict[Any, Any]) -> tuple[str, str, str | None] | None:
        """(kind, name, attribute) when ``value`` is a reference function of the dialect."""
        if len(value) != 1:
            return None
        (function, args), = value.items()
        return self.t.dialect.reference(function, args)

    def _dangling(self, kind: str, name: str, attribute: str | None) -> str | None:
        """Why the reference cannot resolve in the output, or None when it can."""
        if kind == "parameter":
            if name in self.parameters or name in self.t.extra_parameters or self.t.dialect.is_pseudo(name):
                return None
            if name in self.t.resources:
                return None  # native Ref names a resource or a parameter alike
            return f"it reads {name}, which is not a parameter or resource of the output"
        if kind == "condition":
            return None if name in self.conditions else f"it tests the condition {name}, which is not defined"
        if name not in self.t.resources:
            return f"it reads {name}, which has no OpenStack resource"
        if attribute is not None:
            kind_of = self.t.resources[name].get("type")
            known = maps.heat_schemas().get(kind_of, {}).get("attributes")
            if kind_of not in _OPEN_ATTRIBUTES and known is not None and attribute not in known:
                return f"{kind_of} {name} has no attribute {attribute!r}"
        return None

    def _stand_in(self, broken: _Broken, where: Path, resource: str | None) -> Any:
        """A parameter for a value the output cannot compute, or nothing for an internal value."""
        if broken.stand_in is None:
            self.t.gap(UNWRITABLE_VALUE, where, resource, f"{broken.reason}; it was left out", "")
            return _DROP
        name = self.t.parameter_name(broken.stand_in)
        spec = {"type": self._kind_here(), "description": f"fill in: {broken.reason}"}
        reference = self.t.add_parameter(broken.stand_in, spec)
        self.parameters.add(name)
        if broken.syntax:
            self.t.gap(CFN_SYNTAX, where, resource, f"{broken.reason}; it became the parameter {name!r}",
                       "translate the function by hand, or give the value when deploying")
        else:
            self.t.gap(REFERENCE_PARAMETER, where, resource,
                       f"{broken.reason}; it became the parameter {name!r}", "give the value when deploying")
        return reference


def _stand_in_name(kind: str, name: str, attribute: str | None) -> str:
    """A parameter name for what a reference read: ``Db`` + ``Endpoint.Address`` -> ``DbEndpointAddress``."""
    text = name if kind == "parameter" else f"{name}{attribute or 'Id'}"
    return "".join(c for c in text if c.isalnum())[:60] or "Value"
