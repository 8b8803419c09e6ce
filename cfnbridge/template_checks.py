"""What CloudFormation refuses in a template's structure, as plain functions over the model's parts.

The template model (:mod:`cfnbridge.template`) calls these while it is built and turns each
problem into a located error; they hold the rules themselves: which values a policy
attribute takes, where functions may not appear, and when conditions go round in a circle.
"""

from __future__ import annotations

from typing import Any

from cfnbridge.intrinsics import Condition, If, Intrinsic, Transform

POLICY_OPTIONS = {
    "DeletionPolicy": ("Delete", "Retain", "RetainExceptOnCreate", "Snapshot"),
    "UpdateReplacePolicy": ("Delete", "Retain", "Snapshot"),
}
LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions"


def policy_problem(key: str, value: Any, transforms: list[str]) -> str | None:
    """What is wrong with a DeletionPolicy or UpdateReplacePolicy value, or None.

    One of its options, or (only under the ``AWS::LanguageExtensions`` transform, as in
    CloudFormation) a function choosing one.
    """
    if value is None:
        return None
    options = POLICY_OPTIONS[key]
    if isinstance(value, Intrinsic):
        if LANGUAGE_EXTENSIONS not in transforms:
            return (f"{key} given as a function needs the {LANGUAGE_EXTENSIONS} transform; "
                    f"otherwise use one of {', '.join(options)}")
        if isinstance(value, If):
            branches = value.args[1:] if isinstance(value.args, list) and len(value.args) == 3 else []
            if not branches or any(isinstance(b, str) and b not in options for b in branches):
                return f"{key}: Fn::If must choose between {', '.join(options)}"
        return None
    if not isinstance(value, str) or value not in options:
        return f"{key} must be one of {', '.join(options)}, not {value!r}"
    return None


def condition_cycles(conditions: dict[str, Any]) -> list[list[str]]:
    """Circles among conditions, each as names that begin and end with the same one (``[C, C]``)."""
    uses = {name: [n for n in _condition_uses(body) if n in conditions] for name, body in conditions.items()}
    done: set[str] = set()
    cycles = []
    for start in conditions:
        cycle = _find_cycle(start, uses, done)
        if cycle:
            cycles.append(cycle)
            done.update(cycle)
    return cycles


def first_function(value: Any, path: tuple[Any, ...]) -> tuple[Intrinsic, tuple[Any, ...]] | None:
    """The first intrinsic function inside ``value`` and its path, if there is one.

    ``Fn::Transform`` (a macro such as ``AWS::Include``) is allowed anywhere: it runs before
    the template is read, so it is not counted.
    """
    if not _holds_function(value):
        return None  # the common case, found without building a path per value
    stack = [(value, path)]
    while stack:
        item, at = stack.pop()
        if isinstance(item, Transform):
            continue
        if isinstance(item, Intrinsic):
            return item, at
        if isinstance(item, dict):
            stack.extend((v, (*at, k)) for k, v in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((v, (*at, i)) for i, v in reversed(list(enumerate(item))))
    return None


def _holds_function(value: Any) -> bool:
    """Whether an intrinsic other than ``Fn::Transform`` is anywhere inside ``value``."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Intrinsic):
            if not isinstance(item, Transform):
                return True
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _condition_uses(value: Any) -> list[str]:
    """The names ``value`` refers to with ``Condition`` (inside Fn::And, Fn::Or, Fn::Not …)."""
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Condition):
            if isinstance(item.args, str):
                found.append(item.args)
        elif isinstance(item, Intrinsic):
            stack.append(item.args)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _find_cycle(start: str, uses: dict[str, list[str]], done: set[str]) -> list[str] | None:
    """A circle reachable from ``start``, as names that begin and end with the same one (iterative:
    a chain of thousands of conditions must not exhaust Python's stack)."""
    trail: list[str] = []
    on_trail: set[str] = set()
    pending: list[tuple[str, int]] = [(start, 0)]
    while pending:
        name, index = pending.pop()
        if index == 0:
            if name in on_trail:
                return [*trail[trail.index(name):], name]
            if name in done:
                continue
            trail.append(name)
            on_trail.add(name)
        followers = uses.get(name, [])
        if index < len(followers):
            pending.append((name, index + 1))
            pending.append((followers[index], 0))
        else:
            trail.pop()
            on_trail.discard(name)
            done.add(name)
    return None
