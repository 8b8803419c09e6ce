"""One exception hierarchy for everything cfnbridge raises on purpose.

Every error carries the source location it is about, when one is known, so that the
CLI can print ``file:line:col: message`` and a pipeline can point at the offending line.

    CfnBridgeError                 base; ``.location``, ``.message``
    ├── InputError                 bad input: the CLI exits 2
    │   ├── LoadError              unreadable, not UTF-8, too big, YAML/JSON syntax
    │   │   ├── DuplicateKeyError  a mapping key given twice (names both lines)
    │   │   ├── UnknownTagError    a YAML tag that is not a CloudFormation short form
    │   │   └── LimitError         alias expansion, nesting depth or size over its bound
    │   ├── TemplateError          loads, but is not a CloudFormation template
    │   ├── UndefinedReferenceError  a reference to something the template does not define
    │   ├── CycleError             resources that depend on each other in a circle
    │   ├── OutputError            an output file could not be written (missing folder, full disk)
    │   └── ErrorGroup             several input errors found in one pass
    └── DeployError                a deployment could not be started or did not succeed
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """A point in a source file; line and column are 1-based, as editors show them."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class CfnBridgeError(Exception):
    """Base of every error cfnbridge raises on purpose."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"


class InputError(CfnBridgeError):
    """The input is at fault (the template, a parameter, a command-line value)."""


class LoadError(InputError):
    """The file could not be read or parsed."""


class DuplicateKeyError(LoadError):
    """A mapping key appears twice; ``first`` is where it appeared first."""

    def __init__(self, key: str, location: Location, first: Location) -> None:
        super().__init__(
            f"duplicate key {key!r} (first defined at line {first.line}, "
            f"column {first.column}; again at line {location.line})",
            location,
        )
        self.key = key
        self.first = first


class UnknownTagError(LoadError):
    """A YAML tag that is not one of CloudFormation's short forms, such as ``!Rain::Module``."""


class LimitError(LoadError):
    """A safety bound was exceeded: file size, nesting depth or alias expansion."""


class TemplateError(InputError):
    """The document parsed but is not a usable CloudFormation template."""


class UndefinedReferenceError(InputError):
    """A Ref, GetAtt, Sub, DependsOn or Condition names something that is not defined."""


class CycleError(InputError):
    """Resources depend on each other in a circle; ``cycle`` lists each step."""

    def __init__(
        self, message: str, location: Location | None, steps: list[tuple[str, str, Location | None]]
    ) -> None:
        super().__init__(message, location)
        self.steps = steps


class OutputError(InputError):
    """A file the user asked for could not be written; the location names that file."""


class ErrorGroup(InputError):
    """Several input errors found in one pass; ``errors`` keeps them in source order."""

    def __init__(self, errors: list[InputError]) -> None:
        errors = sorted(errors, key=_sort_key)
        super().__init__(
            f"{len(errors)} errors; first: {errors[0].message}", errors[0].location
        )
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class DeployError(CfnBridgeError):
    """A deployment could not be started, or ended in failure."""


def _sort_key(error: CfnBridgeError) -> tuple[str, int, int]:
    loc = error.location
    return (loc.file, loc.line, loc.column) if loc else ("", 0, 0)


def flatten(error: CfnBridgeError) -> list[CfnBridgeError]:
    """The individual errors inside ``error`` (itself, unless it is a group)."""
    return list(error.errors) if isinstance(error, ErrorGroup) else [error]
