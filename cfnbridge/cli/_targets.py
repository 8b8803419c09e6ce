"""Which cloud a command talks to: ``--target``, ``--stack-name`` and the options each
target declares (``cfnbridge.targets.options``), turned into click options.

Nothing here knows a target by name: the options, how they become a target's settings
and how a hint reaches the same cloud again all come from the target classes listed in
``cfnbridge.targets.TARGETS``. A command lists only the options it uses: those that
matter only when a template is sent (``--to``, ``--site``, ``--env`` ...) appear on
``deploy`` and ``plan`` alone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from cfnbridge.errors import InputError
from cfnbridge.targets import TARGET_NAMES, follow_command, target_class
from cfnbridge.targets.options import TargetOption


def _declared(with_template: bool) -> list[TargetOption]:
    """Every target's options, once each, in table order."""
    found: dict[str, TargetOption] = {}
    for name in TARGET_NAMES:
        for option in target_class(name).options:
            if option.template_only and not with_template:
                continue
            found.setdefault(option.flag, option)
    return list(found.values())


def _click_option(option: TargetOption) -> Callable[[Any], Any]:
    kinds: dict[str, dict[str, Any]] = {
        "text": {},
        "flag": {"is_flag": True},
        "file": {"type": click.Path(exists=True, dir_okay=False)},
        "choice": {"type": click.Choice(list(option.choices)), "show_default": True},
    }
    extra = dict(kinds[option.kind])
    if option.default is not None:
        extra["default"] = option.default
    return click.option(option.flag, option.dest, multiple=option.multiple, help=option.help, **extra)


def connection(with_template: bool = False, several: bool = True) -> Callable[[Any], Any]:
    """The options a deploy command shares: which cloud(s), which stack, how to reach them."""
    more = " Repeat for several clouds at once." if several else ""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        options = [
            click.option("--target", "targets", type=click.Choice(list(TARGET_NAMES)), multiple=True,
                         default=(TARGET_NAMES[0],), show_default=True,
                         help="Where: aws, heat (OpenStack Heat API) or heat-cfn (Heat's CloudFormation "
                              f"API).{more}"),
            click.option("--stack-name", required=True, help="Name of the stack."),
            *(_click_option(option) for option in _declared(with_template)),
            click.option("--profile-name", "old_profile_name", hidden=True,
                         help="Deprecated spelling of --profile."),
        ]
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def _warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def pop_connection(kw: dict[str, Any]) -> tuple[tuple[str, ...], dict[str, Any]]:
    """Remove the connection options from ``kw``; return the targets and the raw values."""
    dests = {option.dest for name in TARGET_NAMES for option in target_class(name).options}
    raw = {key: kw.pop(key) for key in [*dests, "old_profile_name"] if key in kw}
    targets = tuple(dict.fromkeys(kw.pop("targets") or TARGET_NAMES[:1]))
    old = raw.pop("old_profile_name", None)
    if old:
        _warn("--profile-name is now --profile")
        raw["aws_profile"] = raw.get("aws_profile") or old
    profile = raw.get("aws_profile")
    translates = any(any(o.dest == "site_profile" for o in target_class(t).options) for t in targets)
    if profile and translates and "site_profile" in raw and not raw["site_profile"] and Path(profile).is_file():
        _warn("--profile now names the AWS profile; pass the site profile as --site")
        raw["site_profile"], raw["aws_profile"] = profile, None
    raw["on_gap"] = _warn
    return targets, raw


def options_for(name: str, raw: dict[str, Any], single: bool) -> dict[str, Any]:
    """The settings of target ``name`` from the command's raw option values."""
    return dict(target_class(name).settings(raw, single))


def single(kw: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """For commands that talk to one cloud: its name and settings."""
    targets, raw = pop_connection(kw)
    if len(targets) != 1:
        raise InputError(f"this command takes one --target, not {len(targets)}")
    return targets[0], options_for(targets[0], raw, single=True)


def resume_hint(stack_name: str, target: str, settings: dict[str, Any]) -> str:
    """The command that follows the stack from here."""
    return follow_command(target, stack_name, settings)
