"""JSON's escaped surrogate pairs, made readable for libyaml without moving any position.

JSON writes a character outside the Basic Multilingual Plane as two escapes, ``"\\ud83d\\ude00"``
(😀); YAML, and so libyaml, wants one, ``"\\U0001f600"``, and refuses the pair. The loader
rewrites each pair before parsing. The rewrite is two characters shorter, so every column
after it on the same line moves; :class:`ColumnShift` moves the loaded tree's positions back
to the columns of the file as written.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from cfnbridge.intrinsics import Intrinsic
from cfnbridge.nodes import LocatedDict, LocatedList

# A \u escape of a high surrogate then one of a low surrogate, not itself escaped (\\u is text).
_PAIR = re.compile(r"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")
_SAVED = len(r"\ud83d\ude00") - len(r"\U0001f600")


class ColumnShift:
    """For each 0-based line, the columns (in the rewritten text) where a pair was rewritten."""

    def __init__(self) -> None:
        self.lines: dict[int, list[int]] = {}

    def column(self, line: int, column: int) -> int:
        """The column in the file as written of ``column`` in the rewritten text."""
        starts = self.lines.get(line)
        return column if starts is None else column + _SAVED * bisect_left(starts, column)

    def apply(self, root: Any) -> None:
        """Move every position held in the tree under ``root`` back to the file's columns."""
        fix = self.column
        seen: set[int] = set()
        stack = [root]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, LocatedDict):
                node.column = fix(node.line, node.column)
                for key, (kl, kc, vl, vc) in node.marks.items():
                    node.marks[key] = (kl, fix(kl, kc), vl, fix(vl, vc))
                stack.extend(node.values())
            elif isinstance(node, LocatedList):
                node.column = fix(node.line, node.column)
                node.marks[:] = [(line, fix(line, column)) for line, column in node.marks]
                stack.extend(node)
            elif isinstance(node, Intrinsic):
                node.column = fix(node.line, node.column)
                node.value_column = fix(node.value_line, node.value_column)
                stack.append(node.args)


def join_surrogate_pairs(text: str) -> tuple[str, ColumnShift | None]:
    """``text`` with each escaped pair as one ``\\U`` escape, and the shift (None if nothing changed)."""
    if "\\u" not in text or _PAIR.search(text) is None:
        return text, None
    shift = ColumnShift()
    parts: list[str] = []
    last = 0
    line = 0
    line_start = 0  # offset in ``text`` where the current line starts
    saved_on_line = 0
    for match in _PAIR.finditer(text):
        newlines = text.count("\n", last, match.start())
        if newlines:
            line += newlines
            line_start = text.rfind("\n", 0, match.start()) + 1
            saved_on_line = 0
        escape_at = match.start() + len(match.group(1))
        shift.lines.setdefault(line, []).append(escape_at - line_start - saved_on_line)
        saved_on_line += _SAVED
        high, low = int(match.group(2), 16), int(match.group(3), 16)
        code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        parts.append(text[last:match.start()])
        parts.append(f"{match.group(1)}\\U{code:08x}")
        last = match.end()
    parts.append(text[last:])
    return "".join(parts), shift
