"""Who refers to whom among the resources: indexes several handlers read, built once per template
(through ``ctx.index``) instead of a scan of every resource per resource."""

from __future__ import annotations

from cfnbridge.template import Template


def referrer_types(template: Template) -> dict[str, set[str]]:
    """Resource name -> the types of the resources whose properties refer to it (Ref or GetAtt)."""
    index: dict[str, set[str]] = {}
    for user, target in _pairs(template):
        index.setdefault(target, set()).add(template.resources[user].type)
    return index


def referrers_by_type(template: Template) -> dict[str, list[str]]:
    """AWS type -> names of its resources that refer to some other resource, in source order."""
    users = {user for user, _target in _pairs(template)}
    index: dict[str, list[str]] = {}
    for name, resource in template.resources.items():
        if name in users:
            index.setdefault(resource.type, []).append(name)
    return index


def _pairs(template: Template) -> list[tuple[str, str]]:
    """(referring resource, referred name) for every Ref and GetAtt between resources."""
    from cfnbridge.references import all_references

    pairs = template.derived.get("resource pairs")  # both indexes above start from it
    if pairs is None:
        resources = template.resources
        pairs = template.derived["resource pairs"] = [
            (reference.source[1], reference.target) for reference in all_references(template)
            if reference.source[0] == "Resources" and reference.kind in ("Ref", "GetAtt")
            and reference.source[1] in resources]
    return pairs
