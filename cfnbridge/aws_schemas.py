"""What CloudFormation itself knows: resource types, properties, value types and attributes.

The data is ``resource_maps/aws_schemas.json``, a compact dump of AWS's resource provider
schemas (``tools/dump_aws_schemas.py``), so asking needs no AWS call and no cfn-lint.
Lint uses it to refuse what CloudFormation would refuse, before giving migration advice
about it; the translator uses it to tell a typo from an unsupported property.

Every question returns an :class:`Answer`: ``known`` (False only when the schemas say
no), ``checked`` (False when the schemas cannot tell: a ``Custom::`` or ``OS::`` type, a
free-form JSON value) and ``nearest``, the closest known names for a "did you mean".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

# Types the schemas cannot judge: custom resources, SAM (expanded by a transform), Heat's own.
_UNCHECKED_PREFIXES = ("Custom::", "AWS::Serverless::", "AWS::CloudFormation::CustomResource", "OS::")
_CHECKED_PREFIXES = ("AWS::", "Alexa::")


@dataclass(frozen=True)
class Answer:
    """Whether AWS knows a name, and the nearest names it does know (best first)."""

    known: bool
    checked: bool = True
    nearest: tuple[str, ...] = ()

    @property
    def typo(self) -> bool:
        """Checked and unknown: CloudFormation would refuse it."""
        return self.checked and not self.known

    def did_you_mean(self) -> str:
        return f"did you mean {' or '.join(self.nearest)}?" if self.nearest else ""


KNOWN = Answer(True)
UNCHECKED = Answer(True, checked=False)


@cache
def _lines() -> dict[str, str]:
    """Type name -> the text of its entry, unparsed.

    The file is one JSON document written one type per line, so that a lint of one
    template parses the few types it uses instead of all of them (a 2 MB parse).
    """
    import cfnbridge.resource_maps as package

    path = Path(package.__file__).parent / "aws_schemas.json"
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        end = line.find('":')
        if line.startswith('"') and "::" in line[:end]:  # a type's line, not the header
            table[line[1:end]] = line[end + 2:].rstrip(",")
    return table


def types() -> _Types:
    """Type name -> its compact schema (each parsed on first use)."""
    return _TYPES


class _Types:
    """A read-only mapping over :func:`_lines` that parses an entry when it is asked for."""

    def __contains__(self, name: object) -> bool:
        return name in _lines()

    def __iter__(self) -> Iterator[str]:
        return iter(_lines())

    def __len__(self) -> int:
        return len(_lines())

    def get(self, name: str, default: Any = None) -> Any:
        return _entry(name) if name in _lines() else default

    def __getitem__(self, name: str) -> dict[str, Any]:
        if name not in _lines():
            raise KeyError(name)
        return _entry(name)


@cache
def _entry(name: str) -> dict[str, Any]:
    return json.loads(_lines()[name])


_TYPES = _Types()


def nearest(name: str, candidates: Sequence[str], n: int = 2) -> tuple[str, ...]:
    """Close known names: an exact match ignoring case first, then by similarity (a runner-up
    only when it is nearly as close as the best, so a suggestion is rarely a list)."""
    folded = {candidate.lower(): candidate for candidate in candidates}
    if name.lower() in folded and folded[name.lower()] != name:
        return (folded[name.lower()],)
    scored = []
    import difflib

    matcher = difflib.SequenceMatcher(b=name.lower())
    for candidate in candidates:
        matcher.set_seq1(candidate.lower())
        if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
            ratio = matcher.ratio()
            if ratio >= 0.6:
                scored.append((ratio, candidate))
    scored.sort(key=lambda item: (-item[0], item[1]))
    best = scored[0][0] if scored else 0.0
    return tuple(candidate for ratio, candidate in scored[:n] if ratio >= best - 0.05)


def checked_type(aws_type: str) -> bool:
    """Whether the schemas speak for ``aws_type`` at all."""
    return aws_type.startswith(_CHECKED_PREFIXES) and not aws_type.startswith(_UNCHECKED_PREFIXES)


def check_type(aws_type: str) -> Answer:
    """Does CloudFormation know the resource type ``aws_type``?"""
    if not isinstance(aws_type, str) or not checked_type(aws_type):
        return UNCHECKED
    table = types()
    if aws_type in table:
        return KNOWN
    service = aws_type.rsplit("::", 1)[0] + "::"
    same_service = [name for name in table if name.startswith(service)]
    return Answer(False, nearest=nearest(aws_type, same_service or list(table)))


def property_spec(aws_type: str, path: Sequence[str | int] = ()) -> dict[str, Any] | None:
    """The value spec at ``path`` inside ``aws_type``'s Properties (None: unknown or unchecked)."""
    spec = _root_spec(aws_type)
    for step in path:
        if spec is None:
            return None
        spec = child_spec(spec, step)
    return spec


