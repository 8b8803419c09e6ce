"""Where a character of a loaded string stands in the file: line and column, any scalar style.

The loader keeps the position of each string (on its parent, see :mod:`cfnbridge.nodes`),
not of each character. This module reads the scalar again from that position in the source
text and follows YAML's rules for its style, so offset ``i`` of the value maps to the source
character that produced it: a literal block (``|``) keeps one value line per source line
after its indentation; a folded block, a plain or a quoted scalar folds line breaks into
spaces; a double-quoted (or JSON) string has escapes, ``\\n`` among them, that take several
source characters. Each produced character is compared with the loaded value; at the first
disagreement the mapping stops, and offsets past it fall back to the string's own position,
so a finding is never placed on a line its text is not on.
"""

from __future__ import annotations

import bisect
import re

_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
            "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
            "L": "\u2028", "P": "\u2029"}
_HEX = {"x": 2, "u": 4, "U": 8}
_PREFIX = re.compile(r"(?:[ \t\r\n]+|![^\s]*|&[^\s]+|#[^\n]*)*")


class SourceText:
    """A template's text with its line starts, for offset <-> (line, column) in 0-based terms."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def offset(self, line: int, column: int) -> int:
        if line >= len(self.starts):
            return len(self.text)
        return min(self.starts[line] + column, len(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, offset - self.starts[line]


def origins(source: SourceText, line: int, column: int, value: str) -> list[int]:
    """The source offset of each character of ``value`` (a prefix, if the reading disagrees),
    for a scalar starting at (or with its tags starting at) ``line``, ``column``."""
    text = source.text
    start = _PREFIX.match(text, source.offset(line, column)).end()
    if start >= len(text) or not value:
        return []
    first = text[start]
    if first in "|>":
        return _block(text, start, value, folded=first == ">")
    if first == '"':
        return _flow(text, start + 1, value, double=True)
    if first == "'":
        return _flow(text, start + 1, value, double=False)
    return _flow(text, start, value, double=False, plain=True)


def _block(text: str, start: int, value: str, *, folded: bool) -> list[int]:
    """A literal or folded block: content lines after the header, less the first line's indentation."""
    line_end = text.find("\n", start)
    if line_end < 0:
        return []
    lines: list[tuple[int, str]] = []
    position = line_end + 1
    while position < len(text):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        lines.append((position, text[position:end].rstrip("\r")))
        position = end + 1
    indent = next((len(body) - len(body.lstrip(" ")) for _, body in lines if body.strip()), 0)
    out: list[int] = []
    for number, (begin, body) in enumerate(lines):
        if len(out) >= len(value) or (body.strip() and body[:indent].strip()):
            break  # the block is over (a less indented line)
        if number:  # the break before this line: "\n", a space when folded, or nothing (folded away)
            expected = value[len(out)]
            if expected == "\n" or (folded and expected == " "):
                out.append(begin - 1)
            elif not folded:
                return out
        for column, char in enumerate(body[indent:]):
            if len(out) >= len(value) or value[len(out)] != char:
                return out
            out.append(begin + indent + column)
    return out


def _flow(text: str, index: int, value: str, *, double: bool, plain: bool = False) -> list[int]:
    """A plain, single- or double-quoted scalar (JSON strings are double-quoted ones)."""
    out: list[int] = []
    length, want = len(text), len(value)
    while len(out) < want and index < length:
        char = text[index]
        if char in "\r\n" or (char in " \t" and _only_space_to_break(text, index)):
            index = _fold(text, index, value, out)
            if index < 0:
                return out
            continue
        if double and char == "\\":
            index = _escape(text, index, value, out)
            if index < 0:
                return out
            continue
        if not double and not plain and char == "'":
            if text.startswith("''", index):
                index += 1  # '' is one quote
            else:
                return out
        if value[len(out)] != char:
            return out
        out.append(index)
        index += 1
    return out


def _only_space_to_break(text: str, index: int) -> bool:
    """Whether only blanks stand between ``index`` and the end of its line (trailing space folds away)."""
    match = re.compile(r"[ \t]*\r?\n").match(text, index)
    return match is not None


def _fold(text: str, index: int, value: str, out: list[int]) -> int:
    """One line-folding run: blanks, breaks, the next line's indentation. A single break is a
    space in the value; n breaks are n - 1 newlines. Returns the next index, or -1 on mismatch."""
    match = re.compile(r"(?:[ \t]*\r?\n)+[ \t]*").match(text, index)
    if match is None:
        return -1
    breaks = match.group().count("\n")
    produced = " " if breaks == 1 else "\n" * (breaks - 1)
    if value[len(out):len(out) + len(produced)] != produced[:len(value) - len(out)]:
        return -1
    out.extend([index] * min(len(produced), len(value) - len(out)))
    return match.end()


def _escape(text: str, index: int, value: str, out: list[int]) -> int:
    """A backslash escape of a double-quoted scalar; an escaped line break produces nothing."""
    code = text[index + 1:index + 2]
    if code in ("\n", "\r"):
        match = re.compile(r"\r?\n[ \t]*").match(text, index + 1)
        return match.end() if match else -1
    if code in _HEX:
        width = _HEX[code]
        digits = text[index + 2:index + 2 + width]
        try:
            number = int(digits, 16)
        except ValueError:
            return -1
        end = index + 2 + width
        if code == "u" and 0xD800 <= number < 0xDC00 and text.startswith("\\u", end):  # a JSON surrogate pair
            try:
                low = int(text[end + 2:end + 6], 16)
            except ValueError:
                low = 0
            if 0xDC00 <= low < 0xE000:
                number = 0x10000 + ((number - 0xD800) << 10) + (low - 0xDC00)
                end += 6
        char = chr(number)
    else:
        char = _ESCAPES.get(code, "")
        end = index + 2
    if not char or value[len(out)] != char:
        return -1
    out.append(index)
    return end
