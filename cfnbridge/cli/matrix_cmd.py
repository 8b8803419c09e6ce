"""``cfnbridge matrix``: print or write the compatibility matrix generated from resource_maps."""

from __future__ import annotations

import click

from cfnbridge.exit_codes import ExitCode


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file (e.g. docs/compatibility.md) instead of standard output.")
def matrix(output: str | None) -> int:
    """Show, for each AWS type, its HOT target, native support in Heat and its gaps (Markdown)."""
    from cfnbridge.translation.matrix import render

    text = render()
    if output:
        from cfnbridge.cli._io import write_output

        write_output(output, text)
    else:
        click.echo(text, nl=False)
    return ExitCode.OK
