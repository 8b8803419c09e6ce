"""``cfnbridge lint``: pre-flight checks for moving templates to OpenStack Heat."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from cfnbridge.cli._site import site_option, site_profile

if TYPE_CHECKING:
    from collections.abc import Callable

    from cfnbridge.linting import LintRun
    from cfnbridge.linting.summary import Tally
    from cfnbridge.linting.writers import ExitStatus, GithubAnnotations, JsonLines, TextFindings

_FORMATS = ("text", "json", "jsonl", "sarif", "junit", "github")
_LEVELS = ("error", "warning", "info")


class _Jobs(click.ParamType):
    """``auto`` (or 0): worker processes only when they are faster; N: exactly N."""

    name = "auto|N"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) or str(value).strip().isdigit():
            return int(str(value).strip())
        if str(value).strip().lower() == "auto":
            return 0
        self.fail(f"{value!r} is not 'auto' or a number of processes", param, ctx)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--target", type=click.Choice(("hot", "native")), default=None,
              help="hot: OS:: types and HOT (default); native: Heat's CloudFormation dialect.")
@site_option
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="text",
              show_default=True)
@click.option("--fail-on", type=click.Choice(_LEVELS), default=None,
              help="Exit 1 when a finding is at least this severe [default: error].")
@click.option("--ignore", "ignores", multiple=True, metavar="RULE,...",
              help="Rule ids or gap codes to leave out (any case; unknown names are refused).")
@click.option("--select", "selects", multiple=True, metavar="RULE,...",
              help="Report only these rule ids or gap codes.")
@click.option("--min-severity", type=click.Choice(_LEVELS), default=None,
              help="Leave out findings below this severity [default: info, all of them].")
@click.option("--severity", "overrides", multiple=True, metavar="RULE=LEVEL",
              help="Override a rule's severity.")
@click.option("--exclude", "excludes", multiple=True, metavar="GLOB",
              help="Skip matching files in directories.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Lint config [default: the nearest .cfnbridge.yaml].")
@click.option("--no-config", is_flag=True, help="Do not read a .cfnbridge.yaml.")
@click.option("--include-cfn-lint", is_flag=True, help="Merge cfn-lint's findings (needs cfn-lint installed).")
@click.option("--placeholder", is_flag=True, help="Translate unsupported resources as OS::Heat::None placeholders.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False),
              help="Write the readiness report to FILE.md or FILE.html.")
@click.option("--summary/--no-summary", "show_summary", default=None,
              help="Print the readiness summary after text output [default: with more than one template].")
@click.option("-j", "--jobs", type=_Jobs(), default="auto", show_default=True,
              help="Worker processes: auto uses them only when the work is big and CPUs are free.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False),
              help="Keep results here; unchanged files are not linted again [default: the user cache directory].")
@click.option("--no-cache", is_flag=True, help="Lint every file, keeping nothing.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the findings to this file.")
@click.option("--base-dir", type=click.Path(file_okay=False, exists=True),
              help="SARIF file URIs are relative to this [default: the git root, or the working directory].")
@click.option("--templates-only", is_flag=True,
              help="Skip named files that are not CloudFormation templates (as in directories); for hooks.")
@click.option("--list-rules", is_flag=True, help="List the rules and exit.")
def lint(paths: tuple[str, ...], target: str | None, profile: str | None, fmt: str, fail_on: str | None,
         ignores: tuple[str, ...], selects: tuple[str, ...], min_severity: str | None,
         overrides: tuple[str, ...], excludes: tuple[str, ...], config_path: str | None,
         no_config: bool, include_cfn_lint: bool, placeholder: bool, report_path: str | None,
         show_summary: bool | None, jobs: int, cache_dir: str | None, no_cache: bool, output: str | None,
         base_dir: str | None, templates_only: bool, list_rules: bool) -> int:
    """Lint CloudFormation templates for a move to OpenStack Heat.

    PATHS are files, directories (searched recursively; see .cfnbridgeignore) or - for
    standard input. Each finding prints as file:line:col: SEVERITY RULEID message (hint),
    errors first. Options can be set as CFNBRIDGE_LINT_<OPTION> (CFNBRIDGE_LINT_FORMAT=sarif;
    lists separated by spaces).
    Results are kept in a cache keyed by each file's bytes, the cfnbridge version and
    the rule configuration: an unchanged file is read and hashed, not linted again.
    Exit status: 0 clean, 1 findings at --fail-on or worse, 2 a file that cannot be
    linted or a usage error.
    """
    import time

    from cfnbridge.errors import InputError
    from cfnbridge.linting import find_config, lint_stream, load_config

    if list_rules:
        from cfnbridge.linting.registry import RULE_CLASSES

        click.echo("\n".join(f"{cls.id}  {cls.severity:<7}  {cls.summary}" for cls in RULE_CLASSES))
        return 0
    if not paths:
        raise click.UsageError("give at least one PATH (a file, a directory, or - for standard input)")
    config = None
    if not no_config:
        found = config_path or find_config()
        config = load_config(found) if found else None
    severity = {}
    for item in overrides:
        rule_id, _, level = item.partition("=")
        if level not in _LEVELS:
            raise InputError(f"--severity {item}: use RULE=error|warning|info")
        severity[rule_id.strip()] = level
    stdin_text = None
    if "-" in paths:
        from cfnbridge.sources import read_stdin

        stdin_text = read_stdin(sys.stdin.buffer)
    if not no_cache and cache_dir is None:
        from cfnbridge.linting.cache import default_directory

        cache_dir = str(default_directory())
    verbosity = (click.get_current_context().find_object(dict) or {}).get("verbosity", 0)
    from cfnbridge.gc_pause import hold_to_end

    # The process ends with the run (cli/_exit.py): one template is kept to the exit, many files
    # are each freed after their result and swept (gc_pause.sweep_young).
    hold_to_end(keep_objects=len(paths) == 1 and os.path.isfile(paths[0]))
    started = time.perf_counter()
    run = lint_stream(list(paths), target=target or (config.target if config else None) or "hot",
                      profile=site_profile(profile), ignore=ignores, select=selects, min_severity=min_severity,
                      severity=severity, config=config, exclude=excludes, include_cfn_lint=include_cfn_lint,
                      placeholder=placeholder, jobs=jobs, stdin_text=stdin_text, templates_only=templates_only,
                      cache=None if no_cache else cache_dir)
    fail_on = fail_on or (config.fail_on if config else None) or "error"
    early = len(run.notes)
    for note in run.notes if verbosity >= 0 else ():
        click.echo(note, err=True)
    if show_summary is None:
        show_summary = None if verbosity == 0 else verbosity > 0
    if fmt in ("jsonl", "github", "text") and not report_path:
        status = _stream(run, fmt, output, show_summary)
    else:
        status = _collect(run, fmt, fail_on, base_dir, output, show_summary, report_path)
    for note in run.notes[early:] if verbosity >= 0 else ():
        click.echo(note, err=True)
    if verbosity > 0:
        cache = run.cache
        cached = f"; {cache.hits} file(s) answered from the cache" if cache is not None and cache.hits else ""
        click.echo(f"cfnbridge lint: {status.templates} template(s) linted, {status.skipped} skipped, "
                   f"{status.findings} finding(s) in {time.perf_counter() - started:.2f}s{cached}", err=True)
    return status.code(fail_on)


def _stream(run: LintRun, fmt: str, output: str | None, show_summary: bool | None = None) -> ExitStatus:
    """JSON lines, GitHub annotations and text, each result handed to its writer as it comes and then
    let go. JSON lines are written as each file is done; annotations and text lines wait in bounded
    memory and are written after the last file, when ``-o`` opens its file (a report named among
    the inputs is read before it is replaced)."""
    from contextlib import nullcontext

    from cfnbridge.cli._io import output_file
    from cfnbridge.linting.summary import Tally
    from cfnbridge.linting.writers import ExitStatus, GithubAnnotations, JsonLines, TextFindings

    status, tally = ExitStatus(), Tally(per_template=False)
    if fmt == "jsonl":
        with output_file(output) if output else nullcontext(_echo) as write:
            lines = JsonLines(write)
            _drain(run, status, tally, lines)
            lines.finish(tally.summary())
        return status
    sink = TextFindings() if fmt == "text" else GithubAnnotations()
    try:
        _drain(run, status, tally, sink)
        with output_file(output) if output else nullcontext(_echo) as write:
            if isinstance(sink, TextFindings):
                _write_text(sink, write, status, tally, show_summary, bool(output))
            else:
                text = sink.text()
                if text or output:
                    write(text + "\n")
    finally:
        if isinstance(sink, TextFindings):
            sink.close()  # its temporary files, whatever stopped the run
    return status


def _drain(run: LintRun, status: ExitStatus, tally: Tally, sink: JsonLines | GithubAnnotations | TextFindings) -> None:
    for result in run.files:
        status.add(result)
        tally.add(result)
        sink.add(result)
    run.finish()


def _write_text(sink: TextFindings, write: Callable[[str], None], status: ExitStatus, tally: Tally,
                show_summary: bool | None, to_file: bool) -> None:
    """The findings' lines, then the summary when shown (by default for more than one template)."""
    sink.write(write)
    if show_summary is None:
        show_summary = status.templates > 1
    if show_summary:
        from cfnbridge.linting.summary import summary_text

        write(("\n" if sink.count else "") + summary_text(tally.summary()) + "\n")
    elif not sink.count and to_file:
        write("\n")  # an empty report is one empty line, as every format writes it


def _collect(run: LintRun, fmt: str, fail_on: str, base_dir: str | None, output: str | None,
             show_summary: bool | None, report_path: str | None) -> ExitStatus:
    """Formats that need every finding first: the per-file results are kept, then written."""
    from cfnbridge.linting import LintResult
    from cfnbridge.linting.formats import format_result
    from cfnbridge.linting.writers import ExitStatus

    status = ExitStatus()
    files = []
    for result in run.files:
        status.add(result)
        files.append(result)
    run.finish()
    result = LintResult(files, run.target, run.notes)
    text = format_result(result, fmt, fail_on, base_dir)
    if show_summary is None:
        show_summary = status.templates > 1  # counted: the summary is built only when printed
    if fmt == "text" and show_summary:
        from cfnbridge.linting.summary import summary_text

        text = (text + "\n\n" if text else "") + summary_text(result.summary)
    if output:
        from cfnbridge.cli._io import write_output

        write_output(output, text + "\n")
    elif text:
        click.echo(text)
    if report_path:
        from cfnbridge.linting.report import write_report

        write_report(result, report_path)
    return status


def _echo(text: str) -> None:
    click.echo(text, nl=False)
