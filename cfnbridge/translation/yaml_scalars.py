"""How one scalar is written in block-style YAML, exactly as libyaml's emitter writes it.

The output writer (emit.py) produces the text itself instead of building PyYAML nodes, and its
bytes must stay the ones PyYAML's C emitter wrote (the golden files hold them). This module is
that emitter's scalar rules restated: which style a text gets (its analysis of indicators,
spaces, breaks and unprintable characters, and whether the plain text would read back as
something other than a string), how a double-quoted text is escaped, and where a long text
is folded at width 100. Texts it cannot prove it writes alike (a key needing the ``? `` form,
a quoted text with a Unicode line separator, a lone surrogate) raise ``Unsupported``, and the
caller writes that document through PyYAML instead.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import yaml
from yaml.nodes import ScalarNode

WIDTH = 100  # the emitter's best_width: a space past this column becomes a line break
_STR, _FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:float"
_RESOLVER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)(None)
_REPRESENTER = yaml.SafeDumper(None)

# Blank or end of text, as the emitter sees what follows an indicator; its line breaks.
_BLANKZ = " \t\0\r\n\x85\u2028\u2029"
_BREAKS = "\r\n\x85\u2028\u2029"
_BREAK = re.compile(r"[\r\n\x85\u2028\u2029]")
_BREAK_SPACE = re.compile(r"[\r\n\x85\u2028\u2029] ")
_SPACE_BREAK = re.compile(r" [\r\n\x85\u2028\u2029]")
_COLON_BLANK = re.compile(r":(?:[ \t\x00\r\n\x85\u2028\u2029]|\Z)")
_BLANK_HASH = re.compile(r"[ \t\x00\r\n\x85\u2028\u2029]#")
_FIRST_INDICATORS = "#,[]{}&*!|>'\"%@`"
# libyaml's printable set (it counts tab, NEL, the BOM and everything past U+FFFF as unprintable).
_UNPRINTABLE = re.compile(r"[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# What a double-quoted text escapes: the unprintable, its quote and backslash, and line breaks.
_ESCAPED = re.compile(r"[^\x20\x21\x23-\x5b\x5d-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
_SHORT_ESCAPES = {"\0": "0", "\x07": "a", "\x08": "b", "\t": "t", "\n": "n", "\x0b": "v", "\x0c": "f",
                  "\r": "r", "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_",
                  "\u2028": "L", "\u2029": "P"}
# Texts plain in any block position but for what they read back as: no indicator, no ':' or
# '#', nothing unprintable, no leading or trailing space (checked apart).
_SIMPLE = re.compile(r"[A-Za-z0-9_/()$^~+=<;\\][\x20-\x22\x24-\x39\x3b-\x7e]*")

PLAIN, SINGLE, DOUBLE, LITERAL = "plain", "single", "double", "literal"


class Unsupported(Exception):
    """A scalar this module does not write the way the emitter would; the caller falls back."""


@functools.lru_cache(maxsize=65536)
def reads_as_string(text: str) -> bool:
    """Whether the plain text would load back as a string (not a number, bool, null, date, ...)."""
    return _RESOLVER.resolve(ScalarNode, text, (True, False)) == _STR


def _analysis(text: str) -> tuple[bool, bool, bool, bool]:
    """(multiline, plain allowed, single-quoted allowed, literal allowed) in block context."""
    if not text:
        return False, True, True, False
    if _SURROGATE.search(text):
        raise Unsupported("a lone surrogate cannot be encoded")
    first, last = text[0], text[-1]
    indicators = text.startswith(("---", "..."))
    if first in _FIRST_INDICATORS or (first in "?:-" and (len(text) == 1 or text[1] in _BLANKZ)):
        indicators = True
    if _COLON_BLANK.search(text) or _BLANK_HASH.search(text):
        indicators = True
    special = _UNPRINTABLE.search(text) is not None
    breaks = _BREAK.search(text) is not None
    plain = single = block = True
    if first == " " or last == " " or first in _BREAKS or last in _BREAKS:
        plain = False
    if last == " ":
        block = False
    if breaks and _BREAK_SPACE.search(text):
        plain = single = False
    if special or (breaks and _SPACE_BREAK.search(text)):
        plain = single = block = False
    if breaks or indicators:
        plain = False
    return breaks, plain, single, block


def block_safe(value: str) -> bool:
    """Whether a literal block keeps the text: no trailing spaces on a line, no tabs, no leading space."""
    lines = value.split("\n")
    return not value.startswith((" ", "\t")) and all(line == line.rstrip() and "\t" not in line for line in lines)


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    short = _SHORT_ESCAPES.get(char)
    if short is not None:
        return "\\" + short
    point = ord(char)
    if point <= 0xFF:
        return f"\\x{point:02X}"
    return f"\\u{point:04X}" if point <= 0xFFFF else f"\\U{point:08X}"


def _escaped(text: str) -> str:
    return _ESCAPED.sub(_escape_one, text)


def _quoted(style: str, text: str) -> str:
    if style == SINGLE:
        if _BREAK.search(text):
            raise Unsupported("a single-quoted text with a line separator")
        return "'" + text.replace("'", "''") + "'"
    return '"' + _escaped(text) + '"'


def value_text(text: str) -> str | tuple[str, list[str], bool]:
    """A string value as written (before folding), or for a literal block (header, lines, keep).

    Multi-line text is asked for as a literal block when that keeps it, else double-quoted,
    as emit_nodes asks; the emitter may still refuse the block (it then double-quotes).
    """
    if _SIMPLE.fullmatch(text) and text[-1] != " ":
        return text if reads_as_string(text) else "'" + text.replace("'", "''") + "'"
    multiline, plain, single, block = _analysis(text)
    if "\n" in text:
        if not (block_safe(text) and block):
            return '"' + _escaped(text) + '"'
        if "\r" in text or "\x85" in text or "\u2028" in text or "\u2029" in text:
            raise Unsupported("a literal block with another line break than LF")
        return _literal(text)
    if plain and reads_as_string(text):
        return text
    return _quoted(SINGLE if single else DOUBLE, text)


def key_text(text: str) -> str:
    """A string key as written: a simple key (at most 128 bytes, one line) or ``Unsupported``."""
    if len(text) <= 128 and _SIMPLE.fullmatch(text) and text[-1] != " ":
        return text if reads_as_string(text) else "'" + text.replace("'", "''") + "'"
    multiline, plain, single, _ = _analysis(text)
    if multiline or len(text.encode("utf-8")) > 128:
        raise Unsupported("a key written in the '? ' form")
    if plain and text and reads_as_string(text):
        return text
    return _quoted(SINGLE if single else DOUBLE, text)


def float_text(value: float) -> str:
    """A float as the safe representer writes it, plain (as it always is)."""
    text = _REPRESENTER.represent_float(value).value
    if _RESOLVER.resolve(ScalarNode, text, (True, False)) != _FLOAT or not _analysis(text)[1]:
        raise Unsupported("a float not written plain")
    return text


def _literal(text: str) -> tuple[str, list[str], bool]:
    """(indicator with its hints, the lines without their final break, whether it keeps breaks)."""
    header = "|2" if text[0] == "\n" else "|"
    keep = False
    if text[-1] != "\n":
        header += "-"
    elif len(text) == 1 or text[-2] == "\n":
        header += "+"
        keep = True
    body = text[:-1] if text[-1] == "\n" else text
    return header, body.split("\n"), keep


def literal_lines(lines: list[str], indent: int) -> str:
    """The block's lines under its header, each indented but the empty ones."""
    pad = " " * indent
    return "\n".join(pad + line if line else "" for line in lines)


