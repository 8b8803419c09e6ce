"""``cfnbridge convert``: a template between JSON and YAML (short tags), checked on the way.

The template is read with cfnbridge's strict loader (duplicate keys, unknown tags and bad
input are located errors), then written by cfn-flip's dumpers, which know how
CloudFormation YAML is written (short-form tags, readable literal blocks).
"""

from __future__ import annotations

import click


@click.command()
@click.argument("template", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--to", "to", type=click.Choice(["yaml", "json"]), required=True, help="Output format.")
@click.option("--long-form", is_flag=True, help="YAML with Fn:: keys instead of short tags.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write here instead of standard output.")
def convert(template: str, to: str, long_form: bool, output: str | None) -> int:
    """Convert TEMPLATE (a file, or - for standard input) to YAML or JSON."""
    import json

    import cfn_flip

    from cfnbridge.cli._io import read_template_arg
    from cfnbridge.nodes import to_plain

    data = json.dumps(to_plain(read_template_arg(template).root), indent=2)
    # cfn-flip reads JSON with the json module (its slow path is YAML input, not used here)
    text = cfn_flip.to_yaml(data, long_form=long_form) if to == "yaml" else data
    if not text.endswith("\n"):
        text += "\n"
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        click.echo(text, nl=False)
    return 0
