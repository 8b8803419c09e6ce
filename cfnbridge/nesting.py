"""Refuse nesting deep enough to crash libyaml, before libyaml sees the text.

libyaml composes the node graph recursively in C: tens of thousands of open brackets, or
of block collections opened on one line (``- - - - x``), overflow the C stack and kill the
process (SIGSEGV) before any Python code can object. Both are found here with a cheap scan
and refused as a located :class:`~cfnbridge.errors.LimitError`; moderate depth is left to
the loader's own bound (``MAX_DEPTH``) while it builds the tree.
"""

from __future__ import annotations

import re

from cfnbridge.errors import LimitError, Location

MAX_DEPTH = 100
_MAX_START_COLUMN = 2000
_DEEP_LINE = re.compile(rf"^(?:[ \t]|[-?:](?=[ \t])){{{_MAX_START_COLUMN}}}", re.MULTILINE)


def check_flow_depth(text: str, name: str) -> None:
    """Refuse deep ``[[[[``/``{{{{`` nesting before libyaml sees it.

    libyaml composes recursively in C, and tens of thousands of open brackets crash the
    process; block nesting cannot get that deep within ``MAX_BYTES``.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    line = 1
    for char in text.translate(_BRACKETS_ONLY):
        if char == "\n":
            line += 1
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise LimitError(f"nesting deeper than {MAX_DEPTH} levels", Location(name, line, 1))
        elif depth:
            depth -= 1


def check_block_depth(text: str, name: str) -> None:
    """Refuse block nesting deep enough to crash libyaml's recursive composer.

    A block collection starts after its line's indentation and compact indicators
    (``- - ? x``), and each level of nesting moves that start at least one column right
    (a list under a key may share its column, the next level may not). So no line that
    starts within ``_MAX_START_COLUMN`` columns can be nested deeper than about that many
    levels, far below what crashes libyaml; a line that starts further right is refused.
    Each step of that start is a character of the line, so only a line that long is searched.
    """
    if len(text) < _MAX_START_COLUMN or max(map(len, text.split("\n"))) < _MAX_START_COLUMN:
        return
    match = _DEEP_LINE.search(text)
    if match is not None:
        line = text.count("\n", 0, match.start()) + 1
        raise LimitError(f"a line indented past column {_MAX_START_COLUMN:,} (nesting far deeper than "
                         f"{MAX_DEPTH} levels)", Location(name, line, 1))


class _KeepBrackets(dict):
    def __missing__(self, code: int) -> int | None:
        return code if chr(code) in "[]{}\n" else None


_BRACKETS_ONLY = _KeepBrackets()
