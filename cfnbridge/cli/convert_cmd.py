"""``cfnbridge convert``: a template between JSON and YAML (short tags), checked on the way.

The template is read with cfnbridge's strict loader (duplicate keys, unknown tags and bad
input are located errors), then written as plain JSON, or as YAML by cfn-flip's dumper
(CloudFormation's layout: indented lists, short-form tags) with cfnbridge's own choice of
which mappings become tags. That choice is made from cfnbridge's function table, so every
shape the loader accepts is written, and read back as the same template:
``!GetAtt [A, !Ref P]`` stays a list (cfn-flip's own writer fails on it), a ``Condition``
key holding a mapping (an IAM statement) stays a key, and an unknown ``Fn::`` name or a
``Fn::ForEach::`` loop stays in long form instead of becoming a tag nothing can read.
No value is rewritten on the way (cfn-flip's literal pass, which turns some properties
into JSON strings, is not used).
"""

from __future__ import annotations

from typing import Any

import click

from cfnbridge.cli._exit import collector_held
from cfnbridge.exit_codes import ExitCode


@click.command()
@click.argument("template", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--to", "to", type=click.Choice(["yaml", "json"]), required=True, help="Output format.")
@click.option("--long-form", is_flag=True, help="YAML with Fn:: keys instead of short tags.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write here instead of standard output.")
@collector_held
def convert(template: str, to: str, long_form: bool, output: str | None) -> int:
    """Convert TEMPLATE (a file, or - for standard input) to YAML or JSON."""
    import json

    from cfnbridge.cli._io import read_template_arg, write_output
    from cfnbridge.gc_pause import keep
    from cfnbridge.nodes import to_plain

    loaded = read_template_arg(template)
    data = to_plain(loaded.as_written if loaded.as_written is not None else loaded.root)
    # the loader refuses .inf/.nan, so allow_nan=False only guards the promise of valid JSON
    text = to_yaml(data, long_form=long_form) if to == "yaml" else json.dumps(data, indent=2, allow_nan=False)
    if not text.endswith("\n"):
        text += "\n"
    keep(loaded, data, text)  # freed by the process's end, not one object at a time
    if output:
        write_output(output, text)
    else:
        click.echo(text, nl=False)
    return ExitCode.OK


def to_yaml(data: Any, *, long_form: bool = False) -> str:
    """CloudFormation YAML for plain template data, keys in their written order."""
    import yaml

    return yaml.dump(data, Dumper=_dumper(long_form), default_flow_style=False, allow_unicode=True,
                     sort_keys=False, width=_width())


def _width() -> int:
    from cfn_tools._config import config

    return int(config.max_col_width)


def _dumper(long_form: bool) -> type:
    from cfn_flip.yaml_dumper import Dumper, LongDumper

    base = LongDumper if long_form else Dumper
    name = "LongTemplateDumper" if long_form else "TemplateDumper"
    cls = type(name, (base,), {})
    cls.add_representer(dict, _represent_mapping if not long_form else _represent_plain_mapping)
    return cls


_MAP = "tag:yaml.org,2002:map"


def _represent_plain_mapping(dumper: Any, value: dict[str, Any]) -> Any:
    return dumper.represent_mapping(_MAP, value, flow_style=False)


def _represent_mapping(dumper: Any, value: dict[str, Any]) -> Any:
    """A one-key mapping naming a function with a short tag becomes that tag; anything else stays a mapping."""
    if len(value) == 1:
        ((key, args),) = value.items()
        tag = _short_tag(key, args)
        if tag == "!GetAtt" and isinstance(args, list) and all(isinstance(part, str) for part in args):
            args = ".".join(args)  # the dotted form; the loader splits it at the first dot again
        if tag is not None:
            if isinstance(args, list):
                return dumper.represent_sequence(tag, args)
            if isinstance(args, dict):
                return dumper.represent_mapping(tag, args)
            return dumper.represent_scalar(tag, args)
    return dumper.represent_mapping(_MAP, value, flow_style=False)


def _short_tag(key: str, args: Any) -> str | None:
    """The tag ``{key: args}`` is written with, when the loader reads that tag back as the same function."""
    from cfnbridge.intrinsics import FUNCTIONS

    cls = FUNCTIONS.get(key)
    if cls is None or cls.short_tag is None:
        return None
    if key == "Condition" and not isinstance(args, str):
        return None  # a property named Condition (IAM statements), not the function
    if not isinstance(args, str | list | dict):
        return None  # a number, boolean or null argument keeps the long form, which holds its type
    return cls.short_tag
