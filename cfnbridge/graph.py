"""The dependency graph: one networkx MultiDiGraph, built once, read by every command.

Nodes are ``(section, name)`` pairs: every resource, and the parameters, conditions,
mappings and outputs that are referred to. An edge ``a -> b`` means *a needs b*, keyed by
reference kind (Ref, GetAtt, Sub, DependsOn, Condition, If, FindInMap), with the path of
the reference so that errors and diagnostics can point at it. Deploy waves are the
topological generations of the resource-only graph, dependencies first.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import networkx as nx

from cfnbridge.errors import CycleError, ErrorGroup, InputError, Location, UndefinedReferenceError
from cfnbridge.gc_pause import collector_paused
from cfnbridge.references import Reference, all_references
from cfnbridge.template import Template

Node = tuple[str, str]
RESOURCES = "Resources"
_TARGET_SECTIONS: dict[str, tuple[str, ...]] = {
    "Ref": ("Parameters", "Resources"),
    "Sub": ("Parameters", "Resources"),
    "GetAtt": ("Resources",),
    "DependsOn": ("Resources",),
    "Condition": ("Conditions",),
    "If": ("Conditions",),
    "FindInMap": ("Mappings",),
}


class DependencyGraph:
    """A template's dependency graph; ``graph`` is the networkx MultiDiGraph itself."""

    def __init__(self, template: Template, graph: nx.MultiDiGraph, unresolved: list[Reference]) -> None:
        self.template = template
        self.graph = graph
        self.unresolved = unresolved
        self._resources: tuple[tuple[int, int], nx.DiGraph] | None = None

    def resource_graph(self) -> nx.DiGraph:
        """Resources only, named plainly; an edge a -> b means a needs b.

        Made once (the cycle check and the waves both ask) and again only if ``graph`` changed size.
        """
        size = (self.graph.number_of_nodes(), self.graph.number_of_edges())
        if self._resources is None or self._resources[0] != size:
            simple = nx.DiGraph()
            simple.add_nodes_from(name for section, name in self.graph.nodes if section == RESOURCES)
            simple.add_edges_from((source, target) for (s_section, source), (t_section, target) in self.graph.edges()
                                  if s_section == RESOURCES and t_section == RESOURCES and source != target)
            self._resources = (size, simple)
        return self._resources[1].copy(as_view=True)

    def waves(self) -> list[list[str]]:
        """Resources grouped by deploy wave: each wave needs only earlier waves."""
        graph = self.resource_graph().reverse(copy=False)
        return [sorted(generation) for generation in nx.topological_generations(graph)]

    def order(self) -> list[str]:
        """One deploy order: dependencies before the resources that need them."""
        return [name for wave in self.waves() for name in wave]

    def dependencies(self, resource: str) -> list[tuple[str, str]]:
        """``(target, kind)`` for each resource ``resource`` needs directly."""
        return sorted({(target[1], kind) for _, target, kind in
                       self.graph.out_edges((RESOURCES, resource), keys=True) if target[0] == RESOURCES})

    def edges(self) -> Iterator[tuple[Node, Node, str, Location]]:
        """Every edge with its kind and the location of the reference that made it."""
        for source, target, kind, data in self.graph.edges(keys=True, data=True):
            yield source, target, kind, data["location"]

    def to_json(self) -> str:
        nodes = [{"section": section, "name": name, **({"type": data["type"]} if "type" in data else {})}
                 for (section, name), data in sorted(self.graph.nodes(data=True))]
        edges = [{"from": list(source), "to": list(target), "kind": kind, "location": str(location)}
                 for source, target, kind, location in sorted(self.edges(), key=_edge_key)]
        return json.dumps({"file": self.template.filename, "nodes": nodes, "edges": edges,
                           "waves": self.waves()}, indent=2)

    def to_text(self) -> str:
        lines = []
        for index, wave in enumerate(self.waves(), start=1):
            lines.append(f"wave {index}:")
            for name in wave:
                kinds: dict[str, list[str]] = {}
                for target, kind in self.dependencies(name):
                    kinds.setdefault(target, []).append(kind)
                needs = ", ".join(f"{target} ({', '.join(found)})" for target, found in kinds.items())
                kind = self.template.resources[name].type
                lines.append(f"  {name} [{kind}]" + (f" <- needs {needs}" if needs else ""))
        return "\n".join(lines)

    def to_dot(self) -> str:
        lines = ["digraph template {", "  rankdir=BT;", "  node [shape=box, fontname=Helvetica];"]
        for name in sorted(self.template.resources):
            kind = self.template.resources[name].type
            lines.append(f"  {_quote(name)} [label={_quote(name + chr(10) + kind)}];")
        for source, target, kind in self._resource_edges():
            style = ", style=dashed" if kind == "DependsOn" else ""
            lines.append(f"  {_quote(source)} -> {_quote(target)} [label={_quote(kind)}{style}];")
        lines.append("}")
        return "\n".join(lines)

    def to_mermaid(self) -> str:
        ids = {name: f"n{index}" for index, name in enumerate(sorted(self.template.resources))}
        lines = ["flowchart BT"]
        for name, node_id in ids.items():
            label = f"{name}<br/>{self.template.resources[name].type}".replace('"', "'")
            lines.append(f'  {node_id}["{label}"]')
        for source, target, kind in self._resource_edges():
            arrow = "-.->" if kind == "DependsOn" else "-->"
            lines.append(f"  {ids[source]} {arrow}|{kind}| {ids[target]}")
        return "\n".join(lines)

    def _resource_edges(self) -> list[tuple[str, str, str]]:
        return sorted({(s[1], t[1], kind) for s, t, kind in self.graph.edges(keys=True)
                       if s[0] == RESOURCES and t[0] == RESOURCES and s != t})


