"""The translation engine: generic, table-driven, the same for every AWS type and both dialects.

One run plans every resource, then translates them in dependency order (so a handler sees
what the resources it refers to became), then the parameters, conditions and outputs, and
hands the neutral result to the dialect to write. A type with a handler runs it through a
``ResourceContext``; any other goes through the property table. The engine never branches
on type names or on the dialect: type knowledge is in ``resource_maps/`` and the handlers,
spelling in ``dialect.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cfnbridge.errors import InputError, Location
from cfnbridge.evaluation import Evaluator
from cfnbridge.gap_codes import (
    FOREACH,
    FOREACH_DEFAULT,
    METADATA_DROPPED,
    RULES_DROPPED,
    SEVERITY_OF,
    TRANSFORM,
    UNSUPPORTED_TYPE,
    map_code,
)
from cfnbridge.intrinsics import Intrinsic
from cfnbridge.profile import Profile
from cfnbridge.script_scan.report import report_script_calls
from cfnbridge.severity import SEVERITIES
from cfnbridge.template import Template
from cfnbridge.template_checks import LANGUAGE_EXTENSIONS
from cfnbridge.translation import parameters, sections
from cfnbridge.translation.dialects import DIALECTS
from cfnbridge.translation.finish import finish
from cfnbridge.translation.gaps import Gap
from cfnbridge.translation.lookups import Lookups
from cfnbridge.translation.map_gaps import map_severity
from cfnbridge.translation.native import translate_native
from cfnbridge.translation.plan import Child, Planned, Role, Status, plan_resources
from cfnbridge.translation.policies import resource_attributes

Path = tuple[Any, ...]
BOOTSTRAPS = ("cloud-init", "heat-cfntools")
HOT_VERSIONS = ("2016-10-14", "2017-02-24", "2017-09-01", "2018-03-02", "2018-08-31", "2021-04-16")


def _resolved(filename: str) -> str:
    from pathlib import Path as FilePath

    return str(FilePath(filename).resolve()) if not filename.startswith("<") else filename


def _file_name(stem: str, source: str, files: dict[str, str], sources: dict[str, str]) -> str:
    """``<stem>.yaml``, numbered when another source file already took that name."""
    name, number = f"{stem}.yaml", 2
    while name in files and sources.get(name) != source:
        name, number = f"{stem}{number}.yaml", number + 1
    return name


@dataclass
class Options:
    to: str = "hot"
    hot_version: str = "2021-04-16"
    placeholder: bool = False
    # How servers are set up at boot: "cloud-init" (cfn-init translated to a program cloud-init
    # runs; stock images) or "heat-cfntools" (cfn-init kept for images that have it). None: the
    # dialect's usual one (HOT: cloud-init; native: heat-cfntools).
    bootstrap: str | None = None

    @property
    def cloud_init(self) -> bool:
        return (self.bootstrap or DIALECTS[self.to].default_bootstrap) == "cloud-init"


class Translator(Lookups):
    """One translation run: the state behind every ``ResourceContext``."""

    def __init__(self, template: Template, profile: Profile, options: Options) -> None:
        self.template = template
        self.profile = profile
        self.options = options
        self.dialect = DIALECTS[options.to]
        self.values = self.dialect.value_translator(self)
        # Parameters stay undecided: their defaults can be overridden at deployment.
        self.evaluator = Evaluator(template, region=profile.region,
                                   availability_zones=profile.availability_zones or None, use_defaults=False)
        self.gaps: list[Gap] = []
        self.plan: dict[str, Planned] = {}
        self.resources: dict[str, dict[str, Any]] = {}  # output name -> neutral body
        self.owner: dict[str, str] = {}  # output name -> AWS resource it came from
        self.waited_for: list[str] = []  # resources whose dependents wait for their signals (Planned.ready)
        self.bootstrapped: set[str] = set()  # resources whose cfn-init metadata became a cloud-init program
        self.extra_parameters: dict[str, dict[str, Any]] = {}  # added by the translation, neutral specs
        self.extra_conditions: dict[str, Any] = {}  # added by the translation (negations)
        self.parameter_names: dict[str, str] = {}  # parameters the translation adds: requested -> output name
        self.parameter_roles: dict[Role, set[str]] = {}  # template parameters that now name a flavor …
        self.parameter_constraints: dict[str, list[dict[str, Any]]] = {}  # handlers' checks on template parameters
        self.region_default: str | None = None
        self.file_sources: dict[str, str] = {}  # file name in ``files`` -> the source file it translates
        self.files: dict[str, str] = {}  # translated child templates, by the file name their parent's type uses
        self.ancestors: tuple[str, ...] = ()  # the parents' files, so a child that includes one is refused

    def close(self) -> None:
        """Break the cycles through this run (its value translator points back to it).

        What a run built is then freed by reference counts when the caller lets go, instead of
        waiting for a full collection of the heap, which costs 0.4 s after 10,000 resources.
        """
        self.values = None  # type: ignore[assignment]

    # -- nested templates ---------------------------------------------------------------------------
    def child(self, path: str) -> Child:
        """Translate the local template at ``path`` with this run's profile and options.

        Its text goes to ``files`` (with its own children), its gaps join these, located in its
        file; raises InputError (a located load error, or a template that includes itself).
        """
        from pathlib import Path as FilePath

        from cfnbridge.template import load
        from cfnbridge.translation.emit import to_yaml

        resolved = str(FilePath(path).resolve())
        if resolved in self.ancestors or resolved == _resolved(self.template.filename):
            raise InputError(f"{path}: the nested template includes one of its parents")
        inner = Translator(load(path), self.profile, self.options)
        inner.ancestors = (*self.ancestors, _resolved(self.template.filename))
        document = inner.run()
        inner.close()
        name = _file_name(FilePath(path).stem, resolved, self.files, self.file_sources)
        self.file_sources[name] = resolved
        self.files.update(inner.files)
        self.file_sources.update(inner.file_sources)
        self.files[name] = to_yaml(document)
        self.gaps.extend(inner.gaps)
        roles = {role: set(names) for role, names in inner.parameter_roles.items()}
        specs = document.get("parameters") or {}
        added = {key: spec for key, spec in specs.items() if key not in inner.template.parameters}
        errors = sum(gap.severity == "error" for gap in inner.gaps)
        return Child(name, tuple(specs), tuple(document.get("outputs") or {}), roles, added, errors)

    # -- reporting ----------------------------------------------------------------------------------
    def gap(self, code: str, path: Path, resource: str | None, message: str, hint: str = "", *,
            location: Location | None = None) -> None:
        """Report a gap at ``path`` (or at ``location``, a place inside the string there); its severity
        is the one its code declares (cfnbridge/gap_codes.py or a map)."""
        severity = SEVERITY_OF.get(code) or map_severity(code)
        if severity is None:
            raise ValueError(f"gap code {code!r} is declared neither in cfnbridge/gap_codes.py nor in a resource map")
        if isinstance(path, str) or message in SEVERITIES:  # a call written when severities were passed
            raise TypeError(f"gap {code!r}: the severity belongs to the code, not the call; drop the argument")
        self.gaps.append(Gap(code, severity, resource, tuple(path), location or self.template.locate(path), message,
                             hint))

    def value(self, value: Any, path: Path, resource: str | None = None) -> Any:
        return self.values.value(value, path, resource)

    # -- parameters and conditions the translation adds ------------------------------------------------
    def parameter_name(self, requested: str) -> str:
        """The output name of a parameter the translation adds: ``requested``, unless the
        template already uses that name (for a parameter of its own or a resource)."""
        actual = self.parameter_names.get(requested)
        if actual is None:
            actual, number = requested, 2
            while (actual in self.template.parameters or actual in self.template.resources
                   or actual in self.resources or actual in self.parameter_names.values()):
                actual, number = f"{requested}{number}", number + 1
            self.parameter_names[requested] = actual
        return actual

    def add_parameter(self, name: str, spec: dict[str, Any]) -> Any:
        """Add a parameter the translation needs (once, spec in HOT's spelling); returns a reference to it."""
        name = self.parameter_name(name)
        self.extra_parameters.setdefault(name, spec)
        return self.dialect.get_param(name)

    def negated_condition(self, condition: str) -> str:
        """The name of a condition the translation adds: ``condition`` negated."""
        negated = f"Not{condition}"
        while negated in self.template.conditions and negated not in self.extra_conditions:
            negated += "_"
        self.extra_conditions[negated] = self.dialect.logic("not", [condition])
        return negated

    def add_condition(self, requested: str, expression: Any) -> str:
        """A condition the translation adds (an intrinsic over the template's conditions); its name."""
        name, number = requested, 2
        while name in self.template.conditions or name in self.extra_conditions:
            name, number = f"{requested}{number}", number + 1
        self.extra_conditions[name] = sections.condition_expression(self, expression, ("Conditions",))
        return name

    def optional_if(self, condition: str, when_true: Any, when_false: Any, path: Path, resource: str | None) -> Any:
        """An ``Fn::If`` with ``AWS::NoValue`` on one side."""
        return self.dialect.optional(self, condition, when_true, when_false, path, resource)

    # -- emitting resources -------------------------------------------------------------------------
    def emit(self, owner: str, name: str, body: dict[str, Any]) -> str:
        """Add one output resource (neutral keys) for the AWS resource ``owner``; returns its name."""
        def taken(candidate: str) -> bool:
            return (candidate in self.resources or candidate in self.template.parameters
                    or candidate in self.extra_parameters
                    or (candidate in self.template.resources and candidate != owner))

        if taken(name) and not (name in self.resources and self.owner.get(name) == owner):
            base, number = name, 2
            while taken(f"{base}{number}"):
                number += 1
            name = f"{base}{number}"
        self.resources[name] = body
        self.owner[name] = owner
        self.plan[owner].emitted.append(name)
        return name

    # -- the run ---------------------------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        """Translate the whole template; the output document in the dialect's spelling."""
        plan_resources(self)
        self._top_level_gaps()
        specs = parameters.parameters(self)
        conditions = sections.conditions(self)
        for name in _resource_order(self.template):
            self._translate_resource(name)
        report_script_calls(self)
        outputs = sections.outputs(self)
        parameters.add_constraints(self, specs)
        parameters.retarget_parameters(self, specs)
        finish(self, specs, conditions, outputs)
        region = self.parameter_names.get("Region")
        if self.region_default and region in self.extra_parameters:
            self.extra_parameters[region]["default"] = self.region_default
        write = self.dialect
        resources = {name: write.resource(self.resources[name])
                     for aws_name in self.template.resources for name in self.plan[aws_name].emitted}
        return write.document(
            self, {name: write.parameter(spec) for name, spec in {**specs, **self.extra_parameters}.items()},
            {**conditions, **self.extra_conditions}, resources,
            {name: write.output(spec) for name, spec in outputs.items()})

    def _top_level_gaps(self) -> None:
        template = self.template
        macros = [name for name in template.transform or () if name != LANGUAGE_EXTENSIONS]  # written out here
        if macros:
            self.gap(TRANSFORM, ("Transform",), None,
                     f"the template needs the macro(s) {', '.join(macros)}, which Heat cannot run",
                     "expand the template first (e.g. sam build / the processed template from CloudFormation)")
        if template.rules is not None:
            self.gap(RULES_DROPPED, ("Rules",), None,
                     "Rules (parameter checks before deployment) were dropped: Heat has no such section",
                     "express the checks as parameter constraints")
        if template.metadata is not None:
            self.gap(METADATA_DROPPED, ("Metadata",), None,
                     "top-level Metadata was dropped: Heat does not accept it", "")
        for note in template.foreach:  # loops written out with a default, or left out (cfnbridge.foreach)
            self.gap(FOREACH if note.severity == "error" else FOREACH_DEFAULT, note.path, None, note.message,
                     note.hint, location=note.location)

    def _translate_resource(self, name: str) -> None:
        from cfnbridge.translation.context import ResourceContext
        from cfnbridge.translation.handlers import get_handler
        from cfnbridge.translation.properties import translate_generic

        resource = self.template.resources[name]
        planned = self.plan[name]
        base = ("Resources", name)
        if not planned.status.translated:
            if not isinstance(resource.raw.get("Properties"), Intrinsic):  # that case was reported in planning
                self._report_untranslated(name, planned)
            if planned.status is Status.PLACEHOLDER:
                self.emit(name, name, resource_attributes(self, resource, {"type": "OS::Heat::None"}))
            return
        if planned.status is Status.NATIVE:
            if resource.type.startswith("OS::"):
                body: dict[str, Any] = {"type": resource.type}
                if resource.properties:
                    body["properties"] = self.value(resource.properties, (*base, "Properties"), name)
            else:
                body = translate_native(self, resource, planned.type_map)
            self.emit(name, name, resource_attributes(self, resource, body))
            return
        type_map = planned.type_map
        assert type_map is not None
        if type_map.type_gap:
            gap = type_map.type_gap
            self.gap(map_code(gap, "kept-type"), (*base, "Type"), name, gap["message"], gap.get("hint", ""))
        handler = get_handler(type_map.handler) if type_map.handler else translate_generic
        if handler is None:
            raise InputError(f"resource map for {resource.type} names unknown handler {type_map.handler!r}")
        handler(ResourceContext(self, resource, type_map))
        if planned.emitted:
            resource_attributes(self, resource, self.resources[planned.emitted[0]])
            for extra in planned.emitted[1:]:
                if resource.condition:
                    self.resources[extra].setdefault("condition", resource.condition)

    def _report_untranslated(self, name: str, planned: Planned) -> None:
        resource = self.template.resources[name]
        type_gap = planned.type_map.type_gap if planned.type_map else None
        if type_gap:
            code, message, hint = map_code(type_gap, "type"), type_gap["message"], type_gap.get("hint", "")
        else:
            code, message = UNSUPPORTED_TYPE, f"{resource.type} has no OpenStack translation"
            hint = "model it by hand with OS:: resources, or leave it on AWS"
        if planned.status is Status.PLACEHOLDER:
            message += "; kept as an OS::Heat::None placeholder"
        self.gap(code, ("Resources", name, "Type"), name, message, hint)


def _resource_order(template: Template) -> list[str]:
    """Dependencies first, so a handler sees what the resources it refers to became.

    Kahn's order in rounds (each round: every resource whose needs came in earlier rounds, in
    source order), computed as each resource's round, one more than its latest need's, so the
    cost is linear in the references. Resources caught in a cycle follow in source order.
    networkx is not needed for this, and importing it would cost more than translating a
    small template.
    """
    from cfnbridge.references import all_references

    names = list(template.resources)
    needs: dict[str, set[str]] = {name: set() for name in names}
    for reference in all_references(template):
        section, source = reference.source
        if section == "Resources" and reference.target in needs and reference.target != source:
            needs[source].add(reference.target)
    rounds = _rounds(needs)
    ordered = sorted((name for name in names if name in rounds), key=rounds.__getitem__)  # stable: source order
    if len(ordered) < len(names):
        _raise_cycle(template)
        ordered.extend(name for name in names if name not in rounds)  # a cycle the graph does not see
    return ordered


def _rounds(needs: dict[str, set[str]]) -> dict[str, int]:
    """Each name's round (0 with no needs), leaving out names that need themselves through a cycle.

    Iterative depth-first, so a long chain of resources cannot exhaust the Python stack.
    """
    rounds: dict[str, int] = {}
    on_path: set[str] = set()
    cyclic: set[str] = set()
    for start in needs:
        if start in rounds or start in cyclic:
            continue
        stack = [(start, iter(needs[start]))]
        on_path.add(start)
        while stack:
            name, pending = stack[-1]
            for need in pending:
                if need in rounds:
                    continue
                if need in on_path or need in cyclic:
                    cyclic.update(on_path)
                    continue
                on_path.add(need)
                stack.append((need, iter(needs[need])))
                break
            else:
                stack.pop()
                on_path.discard(name)
                if name not in cyclic:
                    if any(need not in rounds for need in needs[name]):
                        cyclic.add(name)
                    else:
                        rounds[name] = 1 + max((rounds[need] for need in needs[name]), default=-1)
    return rounds


def _raise_cycle(template: Template) -> None:
    """A template whose resources need each other in a circle cannot be translated."""
    from cfnbridge.graph import build, find_cycles

    cycles = find_cycles(build(template, strict=False))
    if cycles:
        raise cycles[0]