def folded(written: str, text: str, column: int, indent: int) -> str:
    """A plain or quoted text (``written`` unfolded) starting at ``column``, folded as the emitter folds.

    At a single space past the width the emitter breaks the line and indents; a quoted text is
    never broken at its first or last character, and a double-quoted one marks a space that
    would start the next line with a backslash.
    """
    style = SINGLE if written[0] == "'" else DOUBLE if written[0] == '"' else PLAIN
    words = text.split(" ")
    if style == SINGLE:
        words = [word.replace("'", "''") for word in words]
    elif style == DOUBLE:
        words = [_escaped(word) for word in words]
    quote = "" if style == PLAIN else written[0]
    newline = "\n" + " " * indent
    last = len(words) - 1
    parts = [quote, words[0]]
    column += len(quote) + len(words[0])
    spaces = False
    for index in range(1, last + 1):
        word = words[index]
        next_is_space = not word and index < last
        edge = style != PLAIN and ((index == 1 and not words[0]) or (index == last and not word))
        if not spaces and column > WIDTH and not edge and (style == DOUBLE or not next_is_space):
            parts.append(newline)
            column = indent
            if next_is_space:  # only a double-quoted text gets here with one
                parts.append("\\")
                column += 1
        else:
            parts.append(" ")
            column += 1
        spaces = True
        if word:
            parts.append(word)
            column += len(word)
            spaces = False
    parts.append(quote)
    return "".join(parts)