def _edge_key(edge: tuple[Node, Node, str, Location]) -> tuple[Any, ...]:
    return edge[0], edge[1], edge[2], edge[3].line, edge[3].column


def _quote(text: str) -> str:
    return json.dumps(text)


def build(template: Template, *, strict: bool = True) -> DependencyGraph:
    """Build the graph; with ``strict``, undefined references and cycles raise.

    A template with a ``Transform`` may refer to resources its macros will create (SAM's
    implicit roles, for example), so there undefined names are kept in ``unresolved``
    instead of raising.
    """
    with collector_paused():  # one node and several edges per name and reference, all at once
        return _build(template, strict=strict)


def _build(template: Template, *, strict: bool) -> DependencyGraph:
    """``build`` itself."""
    graph = nx.MultiDiGraph()
    defined: dict[str, dict[str, Any]] = {
        "Parameters": template.parameters, "Resources": template.resources,
        "Conditions": template.conditions, "Mappings": template.mappings,
    }
    for name, resource in template.resources.items():
        graph.add_node((RESOURCES, name), type=resource.type, location=template.locate((RESOURCES, name), of_key=True))
    unresolved: list[Reference] = []
    for reference in all_references(template):
        if reference.is_pseudo:
            continue
        section = next((s for s in _TARGET_SECTIONS[reference.kind] if reference.target in defined[s]), None)
        if section is None:
            unresolved.append(reference)
            continue
        target = (section, reference.target)
        if target not in graph:
            graph.add_node(target, location=template.locate(target, of_key=True))
        if reference.source not in graph:
            graph.add_node(reference.source, location=template.locate(reference.source, of_key=True))
        if graph.has_edge(reference.source, target, key=reference.kind):
            continue  # the first reference of a kind locates the edge
        graph.add_edge(reference.source, target, key=reference.kind,
                       location=template.locate(reference.path), path=reference.path)
    result = DependencyGraph(template, graph, unresolved)
    if strict:
        errors: list[InputError] = []
        if not template.transform:
            errors.extend(_undefined_error(template, ref) for ref in unresolved)
        errors.extend(find_cycles(result))
        if errors:
            raise errors[0] if len(errors) == 1 else ErrorGroup(errors)
    return result


def _undefined_error(template: Template, reference: Reference) -> UndefinedReferenceError:
    wanted = " or ".join(s[:-1].lower() for s in _TARGET_SECTIONS[reference.kind])
    _, source = reference.source
    via = f"{reference.kind} in {source!r}"
    return UndefinedReferenceError(f"{via} refers to {reference.target!r}, which is not a defined {wanted}",
                                   template.locate(reference.path))


def find_cycles(graph: DependencyGraph) -> list[CycleError]:
    """One located error per circle of resources (per strongly connected component)."""
    resources = graph.resource_graph()
    errors = []
    for (s_section, source), (t_section, target), kind, data in graph.graph.edges(keys=True, data=True):
        if s_section == t_section == RESOURCES and source == target:
            step = (source, f"{kind} {target}", data["location"])
            errors.append(CycleError(f"dependency cycle: {source} refers to itself ({kind})",
                                     data["location"], [step]))
    for component in sorted(nx.strongly_connected_components(resources), key=lambda c: sorted(c)):
        if len(component) < 2:
            continue
        cycle = nx.find_cycle(resources.subgraph(component), source=min(component))
        steps = []
        for source, target in cycle:
            kinds = graph.graph.get_edge_data((RESOURCES, source), (RESOURCES, target)) or {}
            kind, data = min(kinds.items(), key=lambda item: (item[1]["location"].line, item[0]))
            steps.append((source, f"{kind} {target}", data["location"]))
        names = " -> ".join([source for source, _ in cycle] + [cycle[0][0]])
        detail = "; ".join(f"{source} needs {what} at line {loc.line}" for source, what, loc in steps)
        errors.append(CycleError(f"dependency cycle: {names} ({detail})", steps[0][2], steps))
    return errors
