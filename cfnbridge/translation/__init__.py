"""CloudFormation to OpenStack Heat: HOT, or the CloudFormation dialect Heat runs natively.

``translate(template, to="hot", profile=None)`` returns a :class:`Translation`: the output
template as a dict (deterministic key order), the semantic gaps, and ``to_yaml()``.
"""

from __future__ import annotations

import gc
import json
import os
from dataclasses import dataclass, field
from typing import Any

from cfnbridge.errors import InputError
from cfnbridge.gap_codes import APPROXIMATION, FOREACH, METADATA_DROPPED, RULES_DROPPED, TRANSFORM, UNSUPPORTED_TYPE
from cfnbridge.intrinsics import Intrinsic
from cfnbridge.profile import Profile, load_profile
from cfnbridge.template import Template, load
from cfnbridge.translation import sections
from cfnbridge.translation.emit import to_yaml
from cfnbridge.translation.engine import HOT_VERSIONS, Options, Translator, resource_attributes
from cfnbridge.translation.gaps import Gap, sort_gaps
from cfnbridge.translation.handlers import get_handler
from cfnbridge.translation.native import translate_native
from cfnbridge.translation.resources import ResourceContext, plan_resources, translate_generic

__all__ = ["Gap", "Translation", "translate"]


@dataclass
class Translation:
    """The output of one translation: the Heat template and every gap found on the way."""

    template: dict[str, Any]
    gaps: list[Gap]
    to: str
    source: Template
    plan: dict[str, str] = field(default_factory=dict)

    def to_yaml(self) -> str:
        return to_yaml(self.template)

    def to_json(self) -> str:
        return json.dumps(self.template, indent=2)

    def gaps_at_least(self, severity: str) -> list[Gap]:
        return [g for g in self.gaps if g.at_least(severity)]


def translate(template: Template | str | os.PathLike[str], to: str = "hot",
              profile: Profile | str | os.PathLike[str] | None = None, *,
              hot_version: str = "2021-04-16", placeholder: bool = False) -> Translation:
    """Translate a CloudFormation template for OpenStack Heat.

    ``to`` is ``"hot"`` (OS:: types, HOT functions) or ``"native"`` (Heat's CloudFormation
    dialect: AWS types Heat implements stay, the rest become OS:: types). ``profile`` maps
    images, flavors, networks and zones of one site; without it they become parameters.
    """
    if to not in ("hot", "native"):
        raise InputError(f"unknown target {to!r}: use 'hot' or 'native'")
    if hot_version not in HOT_VERSIONS:
        raise InputError(f"HOT version {hot_version!r} is not supported; use one of {', '.join(HOT_VERSIONS)}")
    if not isinstance(template, Template):
        template = load(template)
    if not isinstance(profile, Profile):
        profile = load_profile(profile) if profile is not None else Profile()
    t = Translator(template, profile, Options(to=to, hot_version=hot_version, placeholder=placeholder))
    collecting = gc.isenabled()
    gc.disable()  # a burst of short-lived objects; the collector would rescan the template again and again
    try:
        document = _run(t)
    finally:
        if collecting:
            gc.enable()
    return Translation(document, sort_gaps(t.gaps), to, template,
                       {name: planned.status for name, planned in t.plan.items()})


def _resource_order(template: Template) -> list[str]:
    """Dependencies first, so a handler sees what the resources it refers to became.

    A plain Kahn sort over the references (ties in source order); resources caught in a
    cycle follow in source order. networkx is not needed for this, and importing it would
    cost more than translating a small template.
    """
    from cfnbridge.references import all_references

    names = list(template.resources)
    needs: dict[str, set[str]] = {name: set() for name in names}
    for reference in all_references(template):
        section, source = reference.source
        if section == "Resources" and reference.target in needs and reference.target != source:
            needs[source].add(reference.target)
    done: set[str] = set()
    order: list[str] = []
    pending = names
    while pending:
        ready = [name for name in pending if needs[name] <= done]
        if not ready:
            _raise_cycle(template)
            order.extend(pending)  # a cycle the graph does not see: keep source order
            break
        order.extend(ready)
        done.update(ready)
        pending = [name for name in pending if name not in done]
    return order


def _raise_cycle(template: Template) -> None:
    """A template whose resources need each other in a circle cannot be translated."""
    from cfnbridge.graph import build, find_cycles

    cycles = find_cycles(build(template, strict=False))
    if cycles:
        raise cycles[0]


