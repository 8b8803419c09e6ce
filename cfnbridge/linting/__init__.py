"""Pre-flight lint for moving CloudFormation templates to OpenStack Heat.

``lint(paths_or_templates, target="hot", profile=None)`` loads each template, translates it,
turns every translation gap into a diagnostic under a stable rule id, runs the rules that
look for semantic hazards and security basics, applies suppressions, and returns a
:class:`LintResult` with the diagnostics and a readiness summary. Bad input never raises:
it becomes a located CB1000/CB1001 finding and the other files go on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from cfnbridge.exit_codes import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK
from cfnbridge.linting.config import Config, find_config, load_config
from cfnbridge.linting.diagnostic import SEVERITIES, Diagnostic
from cfnbridge.linting.files import STDIN, Source, discover
from cfnbridge.linting.portfolio import lint_sources
from cfnbridge.linting.results import PARSE_ERROR, STRUCTURE_ERROR, FileResult, Options
from cfnbridge.linting.selection import normalize, normalize_all

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cfnbridge.linting.cache import ResultCache
    from cfnbridge.linting.summary import Summary

__all__ = ["RULES", "STDIN", "Config", "Diagnostic", "FileResult", "LintResult", "LintRun", "Source", "find_config",
           "lint", "lint_stream", "load_config", "rule_for_gap", "rules_markdown"]


@dataclass
class LintResult:
    """Every file's findings, in input order, and the readiness summary over them."""

    files: list[FileResult]
    target: str = "hot"
    notes: list[str] = field(default_factory=list)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for result in self.files for d in result.diagnostics]

    def ordered(self) -> list[Diagnostic]:
        """Blockers first: errors, then warnings, then infos, each by file, line and column."""
        return sorted(self.diagnostics, key=Diagnostic.severity_key)

    @cached_property
    def summary(self) -> Summary:
        from cfnbridge.linting.summary import summarize

        return summarize(self.files)

    def exit_code(self, fail_on: str = "error") -> int:
        """2 when a file could not be linted at all, 1 for findings at ``fail_on`` or worse, else 0."""
        diagnostics = self.diagnostics
        if any(d.rule_id in (PARSE_ERROR, STRUCTURE_ERROR) for d in diagnostics):
            return EXIT_INPUT
        return EXIT_FINDINGS if any(d.at_least(fail_on) for d in diagnostics) else EXIT_OK


def lint(paths_or_templates: Any, target: str = "hot", profile: str | os.PathLike[str] | None = None, *,
         ignore: tuple[str, ...] | list[str] = (), select: tuple[str, ...] | list[str] = (),
         severity: dict[str, str] | None = None, min_severity: str | None = None,
         config: Config | str | os.PathLike[str] | None = None, exclude: tuple[str, ...] = (),
         include_cfn_lint: bool = False, placeholder: bool = False, jobs: int = 0,
         stdin_text: str | None = None, templates_only: bool = False,
         cache: str | os.PathLike[str] | None = None) -> LintResult:
    """Lint files, directories (walked recursively), ``-`` (``stdin_text``) or loaded Templates.

    Settings from ``config`` (a :class:`Config` or a path to a ``.cfnbridge.yaml``) come first;
    the keyword arguments add to them. ``ignore`` and ``select`` take rule ids and gap codes
    in any case; ``min_severity`` drops findings below that level; ``templates_only`` skips
    named files that are not CloudFormation templates, as directory walks do. ``jobs`` 0
    uses worker processes only when they are faster (N forces N); ``cache`` is a directory
    of results kept between runs (none by default). Raises
    :class:`~cfnbridge.errors.InputError` only for a bad call (a path that does not exist,
    an unknown target, rule id or gap code, a bad config file).
    """
    run = lint_stream(paths_or_templates, target, profile, ignore=ignore, select=select, severity=severity,
                      min_severity=min_severity, config=config, exclude=exclude, include_cfn_lint=include_cfn_lint,
                      placeholder=placeholder, jobs=jobs, stdin_text=stdin_text, templates_only=templates_only,
                      cache=cache)
    files = list(run.files)
    run.finish()
    return LintResult(files, run.target, run.notes)


