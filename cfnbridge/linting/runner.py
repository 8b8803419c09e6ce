"""Lint one file, or many in worker processes: load, translate, run the rules, suppress.

Nothing about one file can stop the run: a file that does not load is a located CB1000
finding, a model the translator trips over is a CB1999 finding, and the next file goes on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from cfnbridge.errors import CfnBridgeError, InputError, flatten
from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.files import STDIN, Source
from cfnbridge.linting.registry import INTERNAL_ERROR, PARSE_ERROR, STRUCTURE_ERROR, checking_rules, rule_for_gap
from cfnbridge.linting.rule import LintContext, resource_of

PARALLEL_THRESHOLD = 48  # below this, starting processes costs more than it saves
_TEMPLATE_MARKERS = ("AWSTemplateFormatVersion", "Resources", "HeatTemplateFormatVersion")


@dataclass(frozen=True)
class Options:
    """What every file is linted with; picklable, so workers get the same settings."""

    target: str = "hot"
    profile: str | None = None
    placeholder: bool = False
    ignore: frozenset[str] = frozenset()
    severity: dict[str, str] = field(default_factory=dict)
    include_cfn_lint: bool = False


@dataclass
class FileResult:
    """What linting one file found, and what the readiness summary needs from it."""

    file: str
    diagnostics: list[Diagnostic]
    status: str = "ok"  # ok | unreadable | invalid | skipped
    resources: int = 0
    ready: int = 0
    resource_names: list[str] = field(default_factory=list)
    template_blocked: bool = False


def _is_cloudformation(root: Any) -> bool:
    """A document found in a directory is linted when it is shaped like a CloudFormation template."""
    if not isinstance(root, dict) or "heat_template_version" in root:
        return False
    return any(key in root for key in ("AWSTemplateFormatVersion", "HeatTemplateFormatVersion")) or \
        isinstance(root.get("Resources"), dict)


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
    kept = _suppress(diagnostics, template, options)
    return _result(name, kept, template)


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
        Diagnostic(rule_for_gap(gap.code, gap.severity), gap.severity, gap.message, gap.location.file,
                   gap.location.line, gap.location.column, gap.hint, gap.resource or resource_of(gap.path),
                   tuple(gap.path), gap.code)
        for gap in translation.gaps
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
    """Drop ignored rules (options, template and resource Metadata) and apply severity overrides."""
    template_ignores = _metadata_ignores(template.metadata)
    resource_ignores = {name: _metadata_ignores(resource.metadata) for name, resource in template.resources.items()
                        if resource.metadata is not None}
    gap_lines = {(d.rule_id, d.line) for d in diagnostics if d.gap is not None}
    kept = []
    for diagnostic in diagnostics:
        if diagnostic.gap is None and (diagnostic.rule_id, diagnostic.line) in gap_lines:
            continue  # the translator already reported this hazard at this line
        rule_id = diagnostic.rule_id
        if rule_id in options.ignore or rule_id in template_ignores:
            continue
        if diagnostic.resource is not None and rule_id in resource_ignores.get(diagnostic.resource, ()):
            continue
        override = options.severity.get(rule_id)
        if override is not None and override != diagnostic.severity:
            diagnostic = _with_severity(diagnostic, override)
        kept.append(diagnostic)
    kept.sort(key=Diagnostic.sort_key)
    return kept


def _metadata_ignores(metadata: Any) -> frozenset[str]:
    """``Metadata: {cfnbridge: {ignore: [CB3001, ...]}}`` (a comma-separated string works too)."""
    if not isinstance(metadata, dict):
        return frozenset()
    section = metadata.get("cfnbridge")
    ignore = section.get("ignore") if isinstance(section, dict) else None
    if isinstance(ignore, str):
        ignore = ignore.split(",")
    if not isinstance(ignore, list):
        return frozenset()
    return frozenset(str(item).strip() for item in ignore)


def _with_severity(diagnostic: Diagnostic, severity: str) -> Diagnostic:
    from dataclasses import replace

    return replace(diagnostic, severity=severity)


def _result(name: str, diagnostics: list[Diagnostic], template: Any) -> FileResult:
    blocked_resources = {d.resource for d in diagnostics if d.gap is not None and d.severity == "error"}
    blocked_template = any(d.severity == "error" and d.resource is None and (d.gap is not None or
                                                                            d.rule_id == INTERNAL_ERROR)
                           for d in diagnostics)
    names = list(template.resources)
    ready = sum(1 for resource in names if resource not in blocked_resources)
    return FileResult(name, diagnostics, "ok", len(names), ready, names, blocked_template)


def lint_sources(sources: list[Source], options: Options, jobs: int = 0, stdin_text: str | None = None
                 ) -> list[FileResult]:
    """Lint every source, in order; many files are spread over ``jobs`` processes (0: all cores)."""
    jobs = jobs or os.cpu_count() or 1
    files = [source for source in sources if source.path != STDIN]
    if jobs < 2 or len(files) < PARALLEL_THRESHOLD:
        return [lint_source(source, options, stdin_text if source.path == STDIN else None) for source in sources]
    # Lint one file here first: imports and caches are then inherited by forked workers.
    done = {id(files[0]): lint_source(files[0], options)}
    for source, result in zip(files[1:], _in_processes(files[1:], options, jobs), strict=True):
        done[id(source)] = result
    return [done[id(source)] if source.path != STDIN else lint_source(source, options, stdin_text)
            for source in sources]


def _in_processes(sources: list[Source], options: Options, jobs: int) -> list[FileResult]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, len(sources) // (jobs * 8))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        return list(pool.map(_lint_in_worker, sources, [options] * len(sources), chunksize=chunk))


def _lint_in_worker(source: Source, options: Options) -> FileResult:
    return lint_source(source, options)