def child_spec(spec: dict[str, Any], step: str | int) -> dict[str, Any] | None:
    """The spec one step below ``spec``: its items for an index, else the named property.

    A walk that goes down a value carries the spec with it instead of asking
    :func:`property_spec` from the type's root at every step.
    """
    return spec.get("items") if isinstance(step, int) else (spec.get("properties") or {}).get(step)


@cache
def _root_spec(aws_type: str) -> dict[str, Any] | None:
    """A type's Properties as one object spec, made once per type (callers only read it)."""
    return {"type": "object", **types()[aws_type]} if aws_type in types() else None


def check_property(aws_type: str, path: Sequence[str | int]) -> Answer:
    """Does ``aws_type`` have the property at ``path`` (``("CidrBlock",)``, ``("Tags", 0, "Key")``)?"""
    if not checked_type(aws_type) or aws_type not in types() or not path:
        return UNCHECKED
    parent = property_spec(aws_type, path[:-1])
    return UNCHECKED if parent is None else check_key(parent, path[-1])


def check_key(parent: dict[str, Any], name: str | int) -> Answer:
    """Does the object spec ``parent`` (of a checked type) have the property ``name``?"""
    if isinstance(name, int):
        return UNCHECKED
    properties = parent.get("properties")
    if not properties or parent.get("open"):
        return UNCHECKED if not properties or name not in properties else KNOWN
    if name in properties:
        return KNOWN
    return Answer(False, nearest=nearest(str(name), list(properties)))


@cache
def attributes(aws_type: str) -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """The GetAtt names of ``aws_type``, and the patterns some types allow (``Outputs.X``); made once per type."""
    entry = types().get(aws_type, {})
    names = set(entry.get("attributes", ()))
    if entry.get("gettable"):
        names.update(entry.get("properties", {}))
    patterns = tuple(_pattern(name) for name in names if "*" in name or "\\" in name)
    return frozenset(name for name in names if "*" not in name and "\\" not in name), patterns


@cache
def _pattern(name: str) -> re.Pattern[str]:
    if "\\" in name:
        return re.compile(name)
    return re.compile(r"\.".join("[^.]+" if part == "*" else re.escape(part) for part in name.split(".")))


def check_attribute(aws_type: str, attribute: str) -> Answer:
    """Can ``Fn::GetAtt`` read ``attribute`` of a resource of ``aws_type``?"""
    if not checked_type(aws_type) or aws_type not in types() or not isinstance(attribute, str):
        return UNCHECKED
    names, patterns = attributes(aws_type)
    if attribute in names or any(pattern.fullmatch(attribute) for pattern in patterns):
        return KNOWN
    return Answer(False, nearest=nearest(attribute, sorted(names)))


def required(aws_type: str, path: Sequence[str | int] = ()) -> tuple[str, ...]:
    """Property names CloudFormation requires at ``path`` (top level by default)."""
    spec = property_spec(aws_type, path) if checked_type(aws_type) else None
    return tuple(spec.get("required", ())) if spec else ()
