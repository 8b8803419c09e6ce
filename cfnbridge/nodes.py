"""Located containers: the loaded template tree remembers where every node came from.

Mappings and sequences are ``dict`` and ``list`` subclasses, so all ordinary code works
on them unchanged. Each carries its own 0-based line and column, plus the position of
every key and value (mappings) or item (sequences) it holds. A scalar's position is kept
by its parent, which is how the loader stays within a small factor of a plain
``CSafeLoader``: no wrapper object is made per string. ``locate(root, path)`` turns a
path of keys and indexes into a :class:`~cfnbridge.errors.Location`, the one function
every gap, diagnostic and error uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cfnbridge.errors import Location

Path = tuple[Any, ...]


class LocatedDict(dict):
    """A mapping with the position of itself, each key and each value.

    ``marks[key] == (key_line, key_col, value_line, value_col)``, all 0-based.
    """

    __slots__ = ("line", "column", "marks")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = 0
        self.column = 0
        self.marks: dict[Any, tuple[int, int, int, int]] = {}


class LocatedList(list):
    """A sequence with the position of itself and of each item (``marks[i] == (line, col)``)."""

    __slots__ = ("line", "column", "marks")

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.line = 0
        self.column = 0
        self.marks: list[tuple[int, int]] = []


def position_of(node: Any) -> tuple[int, int] | None:
    """The 0-based (line, column) a container or intrinsic starts at, if it has one."""
    line = getattr(node, "line", None)
    if line is None:
        return None
    return line, node.column


def child_position(parent: Any, key: Any, *, of_key: bool = False) -> tuple[int, int] | None:
    """Where ``parent[key]`` stands (or the key itself, with ``of_key``)."""
    marks = getattr(parent, "marks", None)
    if marks is None:
        return position_of(parent)
    if isinstance(parent, LocatedDict):
        mark = marks.get(key)
        if mark is None:
            return position_of(parent)
        return (mark[0], mark[1]) if of_key else (mark[2], mark[3])
    if isinstance(parent, LocatedList) and isinstance(key, int) and 0 <= key < len(marks):
        return marks[key]
    return position_of(parent)


def resolve_position(root: Any, path: Iterable[Any], *, of_key: bool = False) -> tuple[int, int]:
    """The 0-based position of the deepest node along ``path`` that could be found.

    A path that leaves the tree (a key that is not there) stops at the last node that
    exists, so a diagnostic about a missing property points at its parent mapping.
    """
    node = root
    best = position_of(root) or (0, 0)
    steps = path if isinstance(path, tuple) else tuple(path)
    last_index = len(steps) - 1
    for index, step in enumerate(steps):
        last = index == last_index
        kind = type(node)
        if kind is LocatedDict:  # the common case, inlined: every diagnostic and graph edge is located
            try:
                child = node[step]
            except (KeyError, TypeError):
                break
            mark = node.marks.get(step)
            if mark is None:
                best = (node.line, node.column)
            else:
                best = (mark[0], mark[1]) if of_key and last else (mark[2], mark[3])
            node = child
            continue
        if kind is LocatedList and type(step) is int and 0 <= step < len(node.marks):
            if step >= len(node):
                break
            best = node.marks[step]
            node = node[step]
            continue
        container = _container(node)
        if container is None:
            break
        try:
            child = container[step]
        except (KeyError, IndexError, TypeError):
            break
        found = child_position(container, step, of_key=of_key and last)
        if found is not None:
            best = found
        node = child
    return best


def locate(root: Any, path: Iterable[Any], file: str, *, of_key: bool = False) -> Location:
    """A 1-based :class:`Location` for the node at ``path`` under ``root``."""
    line, column = resolve_position(root, path, of_key=of_key)
    return Location(file, line + 1, column + 1)


def _container(node: Any) -> Any:
    """The dict or list to step into: intrinsics are stepped through to their arguments."""
    if isinstance(node, dict | list):
        return node
    args = getattr(node, "args", None)
    while hasattr(args, "args") and not isinstance(args, dict | list):  # Fn::Base64 of an Fn::Join …
        args = args.args
    if isinstance(args, dict | list):
        return args
    return None


def to_plain(value: Any) -> Any:
    """A copy of ``value`` made of plain dicts, lists and scalars (intrinsics in long form)."""
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    long_form = getattr(value, "long_form", None)
    if long_form is not None:
        return long_form(to_plain)
    return value
