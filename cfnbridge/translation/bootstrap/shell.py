"""A shell program whose text is partly known only at deploy time.

A translated value can be a Heat function (a parameter, an attribute) that becomes text when
the stack is created. :class:`Script` keeps literal text and such values apart, in order, so
that the program is written once as a single join the dialect understands. Literal text is
quoted here; deploy-time values are placed only where the shell reads them verbatim (inside
a quoted here-document or a single-quoted word), never where the shell would re-parse them.
"""

from __future__ import annotations

import hashlib
import shlex
from collections.abc import Iterable
from typing import Any

Piece = Any  # literal text (str) or a translated deploy-time value


class Script:
    """Pieces of a program, text and deploy-time values, in order."""

    def __init__(self) -> None:
        self.pieces: list[Piece] = []

    def text(self, *parts: str) -> Script:
        for part in parts:
            if not part:
                continue
            if self.pieces and isinstance(self.pieces[-1], str):
                self.pieces[-1] += part
            else:
                self.pieces.append(part)
        return self

    def line(self, *parts: str) -> Script:
        return self.text(*parts, "\n")

    def value(self, value: Piece) -> Script:
        """A piece that is text at deploy time (or literal text, merged)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, bool):
            return self.text(str(value).lower())
        if isinstance(value, int | float):
            return self.text(str(value))
        self.pieces.append(value)
        return self

    def values(self, pieces: Iterable[Piece]) -> Script:
        for piece in pieces:
            self.value(piece)
        return self

    def heredoc(self, command: str, body: list[Piece], tail: str = "") -> Script:
        """``command <<'DELIM'`` with ``body`` verbatim: no expansion of ``$`` or backslashes.

        The delimiter is derived from the literal body, so it cannot occur in it. A body
        whose literal end is not a newline gets one (the here-document needs it); callers
        that must keep the exact bytes strip it again.
        """
        literal = "".join(p for p in body if isinstance(p, str))
        delimiter = "CFNBRIDGE_" + hashlib.sha1(literal.encode()).hexdigest()[:10].upper()
        self.line(command, f" <<'{delimiter}'", tail)
        self.values(body)
        if not ends_with_newline(body):
            self.text("\n")
        return self.line(delimiter)

    def extend(self, other: Script) -> Script:
        return self.values(other.pieces)

    @property
    def static(self) -> bool:
        return all(isinstance(p, str) for p in self.pieces)


def ends_with_newline(pieces: list[Piece]) -> bool:
    return bool(pieces) and isinstance(pieces[-1], str) and pieces[-1].endswith("\n")


def quote(word: str) -> str:
    """A literal word for the shell."""
    return shlex.quote(word)


def single_quoted(pieces: list[Piece]) -> list[Piece]:
    """A word whose deploy-time parts are taken verbatim (they must not hold a single quote)."""
    out: list[Piece] = ["'"]
    for piece in pieces:
        out.append(piece.replace("'", "'\\''") if isinstance(piece, str) else piece)
    out.append("'")
    return out
