"""Lint one file, or many in worker processes: load, translate, run the rules, suppress.

Nothing about one file can stop the run: a file that does not load is a located CB1000
finding, a model the translator trips over is a CB1999 finding, and the next file goes on.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from cfnbridge.errors import CfnBridgeError, InputError, flatten
from cfnbridge.gc_pause import keep, paused_throughout
from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.files import STDIN, Source
from cfnbridge.linting.registry import INTERNAL_ERROR, PARSE_ERROR, STRUCTURE_ERROR, checking_rules, rule_for_gap
from cfnbridge.linting.results import FileResult, Options
from cfnbridge.linting.rule import LintContext, resource_of
from cfnbridge.linting.rules.nested_depth import reads_local_children
from cfnbridge.linting.selection import matches
from cfnbridge.severity import rank

_TEMPLATE_MARKERS = ("AWSTemplateFormatVersion", "Resources", "HeatTemplateFormatVersion")


def _is_cloudformation(root: Any) -> bool:
    """A document found in a directory is linted when it is shaped like a CloudFormation template."""
    if not isinstance(root, dict) or "heat_template_version" in root:
        return False
    return any(key in root for key in ("AWSTemplateFormatVersion", "HeatTemplateFormatVersion")) or \
        isinstance(root.get("Resources"), dict)


@paused_throughout  # one file's tree, translation and findings, freed by reference counts after it
def lint_source(source: Source, options: Options, text: str | None = None) -> FileResult:
    """Lint one file (or ``text`` read from standard input) and never raise for bad input."""
    from cfnbridge.loader import parse, read_source
    from cfnbridge.template import from_tree

    name = "<stdin>" if source.path == STDIN else source.path
    if source.skip is not None:
        return FileResult(name, [], status="skipped")  # a pipe, device or symlink loop found in a walk
    try:
        if text is None:
            text = read_source(source.path)
        if not source.explicit and not any(marker in text for marker in _TEMPLATE_MARKERS):
            return FileResult(name, [], status="skipped")
        root = parse(text, name)
    except CfnBridgeError as exc:
        return FileResult(name, _errors(PARSE_ERROR, exc, name), status="unreadable")
    except Exception as exc:  # noqa: BLE001 - a loader bug on one file must not stop the others
        return FileResult(name, [Diagnostic(INTERNAL_ERROR, "error", f"could not be loaded: {_describe(exc)}",
                                            name)], status="unreadable")
    if not source.explicit and not _is_cloudformation(root):
        return FileResult(name, [], status="skipped")  # a HOT template, a report, a parameter file …
    try:
        template = from_tree(root, text, name)
    except CfnBridgeError as exc:
        return FileResult(name, _errors(STRUCTURE_ERROR, exc, name), status="invalid")
    return lint_template(template, options)


def lint_template(template: Any, options: Options) -> FileResult:
    """Lint a loaded :class:`~cfnbridge.template.Template`: gaps, rule checks, suppressions."""
    name = template.filename
    diagnostics, translation = _translate(template, options)
    ctx = LintContext(template, translation, options.target)
    for rule in checking_rules(options.target):
        try:
            diagnostics.extend(rule.check(ctx))
        except Exception as exc:  # noqa: BLE001 - one rule's bug must not hide the others' findings
            diagnostics.append(Diagnostic(INTERNAL_ERROR, "error", f"rule {rule.id} failed: {_describe(exc)}",
                                          name))
    if options.include_cfn_lint:
        from cfnbridge.linting.cfn_lint import run_cfn_lint

        diagnostics.extend(run_cfn_lint(template))
    kept = _suppress(supersede(diagnostics, template), template, options)
    result = _result(name, kept, template)
    result.diagnostics = group_repeats(kept)
    result.cacheable = not options.include_cfn_lint and not reads_local_children(template)
    keep(template, translation)  # held to the exit when the run is one template (gc_pause.keep), else freed
    return result


def _translate(template: Any, options: Options) -> tuple[list[Diagnostic], Any]:
    name = template.filename
    try:
        from cfnbridge.translation import translate

        translation = translate(template, to=options.target, profile=_profile(options.profile),
                                placeholder=options.placeholder)
    except InputError as exc:
        return _errors(STRUCTURE_ERROR, exc, name), None
    except Exception as exc:  # noqa: BLE001 - reported as CB1999 with the error, the run goes on
        return [Diagnostic(INTERNAL_ERROR, "error", f"translation failed: {_describe(exc)}", name)], None
    diagnostics = [
        Diagnostic(rule_for_gap(gap.code), gap.severity, gap.message, gap.location.file,
                   gap.location.line, gap.location.column, gap.hint, gap.resource or resource_of(gap.path),
                   tuple(gap.path), gap.code)
        for gap in translation.gaps
        if gap.location.file == name  # a nested template's own gaps are its own file's, linted on their own
    ]
    return diagnostics, translation


@cache
def _profile(path: str | None) -> Any:
    if path is None:
        return None
    from cfnbridge.profile import load_profile

    return load_profile(path)


def _errors(rule_id: str, exc: CfnBridgeError, name: str) -> list[Diagnostic]:
    found = []
    for error in flatten(exc):
        location = error.location
        file = location.file if location else name
        line, column = (location.line, location.column) if location else (1, 1)
        found.append(Diagnostic(rule_id, "error", error.message, file, line, column))
    return found


def _describe(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _suppress(diagnostics: Iterable[Diagnostic], template: Any, options: Options) -> list[Diagnostic]:
    """Drop ignored or unselected rules and gap codes (options, template and resource Metadata),
    apply severity overrides, then drop what is below ``--min-severity``.

    Load and structure errors are never dropped: a file that could not be read was not linted.
    """
    template_ignores = _metadata_ignores(template.metadata)
    resource_ignores = {name: _metadata_ignores(resource.metadata) for name, resource in template.resources.items()
                        if resource.metadata is not None}
    gap_lines = {(d.rule_id, d.line) for d in diagnostics if d.gap is not None}
    floor = rank(options.min_severity) if options.min_severity else 0
    kept = []
    for diagnostic in diagnostics:
        if diagnostic.gap is None and (diagnostic.rule_id, diagnostic.line) in gap_lines:
            continue  # the translator already reported this hazard at this line
        rule_id, gap = diagnostic.rule_id, diagnostic.gap
        if rule_id not in (PARSE_ERROR, STRUCTURE_ERROR):
            if matches(options.ignore, rule_id, gap) or matches(template_ignores, rule_id, gap):
                continue
            if options.select and not matches(options.select, rule_id, gap):
                continue
            if diagnostic.resource is not None and matches(resource_ignores.get(diagnostic.resource, frozenset()),
                                                           rule_id, gap):
                continue
        override = options.severity.get(rule_id, options.severity.get(gap or ""))
        if override is not None and override != diagnostic.severity:
            diagnostic = _with_severity(diagnostic, override)
        if rank(diagnostic.severity) < floor:
            continue
        kept.append(diagnostic)
    kept.sort(key=Diagnostic.sort_key)
    return kept


def supersede(diagnostics: list[Diagnostic], template: Any) -> list[Diagnostic]:
    """Leave out migration advice about what CloudFormation itself refuses (CB0xxx).

    A misspelt type is not a service to model by hand, a misspelt property is not one the
    maps drop, and a reference to a resource of a misspelt type is not one to an omitted
    resource: the typo is the finding.
    """
    invalid = [d for d in diagnostics if d.rule_id.startswith("CB0")]
    if not invalid:
        return diagnostics
    bad_types = {d.resource for d in invalid if d.path[-1:] == ("Type",) and d.resource}
    bad_paths = [d.path for d in invalid if d.path[-1:] != ("Type",)]

    def moot(d: Diagnostic) -> bool:
        if d.gap is None:
            return False
        if d.resource in bad_types or _target_of(template.root, d.path) in bad_types:
            return True
        return any(d.path[:len(path)] == path for path in bad_paths if len(path) > 2)

    return [d for d in diagnostics if not moot(d)]


def _target_of(root: Any, path: tuple[Any, ...]) -> str | None:
    """The resource a Ref or GetAtt at ``path`` names, if that is what stands there."""
    from cfnbridge.intrinsics import GetAtt, Intrinsic, Ref

    node = root
    for step in path:
        if isinstance(node, Intrinsic):
            node = node.args
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    if isinstance(node, Ref):
        return node.target
    return node.resource if isinstance(node, GetAtt) else None


def group_repeats(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """One finding per identical message in a file, listing every place it stands.

    An allow-all network ACL or forty exports say the same thing forty times; the reader
    needs it once, with the lines. ``diagnostics`` are one file's, sorted by place.
    """
    from dataclasses import replace

    groups: dict[tuple[Any, ...], list[Diagnostic]] = {}
    for d in diagnostics:
        groups.setdefault((d.rule_id, d.gap, d.severity, d.message, d.hint, d.source), []).append(d)
    grouped = []
    for items in groups.values():
        first = items[0]
        if len(items) == 1:
            grouped.append(first)
            continue
        places = tuple(dict.fromkeys((d.line, d.column) for d in items))
        resource = first.resource if all(d.resource == first.resource for d in items) else None
        grouped.append(replace(first, places=places, resource=resource) if len(places) > 1 else first)
    grouped.sort(key=Diagnostic.sort_key)
    return grouped


def _metadata_ignores(metadata: Any) -> frozenset[str]:
    """``Metadata: {cfnbridge: {ignore: [CB3001, export, ...]}}`` (a comma-separated string works too)."""
    if not isinstance(metadata, dict):
        return frozenset()
    section = metadata.get("cfnbridge")
    ignore = section.get("ignore") if isinstance(section, dict) else None
    if isinstance(ignore, str):
        ignore = ignore.split(",")
    if not isinstance(ignore, list):
        return frozenset()
    return frozenset(_canonical(str(item)) for item in ignore)


def _canonical(name: str) -> str:
    """Rule ids in upper case, gap codes in lower case (a template's own list is not refused)."""
    from cfnbridge.linting.selection import normalize

    try:
        return normalize(name)
    except InputError:
        return name.strip()


def _with_severity(diagnostic: Diagnostic, severity: str) -> Diagnostic:
    from dataclasses import replace

    return replace(diagnostic, severity=severity)


def _result(name: str, diagnostics: list[Diagnostic], template: Any) -> FileResult:
    blocked_resources = {d.resource for d in diagnostics
                         if (d.gap is not None or d.rule_id.startswith("CB0")) and d.severity == "error"}
    blocked_template = any(d.severity == "error" and d.resource is None and (d.gap is not None or
                                                                            d.rule_id == INTERNAL_ERROR)
                           for d in diagnostics)
    names = list(template.resources)
    ready = sum(1 for resource in names if resource not in blocked_resources)
    return FileResult(name, diagnostics, "ok", len(names), ready, blocked_template)
