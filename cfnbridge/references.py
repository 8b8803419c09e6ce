"""Every reference a template makes: Ref, GetAtt, Sub, DependsOn, Condition, If, FindInMap.

One walk over each section yields :class:`Reference` records with the path and position
of the function that made them (each function class says which names it refers to). The
graph, the translator and the linter all read these instead of walking the template again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from cfnbridge.intrinsics import PSEUDO_PARAMETERS, Intrinsic, walk
from cfnbridge.template import Template

Path = tuple[Any, ...]


class Reference(NamedTuple):
    """One reference: ``kind`` is Ref, GetAtt, Sub, DependsOn, Condition, If or FindInMap.

    ``source`` is the (section, name) that refers; ``target`` the name referred to;
    ``attribute`` the GetAtt attribute (or Sub ``${A.B}`` part) when there is one; ``path``
    is where in the template the reference is written. A named tuple: a big template makes
    tens of thousands, and a tuple is made at a third of a frozen dataclass's cost.
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
    return _made(walk(value, base), source)


def all_functions(template: Template) -> tuple[tuple[Intrinsic, Path], ...]:
    """Every intrinsic in the template (outermost first) with its path: one walk per template,
    shared by the translator's section scans and the lint rules."""
    cached = template.derived.get("functions")
    if cached is None:
        _walk_template(template)
        cached = template.derived["functions"]
    return cached


def _walk_template(template: Template) -> None:
    """The one walk, section by section: the whole list, and each owner's share of it.

    A walk of the root visits each section, and in it each entry, in order, so the pieces
    joined are exactly the root's walk; the owners (a condition, an output, one key of a
    resource) are noted on the way instead of being found again from each path.
    """
    functions: list[tuple[Intrinsic, Path]] = []
    places: dict[Path, list[tuple[Intrinsic, Path]]] = {}
    root = template.root
    for section, entries in root.items():
        if section not in _OWNERS or not isinstance(entries, dict):
            functions.extend(walk(entries, (section,)) if isinstance(entries, _CONTAINERS) else ())
            continue
        by_key = section == "Resources"
        for name, entry in entries.items():
            if by_key and isinstance(entry, dict):
                for key, value in entry.items():
                    if isinstance(value, _CONTAINERS):
                        found = places[(section, name, key)] = list(walk(value, (section, name, key)))
                        functions.extend(found)
            elif isinstance(entry, _CONTAINERS):
                found = list(walk(entry, (section, name)))
                functions.extend(found)
                if not by_key:
                    places[(section, name)] = found
    template.derived["functions"] = tuple(functions)
    template.derived["places"] = places


def all_references(template: Template) -> Iterator[Reference]:
    """Every reference in the template's conditions, resources and outputs, in order.

    Computed once per template: the graph, the translator and several lint rules all ask.
    """
    cached = template.derived.get("references")
    if cached is None:
        cached = template.derived["references"] = tuple(_collect(template))
    return iter(cached)


_RESOURCE_KEYS = ("Properties", "Metadata", "UpdatePolicy", "CreationPolicy", "DeletionPolicy", "UpdateReplacePolicy")


def _collect(template: Template) -> Iterator[Reference]:
    """The references, read from the one walk of the whole tree (:func:`all_functions`).

    A subtree's functions come out of that walk in the order a walk of the subtree alone
    gives, so each owner's references keep the order they always had.
    """
    made = _functions_by_place(template)
    for name in template.conditions:
        yield from _made(made.get(("Conditions", name), ()), ("Conditions", name))
    for name, resource in template.resources.items():
        base: Path = ("Resources", name)
        source = ("Resources", name)
        for index, target in enumerate(resource.depends_on):
            raw = resource.raw.get("DependsOn")
            path = (*base, "DependsOn", index) if isinstance(raw, list) else (*base, "DependsOn")
            yield Reference("DependsOn", source, target, None, path)
        if resource.condition is not None:
            yield Reference("Condition", source, resource.condition, None, (*base, "Condition"))
        for key in _RESOURCE_KEYS:
            if key in resource.raw:
                yield from _made(made.get((*base, key), ()), source)
    for name, output in template.outputs.items():
        source = ("Outputs", name)
        if output.condition is not None:
            yield Reference("Condition", source, output.condition, None, ("Outputs", name, "Condition"))
        yield from _made(made.get(source, ()), source)


def _made(functions: Any, source: tuple[str, str]) -> Iterator[Reference]:
    """The references of ``functions`` (each with its path), made from ``source``."""
    for function, path in functions:
        for kind, target, attribute in function.references():
            yield Reference(kind, source, target, attribute, path)


def _functions_by_place(template: Template) -> dict[Path, list[tuple[Intrinsic, Path]]]:
    """The walk's functions by what owns them: a condition, an output, a resource's section.

    A section the model does not take from the tree as written (it is not the same object)
    is walked on its own, so a function can never be attributed wrongly.
    """
    all_functions(template)
    places: dict[Path, list[tuple[Intrinsic, Path]]] = template.derived["places"]
    root = template.root
    for section, values in (("Conditions", template.conditions), ("Resources", template.resources),
                            ("Outputs", template.outputs)):
        written = root.get(section)
        for name, value in values.items():
            raw = value if section == "Conditions" else value.raw
            if not isinstance(written, dict) or written.get(name) is not raw:
                _rewalk(places, (section, name), raw, section == "Resources")
    return places


_OWNERS = frozenset({"Conditions", "Resources", "Outputs"})
_CONTAINERS = (dict, list, Intrinsic)


def _rewalk(places: dict[Path, list[tuple[Intrinsic, Path]]], base: Path, raw: Any, by_key: bool) -> None:
    for key in [key for key in places if key[:2] == base]:
        del places[key]
    if not by_key:
        places[base] = list(walk(raw, base))
    elif isinstance(raw, dict):
        for key in _RESOURCE_KEYS:
            if key in raw:
                places[(*base, key)] = list(walk(raw[key], (*base, key)))
