"""Heat's resource type registry as plain JSON-able data.

Translation authors need to know which OpenStack properties exist, which are required,
which Heat marks "not implemented" and which can be updated in place; the answers are in
the ``properties_schema`` of each resource class.  This module flattens them so that they
can be dumped once and read without Heat installed.
"""

from __future__ import annotations

import json
from typing import Any

from cfnbridge.testing._heat_offline import heat


def resource_schemas() -> dict[str, dict[str, Any]]:
    """Map each resource type in Heat's global registry to its schema.

    A type is ``{status, properties, attributes, hidden_attributes}``; ``status`` is Heat's support status
    (``SUPPORTED``, ``DEPRECATED``, ``HIDDEN`` ...), kept so that a translation can steer
    clear of hidden and deprecated types.  Each property is ``{type, required,
    implemented, update_allowed, immutable, status}`` plus ``default``, ``allowed_values``
    and ``custom_constraint`` when set, and ``schema`` for the members of a map (by key)
    or a list (under ``"*"``).  Aliases such as ``OS::Quantum*`` are not types and are
    left out.
    """
    h = heat()
    env = h.resources.global_env()
    kinds = (h.environment.ClassResourceInfo, h.environment.TemplateResourceInfo)
    # The registry has no public listing that includes hidden types.
    names = sorted(n for n, info in env.registry._registry.items() if isinstance(info, kinds))
    result: dict[str, dict[str, Any]] = {}
    for type_name in names:
        cls = env.get_class(type_name)
        result[type_name] = {
            "status": cls.support_status.status,
            "properties": {
                name: _property(h, h.properties.Schema.from_legacy(schema))
                for name, schema in sorted(cls.properties_schema.items())
            },
            **_attributes(h, cls),
            # DeletionPolicy Snapshot is accepted only where the class can snapshot.
            "snapshot_delete": callable(getattr(cls, "handle_snapshot_delete", None)),
        }
    return result


def _attributes(h: Any, cls: Any) -> dict[str, list[str]]:
    """Attribute names a ``get_attr`` / ``Fn::GetAtt`` may use on this type.

    Hidden attributes (such as ``OS::Nova::Server``'s ``first_address``) still resolve,
    so they are listed, apart, for a translation to avoid rather than to reject.
    """
    shown: set[str] = set()
    hidden: set[str] = set()
    for table in (cls.attributes_schema, cls.base_attributes_schema):
        for name, data in table.items():
            schema = h.attributes.Schema.from_attribute(data)
            is_hidden = schema.support_status.status == h.support.HIDDEN
            (hidden if is_hidden else shown).add(name)
    return {"attributes": sorted(shown), "hidden_attributes": sorted(hidden)}


def _property(h: Any, schema: Any) -> dict[str, Any]:
    """One property schema, recursing into map and list members."""
    out: dict[str, Any] = {
        "type": schema.type,
        "required": bool(schema.required),
        "implemented": bool(schema.implemented),
        "update_allowed": bool(schema.update_allowed),
        "immutable": bool(schema.immutable),
        "status": schema.support_status.status,
    }
    if schema.default is not None and _jsonable(schema.default):
        out["default"] = schema.default
    for con in schema.constraints:
        if isinstance(con, h.constraints.AllowedValues):
            out["allowed_values"] = [v for v in con.allowed if _jsonable(v)]
        elif isinstance(con, h.constraints.CustomConstraint):
            out["custom_constraint"] = con.name
    if schema.schema is not None:
        out["schema"] = {
            str(key): _property(h, h.properties.Schema.from_legacy(sub))
            for key, sub in sorted(dict(schema.schema).items(), key=lambda kv: str(kv[0]))
        }
    return out


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True
