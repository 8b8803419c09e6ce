"""``cfnbridge graph``: show a template's resource dependencies and deploy waves."""

from __future__ import annotations

import click

from cfnbridge.cli._exit import collector_held
from cfnbridge.exit_codes import ExitCode

FORMATS = ("text", "json", "dot", "mermaid")


@click.command()
@click.argument("template", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: deploy waves; json: nodes, edges, waves; dot/mermaid: a drawing.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of standard output.")
@collector_held
def graph(template: str, fmt: str, output: str | None) -> int:
    """Build the dependency graph of TEMPLATE (a file, or - for standard input).

    Undefined references and dependency cycles are errors, each printed as
    file:line:col, and exit with status 2.
    """
    import cfnbridge
    from cfnbridge.cli._io import read_template_arg, write_output
    from cfnbridge.gc_pause import keep

    dependency_graph = cfnbridge.build_graph(read_template_arg(template))
    text = {"text": dependency_graph.to_text, "json": dependency_graph.to_json,
            "dot": dependency_graph.to_dot, "mermaid": dependency_graph.to_mermaid}[fmt]()
    keep(dependency_graph, text)  # freed by the process's end, not one object at a time
    if output:
        write_output(output, text + "\n")
    else:
        click.echo(text)
    return ExitCode.OK