def _run(t: Translator) -> dict[str, Any]:
    template = t.template
    plan_resources(t)
    _top_level_gaps(t)
    parameters = sections.parameters(t)
    conditions = sections.conditions(t)
    for name in _resource_order(template):
        _translate_resource(t, name)
    outputs = sections.outputs(t)
    sections.retarget_parameters(t, parameters)
    region = t.parameter_names.get("Region")
    if t.region_default and region in t.extra_parameters:
        t.extra_parameters[region]["default" if t.hot else "Default"] = t.region_default
    resources = _in_source_order(t)
    if t.hot:
        document: dict[str, Any] = {"heat_template_version": t.options.hot_version}
        if template.description is not None:
            document["description"] = template.description
        if parameters or t.extra_parameters:
            document["parameters"] = {**parameters, **t.extra_parameters}
        if conditions or t.extra_conditions:
            document["conditions"] = {**conditions, **t.extra_conditions}
        document["resources"] = resources
        if outputs:
            document["outputs"] = outputs
        return document
    version_key = "HeatTemplateFormatVersion" if "HeatTemplateFormatVersion" in template.root else \
        "AWSTemplateFormatVersion"
    document = {version_key: template.format_version or "2010-09-09"}
    if template.description is not None:
        document["Description"] = template.description
    if parameters or t.extra_parameters:
        document["Parameters"] = {**parameters, **t.extra_parameters}
    if template.mappings:
        from cfnbridge.nodes import to_plain

        document["Mappings"] = to_plain(template.mappings)
    if conditions:
        document["Conditions"] = conditions
    document["Resources"] = resources
    if outputs:
        document["Outputs"] = outputs
    return document


def _top_level_gaps(t: Translator) -> None:
    template = t.template
    if template.transform:
        t.gap(TRANSFORM, "error", ("Transform",), None,
              f"the template needs the macro(s) {', '.join(template.transform)}, which Heat cannot run",
              "expand the template first (e.g. sam build / the processed template from CloudFormation)")
    if template.rules is not None:
        t.gap(RULES_DROPPED, "warning", ("Rules",), None,
              "Rules (parameter checks before deployment) were dropped: Heat has no such section",
              "express the checks as parameter constraints")
    if template.metadata is not None:
        t.gap(METADATA_DROPPED, "info", ("Metadata",), None,
              "top-level Metadata was dropped: Heat does not accept it", "")
    for name in template.foreach:
        t.gap(FOREACH, "error", ("Resources", name), None,
              "Fn::ForEach (AWS::LanguageExtensions) has no Heat equivalent; these resources were not translated",
              "expand the loop, or use OS::Heat::ResourceGroup")


def _translate_resource(t: Translator, name: str) -> None:
    resource = t.template.resources[name]
    planned = t.plan[name]
    base = ("Resources", name)
    if planned.status in ("omitted", "placeholder") and isinstance(resource.raw.get("Properties"), Intrinsic):
        if planned.status == "placeholder":  # reported in planning (dynamic-properties)
            body = {"type" if t.hot else "Type": "OS::Heat::None"}
            t.emit(name, name, resource_attributes(t, resource, body))
        return
    if planned.status in ("omitted", "placeholder"):
        type_gap = planned.type_map.type_gap if planned.type_map else None
        severity = type_gap["severity"] if type_gap else "error"
        message = type_gap["message"] if type_gap else f"{resource.type} has no OpenStack translation"
        hint = type_gap.get("hint", "") if type_gap else "model it by hand with OS:: resources, or leave it on AWS"
        if planned.status == "placeholder":
            message += "; kept as an OS::Heat::None placeholder"
        t.gap(type_gap.get("code", UNSUPPORTED_TYPE) if type_gap else "unsupported-type", severity,
              (*base, "Type"), name, message, hint)
        if planned.status == "placeholder":
            body = {"type" if t.hot else "Type": "OS::Heat::None"}
            t.emit(name, name, resource_attributes(t, resource, body))
        return
    if planned.status == "native":
        if resource.type.startswith("OS::"):
            body = {"type" if t.hot else "Type": resource.type}
            if resource.properties:
                key = "properties" if t.hot else "Properties"
                body[key] = t.value(resource.properties, (*base, "Properties"), name)
        else:
            body = translate_native(t, resource, planned.type_map)
        t.emit(name, name, resource_attributes(t, resource, body))
        return
    type_map = planned.type_map
    assert type_map is not None
    if type_map.type_gap:
        gap = type_map.type_gap
        t.gap(gap.get("code", APPROXIMATION), gap["severity"], (*base, "Type"), name, gap["message"],
              gap.get("hint", ""))
    ctx = ResourceContext(t, resource, type_map)
    handler = get_handler(type_map.handler) if type_map.handler else translate_generic
    if handler is None:
        raise InputError(f"resource map for {resource.type} names unknown handler {type_map.handler!r}")
    handler(ctx)
    emitted = t.plan[name].emitted
    if emitted:
        primary = t.resources[emitted[0]]
        resource_attributes(t, resource, primary)
        condition_key = "condition" if t.hot else "Condition"
        for extra in emitted[1:]:
            if resource.condition and condition_key not in t.resources[extra]:
                t.resources[extra][condition_key] = resource.condition


def _in_source_order(t: Translator) -> dict[str, Any]:
    ordered: dict[str, Any] = {}
    for name in t.template.resources:
        for emitted in t.plan[name].emitted:
            ordered[emitted] = _ordered_body(t.resources[emitted], t.hot)
    return ordered


_HOT_BODY_ORDER = ("type", "condition", "depends_on", "deletion_policy", "metadata", "properties")
_CFN_BODY_ORDER = ("Type", "Condition", "DependsOn", "DeletionPolicy", "Metadata", "Properties")


def _ordered_body(body: dict[str, Any], hot: bool) -> dict[str, Any]:
    order = _HOT_BODY_ORDER if hot else _CFN_BODY_ORDER
    return {**{k: body[k] for k in order if k in body}, **{k: v for k, v in body.items() if k not in order}}
