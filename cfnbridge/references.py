"""Every reference a template makes: Ref, GetAtt, Sub, DependsOn, Condition, If, FindInMap.

One walk over each section yields :class:`Reference` records with the path and position
of the function that made them (each function class says which names it refers to). The
graph, the translator and the linter all read these instead of walking the template again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cfnbridge.intrinsics import PSEUDO_PARAMETERS, Intrinsic, walk
from cfnbridge.template import Template

Path = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Reference:
    """One reference: ``kind`` is Ref, GetAtt, Sub, DependsOn, Condition, If or FindInMap.

    ``source`` is the (section, name) that refers; ``target`` the name referred to;
    ``attribute`` the GetAtt attribute (or Sub ``${A.B}`` part) when there is one; ``path``
    is where in the template the reference is written.
    """

    kind: str
    source: tuple[str, str]
    target: str
    attribute: str | None
    path: Path

    @property
    def is_pseudo(self) -> bool:
        return self.target in PSEUDO_PARAMETERS


def in_value(value: Any, source: tuple[str, str], base: Path) -> Iterator[Reference]:
    """References made by the intrinsics inside ``value``, which sits at ``base``.

    What each function refers to is its class's ``references`` (cfnbridge.intrinsics).
    """
    for function, path in walk(value, base):
        for kind, target, attribute in function.references():
            yield Reference(kind, source, target, attribute, path)


def all_functions(template: Template) -> tuple[tuple[Intrinsic, Path], ...]:
    """Every intrinsic in the template (outermost first) with its path: one walk per template,
    shared by the translator's section scans and the lint rules."""
    cached = template.derived.get("functions")
    if cached is None:
        cached = template.derived["functions"] = tuple(walk(template.root))
    return cached


def all_references(template: Template) -> Iterator[Reference]:
    """Every reference in the template's conditions, resources and outputs, in order.

    Computed once per template: the graph, the translator and several lint rules all ask.
    """
    cached = template.derived.get("references")
    if cached is None:
        cached = template.derived["references"] = tuple(_collect(template))
    return iter(cached)


def _collect(template: Template) -> Iterator[Reference]:
    for name, expression in template.conditions.items():
        yield from in_value(expression, ("Conditions", name), ("Conditions", name))
    for name, resource in template.resources.items():
        base: Path = ("Resources", name)
        source = ("Resources", name)
        for index, target in enumerate(resource.depends_on):
            raw = resource.raw.get("DependsOn")
            path = (*base, "DependsOn", index) if isinstance(raw, list) else (*base, "DependsOn")
            yield Reference("DependsOn", source, target, None, path)
        if resource.condition is not None:
            yield Reference("Condition", source, resource.condition, None, (*base, "Condition"))
        for key in ("Properties", "Metadata", "UpdatePolicy", "CreationPolicy", "DeletionPolicy",
                    "UpdateReplacePolicy"):
            if key in resource.raw:
                yield from in_value(resource.raw[key], source, (*base, key))
    for name, output in template.outputs.items():
        source = ("Outputs", name)
        if output.condition is not None:
            yield Reference("Condition", source, output.condition, None, ("Outputs", name, "Condition"))
        yield from in_value(output.raw, source, ("Outputs", name))
