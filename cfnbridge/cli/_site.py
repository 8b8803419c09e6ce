"""``--site FILE``: the site profile option of translate and lint, and its old ``--profile`` spelling.

``--profile`` now names the AWS profile (as in the aws CLI) on the deploy commands; translate and
lint still accept it for the site profile, with a note, so existing scripts keep working.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

_ALIAS = "site-profile-alias"


def site_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--site`` (the ``profile`` argument) and the hidden ``--profile`` alias to a command."""
    def remember(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
        if value is not None:
            click.echo("warning: --profile is now --site (the old spelling still works)", err=True)
            ctx.meta[_ALIAS] = value

    command = click.option("--profile", "old_profile", type=click.Path(exists=True, dir_okay=False), hidden=True,
                           expose_value=False, callback=remember)(command)
    return click.option("--site", "profile", type=click.Path(exists=True, dir_okay=False),
                        help="Site profile (YAML): images, flavors, external network, zones, region.")(command)


def site_profile(given: str | None) -> str | None:
    """The site profile to use: ``--site``, else the old ``--profile`` spelling."""
    return given or click.get_current_context().meta.get(_ALIAS)
