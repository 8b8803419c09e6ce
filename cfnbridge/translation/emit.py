"""Serializing the output once, deterministically, as readable YAML.

Keys keep the order the translator built them in (HOT's conventional section order),
multi-line strings are written as literal blocks so user data stays readable, and no
anchors or aliases appear even where the translator reused an object.

The text is written here directly, line by line: block mappings and sequences as PyYAML's C
emitter lays them out (a sequence under a mapping key is not indented, ``{}`` and ``[]`` for
empty ones), each scalar in the style and folding that emitter would give it
(yaml_scalars.py), each distinct key and value worked out once. Building PyYAML nodes and
running its serializer took over a second on a 10,000-resource template. A document holding
something the direct writer does not cover is written through PyYAML (emit_nodes.py), so the
bytes are always the ones PyYAML writes (the golden files hold them; tests/test_emit.py
compares both paths over the corpus and generated trees).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cfnbridge.translation.emit_nodes import to_yaml_nodes
from cfnbridge.translation.yaml_scalars import (
    WIDTH,
    Unsupported,
    float_text,
    folded,
    key_text,
    literal_lines,
    value_text,
)


def to_yaml(document: Any) -> str:
    """The document as block-style YAML, keys in insertion order."""
    text = write_direct(document)
    return text if text is not None else to_yaml_nodes(document)


def write_direct(document: Any) -> str | None:
    """The document's YAML written directly, or None where it holds something only PyYAML writes."""
    writer = _Writer()
    try:
        if isinstance(document, str):
            return None  # a bare scalar document: PyYAML's own rules for its end
        if isinstance(document, dict):
            if not document:
                return "{}\n"
            writer.mapping(document, 0, "")
        elif isinstance(document, list):
            if not document:
                return "[]\n"
            writer.sequence(document, 0, "")
        else:
            return None
    except (Unsupported, RecursionError):
        return None
    # A literal block that keeps its final line breaks leaves the stream open-ended: the
    # emitter closes it with a document end marker.
    return "".join(writer.out) + ("\n...\n" if writer.keep else "\n")


class _Texts(dict):  # type: ignore[type-arg]
    """Each string's written form, made by ``make`` the first time it is asked for: a document
    repeats the same keys and values thousands of times, and a hit stays a plain lookup."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[str], Any]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, text: str) -> Any:
        written = self[text] = self.make(text)
        return written


class _Writer:
    """The lines of one document; the last line is left without its line break."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.keys = _Texts(key_text)
        self.values = _Texts(value_text)
        self.keep = False  # whether the last literal block written kept its final breaks

    def mapping(self, mapping: dict[Any, Any], indent: int, lead: str) -> None:
        """A block mapping at ``indent``; ``lead`` goes before its first key (where the line is)."""
        out, keys, values = self.out, self.keys, self.values
        pad = "\n" + " " * indent
        inner = indent + 2
        for key, value in mapping.items():
            written = keys[key] if type(key) is str else _scalar_key(key)
            kind = type(value)
            if kind is str:
                text = values[value]
                if type(text) is str:
                    if indent + len(written) + len(text) > WIDTH - 1 and " " in text:
                        text = folded(text, value, indent + len(written) + 2, inner)
                    out.append(f"{lead}{written}: {text}")
                else:
                    out.append(f"{lead}{written}: {self.literal(text, inner)}")
                lead = pad
                continue
            line = lead + written + ":"
            lead = pad
            if kind is dict or isinstance(value, dict):
                if value:
                    out.append(line)
                    self.mapping(value, inner, "\n" + " " * inner)
                else:
                    out.append(line + " {}")
            elif kind is list or isinstance(value, list):
                if value:
                    out.append(line)
                    self.sequence(value, indent, pad)  # not indented under its key
                else:
                    out.append(line + " []")
            else:
                self.scalar(line, value, column=indent + len(written) + 2, indent=inner)

    def sequence(self, items: list[Any], indent: int, lead: str) -> None:
        """A block sequence with its dashes at ``indent``; ``lead`` goes before the first dash."""
        out, values = self.out, self.values
        pad = "\n" + " " * indent
        inner = indent + 2
        for value in items:
            line = lead + "-"
            lead = pad
            kind = type(value)
            if kind is str:
                text = values[value]
                if type(text) is str:
                    if inner + len(text) > WIDTH + 1 and " " in text:
                        text = folded(text, value, inner, inner)
                    out.append(line + " " + text)
                else:
                    out.append(line + " " + self.literal(text, inner))
            elif kind is dict or isinstance(value, dict):
                if value:
                    out.append(line)
                    self.mapping(value, inner, " ")
                else:
                    out.append(line + " {}")
            elif kind is list or isinstance(value, list):
                if value:
                    out.append(line)
                    self.sequence(value, inner, " ")
                else:
                    out.append(line + " []")
            else:
                self.scalar(line, value, column=inner, indent=inner)

    def scalar(self, line: str, value: Any, column: int, indent: int) -> None:
        """Any other value after its key or dash: the rarer scalars, a string subclass."""
        if value is True or value is False:
            self.out.append(line + (" true" if value else " false"))
        elif type(value) is int:
            self.out.append(line + " " + str(value))
        elif value is None:
            self.out.append(line + " null")
        elif isinstance(value, str):
            plain = str(value)
            text = value_text(plain)
            if type(text) is str:
                if column + len(text) > WIDTH + 1 and " " in text:
                    text = folded(text, plain, column, indent)
                self.out.append(line + " " + text)
            else:
                self.out.append(line + " " + self.literal(text, indent))
        elif type(value) is float:
            self.out.append(line + " " + float_text(value))
        else:
            raise Unsupported(f"a {type(value).__name__} value")

    def literal(self, block: tuple[str, list[str], bool], indent: int) -> str:
        header, lines, keep = block
        self.keep = keep
        return header + "\n" + literal_lines(lines, indent)


def _scalar_key(key: Any) -> str:
    """A key of another type than str, as the emitter writes it (always a short plain scalar)."""
    if key is True or key is False:
        return "true" if key else "false"
    if type(key) is int:
        text = str(key)
        if len(text) > 128:
            raise Unsupported("a key written in the '? ' form")
        return text
    if key is None:
        return "null"
    if isinstance(key, str):
        return key_text(str(key))
    if type(key) is float:
        return float_text(key)
    raise Unsupported(f"a {type(key).__name__} key")
