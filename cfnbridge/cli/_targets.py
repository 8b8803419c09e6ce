"""Which cloud a command talks to: the shared ``--target`` options and, for each target,
the connection options its ``make_target`` takes.

AWS is reached through boto3's usual chain (``--region``, ``--profile-name``,
``--endpoint-url``); Heat through openstacksdk's (``--cloud``, clouds.yaml, ``OS_*``) with
the translation options (``--to``, ``--profile``, ``--env``, ``--allow-gaps``); Heat's
CloudFormation API through boto3 at ``--heat-cfn-url``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from cfnbridge.errors import InputError
from cfnbridge.targets import TARGET_NAMES


def connection(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options every deploy command shares: which cloud(s), which stack, how to reach them."""
    options = [
        click.option("--target", "targets", type=click.Choice(list(TARGET_NAMES)), multiple=True,
                     default=("aws",), show_default=True,
                     help="Where to deploy: aws, heat (OpenStack Heat API) or heat-cfn (Heat's "
                          "CloudFormation API). Repeat for several clouds at once (deploy, outputs, delete)."),
        click.option("--stack-name", required=True, help="Name of the stack."),
        click.option("--region", help="AWS region (default: from the boto3 configuration)."),
        click.option("--profile-name", help="AWS profile from ~/.aws/config."),
        click.option("--endpoint-url", help="Talk to this endpoint instead of AWS."),
        click.option("--cloud", help="OpenStack cloud from clouds.yaml (default: OS_CLOUD / OS_* variables)."),
        click.option("--to", "to", type=click.Choice(["hot", "native"]), default="hot", show_default=True,
                     help="Heat: translate to HOT, or to Heat's CloudFormation dialect."),
        click.option("--profile", "site_profile", type=click.Path(exists=True, dir_okay=False),
                     help="Heat: site profile (images, flavors, networks) for the translation."),
        click.option("--env", "env_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                     help="Heat: environment file; repeatable, later ones win."),
        click.option("--allow-gaps", is_flag=True,
                     help="Heat: deploy despite error-level translation gaps, with placeholders."),
        click.option("--heat-cfn-url", help="heat-cfn: the heat-api-cfn endpoint (http://HOST:8000/v1/)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def pop_connection(kw: dict[str, Any]) -> tuple[tuple[str, ...], dict[str, Any]]:
    """Remove the connection options from ``kw``; return the targets and the raw options."""
    keys = ("region", "profile_name", "endpoint_url", "cloud", "to", "site_profile", "env_files",
            "allow_gaps", "heat_cfn_url", "s3_bucket")
    raw = {key: kw.pop(key) for key in keys if key in kw}
    targets = tuple(dict.fromkeys(kw.pop("targets") or ("aws",)))
    return targets, raw


def options_for(name: str, raw: dict[str, Any], single: bool) -> dict[str, Any]:
    """The ``make_target`` options of target ``name`` from the command's raw options."""
    if name == "aws":
        options = {k: raw.get(k) for k in ("region", "profile_name", "endpoint_url")}
        if "s3_bucket" in raw:
            options["s3_bucket"] = raw["s3_bucket"]
        return options
    translation = {"profile": raw.get("site_profile"), "allow_gaps": bool(raw.get("allow_gaps")),
                   "on_gap": _warn}
    if name == "heat":
        return {"cloud": raw.get("cloud"), "to": raw.get("to") or "hot",
                "environment_files": tuple(raw.get("env_files") or ()), **translation}
    if name == "heat-cfn":
        endpoint = raw.get("heat_cfn_url") or (raw.get("endpoint_url") if single else None)
        return {"endpoint_url": endpoint, "region": raw.get("region") if single else None,
                "profile_name": raw.get("profile_name"), **translation}
    raise InputError(f"unknown target {name!r}")


def single(kw: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """For commands that talk to one cloud: its name and options."""
    targets, raw = pop_connection(kw)
    if len(targets) != 1:
        raise InputError(f"this command takes one --target, not {len(targets)}")
    return targets[0], options_for(targets[0], raw, single=True)


def resume_hint(stack_name: str, target: str, options: dict[str, Any]) -> str:
    """The command that follows the stack from here."""
    flags = [("region", "region"), ("endpoint_url", "endpoint-url"), ("profile_name", "profile-name"),
             ("cloud", "cloud")]
    extra = "".join(f" --{flag} {options[key]}" for key, flag in flags if options.get(key))
    if target == "heat-cfn" and options.get("endpoint_url"):
        extra = f" --heat-cfn-url {options['endpoint_url']}"
    chosen = "" if target == "aws" else f" --target {target}"
    return f"cfnbridge status{chosen} --stack-name {stack_name}{extra}"
