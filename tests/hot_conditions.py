"""Evaluate the conditions of a translated HOT document under given parameter values, as Heat does.

Enough of Heat's condition functions (equals, not, and, or, get_param, condition names) to ask
which output resources exist in one configuration; a function outside them is refused, so a
test never reads a guess.
"""

from __future__ import annotations

from typing import Any


def truth(doc: dict[str, Any], condition: Any, values: dict[str, Any]) -> bool:
    """Whether ``condition`` (a name or an expression of ``doc``) holds with the parameters ``values``."""
    conditions = doc.get("conditions") or {}
    parameters = doc.get("parameters") or {}

    def value(node: Any) -> Any:
        if isinstance(node, dict) and list(node) == ["get_param"]:
            name = node["get_param"]
            return values.get(name, (parameters.get(name) or {}).get("default"))
        return node

    def holds(node: Any) -> bool:
        if isinstance(node, bool):
            return node
        if isinstance(node, str):
            return holds(conditions[node])
        (function, args), = node.items()
        if function == "equals":
            return value(args[0]) == value(args[1])
        if function == "not":
            return not holds(args)
        if function == "and":
            return all(holds(a) for a in args)
        if function == "or":
            return any(holds(a) for a in args)
        raise ValueError(f"condition function {function!r} is not evaluated here")

    return holds(condition)


def existing(doc: dict[str, Any], values: dict[str, Any]) -> set[str]:
    """The output resources that exist with the parameters ``values``."""
    return {name for name, body in (doc.get("resources") or {}).items()
            if "condition" not in body or truth(doc, body["condition"], values)}