@dataclass
class LintRun:
    """A lint in progress: ``files`` yields each file's result in input order, as it is ready."""

    files: Iterator[FileResult]
    target: str
    notes: list[str]
    cache: ResultCache | None = None

    def finish(self) -> None:
        """After the last file: bound the cache and say if it could not be written."""
        if self.cache is not None:
            self.cache.prune()
            if self.cache.problem:
                self.notes.append(self.cache.problem)


def lint_stream(paths_or_templates: Any, target: str = "hot", profile: str | os.PathLike[str] | None = None, *,
                ignore: tuple[str, ...] | list[str] = (), select: tuple[str, ...] | list[str] = (),
                severity: dict[str, str] | None = None, min_severity: str | None = None,
                config: Config | str | os.PathLike[str] | None = None, exclude: tuple[str, ...] = (),
                include_cfn_lint: bool = False, placeholder: bool = False, jobs: int = 0,
                stdin_text: str | None = None, templates_only: bool = False,
                cache: str | os.PathLike[str] | None = None) -> LintRun:
    """:func:`lint` as a stream: bad arguments raise here, results come one file at a time."""
    from cfnbridge.errors import InputError

    if config is not None and not isinstance(config, Config):
        config = load_config(config)
    config = config or Config()
    target = target or config.target or "hot"
    if target not in ("hot", "native"):
        raise InputError(f"unknown target {target!r}: use 'hot' or 'native'")
    for level in (*(severity or {}).values(), min_severity):
        if level is not None and level not in SEVERITIES:
            raise InputError(f"unknown severity {level!r}: use error, warning or info")
    overrides = {normalize(rule_id): level for rule_id, level in (severity or {}).items()}
    profile_path = os.fspath(profile) if profile is not None else config.profile
    options = Options(target=target, profile=profile_path, placeholder=placeholder,
                      ignore=config.ignore | normalize_all(ignore, "--ignore"),
                      select=config.select | normalize_all(select, "--select"),
                      severity={**config.severity, **overrides}, include_cfn_lint=include_cfn_lint,
                      min_severity=min_severity or config.min_severity)
    items = paths_or_templates if isinstance(paths_or_templates, list | tuple) else [paths_or_templates]
    paths = [os.fspath(item) for item in items if isinstance(item, str | os.PathLike)]
    templates = [item for item in items if not isinstance(item, str | os.PathLike)]  # loaded Templates
    notes = []
    if include_cfn_lint:
        from cfnbridge.linting.cfn_lint import availability

        note = availability()
        if note:
            notes.append(note)
            options = Options(**{**options.__dict__, "include_cfn_lint": False})
    if profile_path is not None:
        from cfnbridge.linting.runner import _profile

        _profile(profile_path)  # a bad profile is an input error for the whole run, raised here
    sources: list[Source] = []
    if paths:
        sources = discover(paths, config.exclude + tuple(exclude))
        if templates_only:  # a hook is handed every YAML file; only templates are its business
            sources = [Source(source.path, False) if source.path != STDIN else source for source in sources]
        notes.extend(f"{source.path}: skipped: {source.skip}" for source in sources if source.skip)
    results = None
    if cache is not None and not options.include_cfn_lint:
        from cfnbridge.linting.cache import ResultCache

        results = ResultCache(cache, options)

    def files() -> Iterator[FileResult]:
        if templates:
            from cfnbridge.linting.runner import lint_template
        for template in templates:
            yield lint_template(template, options)
        if sources:
            yield from lint_sources(sources, options, jobs, stdin_text, results)

    return LintRun(files(), target, notes, results)


def __getattr__(name: str) -> Any:
    """The rule table and the per-template entry point, imported when first asked for."""
    if name in ("RULES", "rule_for_gap"):
        from cfnbridge.linting import registry

        return getattr(registry, name)
    if name == "lint_template":
        from cfnbridge.linting.runner import lint_template

        return lint_template
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def rules_markdown() -> str:
    """docs/rules.md, generated from the rules themselves."""
    from cfnbridge.linting.docs import rules_markdown as render

    return render()

