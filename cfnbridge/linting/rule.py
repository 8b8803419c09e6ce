"""What a rule is, and the context every rule reads from.

A rule is a small class with a stable ``id``, a default ``severity``, a one-line
``summary`` and a docstring that explains why it matters on OpenStack. Rules that
restate a translation gap need no code at all (their gap codes are listed in
``cfnbridge/gap_codes.py``); the others implement ``check(ctx)`` and yield diagnostics made with ``ctx.report``. The
context walks the template once, lazily, and every rule shares that walk.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from cfnbridge.intrinsics import Intrinsic, Ref
from cfnbridge.linting.diagnostic import Diagnostic

if TYPE_CHECKING:
    from cfnbridge.references import Reference
    from cfnbridge.template import Template
    from cfnbridge.translation import Translation

Path = tuple[Any, ...]
_UNTRANSLATED = ("omitted", "placeholder")


class Rule:
    """Base of every rule; subclasses set the class attributes and, if needed, ``check``."""

    id: ClassVar[str] = ""
    severity: ClassVar[str] = "warning"
    summary: ClassVar[str] = ""
    targets: ClassVar[tuple[str, ...]] = ("hot", "native")

    @classmethod
    def description(cls) -> str:
        """The docstring on one line, as written (``literal`` marks kept: docs/rules.md renders them)."""
        return " ".join((cls.__doc__ or "").split())

    @classmethod
    def plain_description(cls) -> str:
        """The description as plain text, for tools that show it verbatim (SARIF, terminals)."""
        return cls.description().replace("``", "")

    @classmethod
    def markdown_description(cls) -> str:
        return cls.description().replace("``", "`")

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        return ()


class LintContext:
    """One template being linted: the model, its translation and shared, cached walks."""

    def __init__(self, template: Template, translation: Translation | None, target: str) -> None:
        self.template = template
        self.translation = translation
        self.target = target
        self.file = template.filename
        self.plan: dict[str, str] = translation.plan if translation is not None else {}
        self._strings: list[tuple[Path, str]] | None = None
        self._functions: list[tuple[Intrinsic, Path]] | None = None
        self._references: list[Reference] | None = None
        self.text = template.source_text
        self.cache: dict[str, Any] = {}  # walks that several rules share (see aws_validity)

    def report(self, rule: Rule | type[Rule], path: Path, message: str, hint: str = "", *,
               severity: str | None = None, of_key: bool = False) -> Diagnostic:
        """A diagnostic of ``rule`` located at ``path`` in this template."""
        location = self.template.locate(path, of_key=of_key)
        return Diagnostic(rule.id, severity or rule.severity, message, location.file, location.line,
                          location.column, hint, resource_of(path), tuple(path))

    def report_at_line(self, rule: Rule | type[Rule], path: Path, line: int, column: int, message: str,
                       hint: str = "") -> Diagnostic:
        """A diagnostic at an explicit 1-based position (inside a multi-line string)."""
        return Diagnostic(rule.id, rule.severity, message, self.file, line, column, hint, resource_of(path),
                          tuple(path))

    def translated(self, resource: str) -> bool:
        """Whether ``resource`` becomes something on OpenStack (not omitted or a placeholder)."""
        return self.plan.get(resource, "hot") not in _UNTRANSLATED

    def strings(self) -> list[tuple[Path, str]]:
        """Every string value in the template with its path (keys excluded), in source order."""
        if self._strings is None:
            self._strings = _walk_strings(self.template.root)
        return self._strings

    def functions(self) -> list[tuple[Intrinsic, Path]]:
        """Every intrinsic function in the template, outermost first, with its path."""
        if self._functions is None:
            from cfnbridge.references import all_functions

            self._functions = list(all_functions(self.template))
        return self._functions

    def references(self) -> list[Reference]:
        """Every reference the template makes (one shared walk; see :mod:`cfnbridge.references`)."""
        if self._references is None:
            from cfnbridge.references import all_references

            self._references = list(all_references(self.template))
        return self._references

    def mentions(self, *words: str) -> bool:
        """Whether the source text contains any of ``words``: a cheap test that lets a rule skip
        the walk entirely on templates that cannot match."""
        text = self.text
        return any(word in text for word in words)

    def parameter_default(self, value: Any) -> tuple[str, Any] | None:
        """``(name, default)`` when ``value`` is a Ref to a parameter that has a default."""
        if isinstance(value, Ref) and isinstance(value.args, str):
            parameter = self.template.parameters.get(value.args)
            if parameter is not None and parameter.has_default:
                return parameter.name, parameter.default
        return None

    def line_in_string(self, path: Path, value: str, offset: int) -> tuple[int, int]:
        """1-based line and column of ``value[offset]`` inside a multi-line string.

        The string's own position is where it starts; a block scalar (``|``) keeps one
        source line per value line, so the matching source line is searched just below.
        """
        location = self.template.locate(path)
        start = value.rfind("\n", 0, offset) + 1
        end = value.find("\n", offset)
        text_line = value[start:] if end < 0 else value[start:end]
        stripped = text_line.strip()
        if "\n" not in value or not stripped:
            return location.line, location.column
        lines = self.template.source_text.splitlines()
        first = location.line - 1
        for index in range(first, min(len(lines), first + value.count("\n") + 4)):
            found = lines[index].find(stripped)
            if found >= 0:
                lead = len(text_line) - len(text_line.lstrip())
                return index + 1, found + (offset - start - lead) + 1
        return location.line, location.column


def resource_of(path: Path) -> str | None:
    if len(path) > 1 and path[0] == "Resources" and isinstance(path[1], str):
        return path[1]
    return None


def _walk_strings(root: Any) -> list[tuple[Path, str]]:
    """Iterative, so deep templates cannot exhaust the stack; intrinsics are stepped through.

    The stack holds one iterator per open container, so a scalar costs one test and only
    strings and containers get a path.
    """
    while isinstance(root, Intrinsic):
        root = root.args
    if isinstance(root, str):
        return [((), root)]
    found: list[tuple[Path, str]] = []
    if not isinstance(root, dict | list):
        return found
    stack: list[tuple[Iterator[tuple[Any, Any]], Path]] = [(_children(root), ())]
    add, push, pop = found.append, stack.append, stack.pop
    while stack:
        children, path = stack[-1]
        for key, node in children:
            while isinstance(node, Intrinsic):
                node = node.args
            if isinstance(node, str):
                add(((*path, key), node))
            elif isinstance(node, dict | list):
                push((_children(node), (*path, key)))
                break
        else:
            pop()
    return found


def _children(node: dict[Any, Any] | list[Any]) -> Iterator[tuple[Any, Any]]:
    return iter(node.items()) if isinstance(node, dict) else enumerate(node)
