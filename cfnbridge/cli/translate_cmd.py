"""``cfnbridge translate``: a CloudFormation template as HOT or Heat's CFN dialect, with its gaps."""

from __future__ import annotations

from pathlib import Path

import click

from cfnbridge.cli._exit import collector_held
from cfnbridge.cli._site import site_option, site_profile
from cfnbridge.errors import InputError
from cfnbridge.exit_codes import ExitCode
from cfnbridge.translation.engine import HOT_VERSIONS


@click.command()
@click.argument("template", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--to", "to", type=click.Choice(["hot", "native"]), default="hot", show_default=True,
              help="hot: OS:: types and HOT functions; native: the CloudFormation dialect Heat runs, "
                   "keeping the AWS types Heat implements.")
@site_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the translated template here instead of standard output.")
@click.option("--files-dir", type=click.Path(file_okay=False),
              help="Write the translated nested templates (type: <child>.yaml) here (default: beside -o).")
@click.option("--gaps", "gaps_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Format of the gap report.")
@click.option("--gaps-out", type=click.Path(dir_okay=False, writable=True),
              help="Write the gap report to this file (default: standard error).")
@click.option("--hot-version", type=click.Choice(HOT_VERSIONS), default="2021-04-16", show_default=True)
@click.option("--placeholder", is_flag=True,
              help="Keep resources with no OpenStack translation as OS::Heat::None, so the rest can deploy.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="error",
              show_default=True, help="Exit 1 when a gap of this severity or worse is found.")
@click.option("--min-severity", type=click.Choice(["info", "warning", "error"]), default="info", show_default=True,
              help="Leave gaps below this severity out of the report (--fail-on still sees them).")
@click.option("--bootstrap", type=click.Choice(["cloud-init", "heat-cfntools"]), default=None,
              help="How servers run cfn-init: cloud-init (stock images; cfn-init and cfn-signal translated; the "
                   "default for hot) or heat-cfntools (images with heat-cfntools; the default for native).")
@click.option("--check", is_flag=True,
              help="Run Heat's own validator offline on the written template (needs the 'validate' extra); "
                   "exit 1 if Heat rejects it.")
@collector_held
def translate(template: str, to: str, profile: str | None, output: str | None, files_dir: str | None,
              gaps_format: str,
              gaps_out: str | None, hot_version: str, placeholder: bool, fail_on: str, min_severity: str,
              bootstrap: str | None, check: bool) -> int:
    """Translate TEMPLATE (a file, or - for standard input) for OpenStack Heat.

    The template goes to standard output (or -o), nested templates from local files beside it
    (or in --files-dir), under the names its resources use as types; the gap report, every place where the
    result would not mean what the AWS template meant, goes to standard error (or
    --gaps-out), errors first. With --check, Heat's own validator reads the written template
    and its messages follow, each at the output line it names.
    """
    from cfnbridge.cli._io import read_template_arg, write_output
    from cfnbridge.gc_pause import keep
    from cfnbridge.translation import translate as run
    from cfnbridge.translation.gaps import report_json, report_text

    result = run(read_template_arg(template), to=to, profile=site_profile(profile), hot_version=hot_version,
                 placeholder=placeholder, bootstrap=bootstrap)
    text = result.to_yaml()
    keep(result, text)  # freed by the process's end, not one object at a time
    directory = files_dir or (str(Path(output).parent) if output else None)
    if result.files and directory is None:
        raise InputError(f"{template}: its nested templates were translated too ({', '.join(result.files)}); "
                         "give -o or --files-dir so they can be written beside the template")
    if output:
        write_output(output, text)
    else:
        click.echo(text, nl=False)
    for name, child in result.files.items():
        write_output(Path(directory or ".") / name, child)
    shown = result.gaps_at_least(min_severity)
    report = report_json(shown) if gaps_format == "json" else report_text(shown)
    if gaps_out:
        write_output(gaps_out, report + "\n")
    else:
        click.echo(report, err=True)
    rejected = _check(text, output or "<stdout>", result.files) if check else False
    if rejected or (fail_on != "never" and result.gaps_at_least(fail_on)):
        return ExitCode.FINDINGS
    return ExitCode.OK


def _check(text: str, name: str, files: dict[str, str]) -> bool:
    """Heat's validator on the written text (and its nested templates); True when Heat rejects it."""
    from cfnbridge.translation.check import CheckUnavailable, check

    try:
        findings = check(text, files)
    except CheckUnavailable as exc:
        raise InputError(f"--check: {exc}") from None
    for finding in findings:
        click.echo(finding.render(name), err=True)
    click.echo(f"heat: {len(findings)} problem(s) in {name}" if findings else f"heat: {name} is valid", err=True)
    return bool(findings)
