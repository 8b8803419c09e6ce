"""``.cfnbridge.yaml``: project-wide lint settings, found in the current directory or above.

    ignore: [CB3001, export]       # rule ids or gap codes never reported (any case)
    select: [CB0001]               # report only these rule ids or gap codes
    severity: {CB3104: error}      # severity overrides per rule id
    profile: site-profile.yaml     # site profile (relative to this file)
    target: hot                    # hot | native
    fail-on: warning               # error | warning | info
    exclude: ["build/**"]          # globs skipped when walking directories

Every mistake in the file is an input error located at its line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cfnbridge.errors import InputError
from cfnbridge.linting.diagnostic import SEVERITIES

CONFIG_NAME = ".cfnbridge.yaml"
_KEYS = ("ignore", "select", "severity", "profile", "target", "fail-on", "min-severity", "exclude")


@dataclass(frozen=True)
class Config:
    """Settings from a config file; every field has a neutral default."""

    ignore: frozenset[str] = frozenset()
    select: frozenset[str] = frozenset()
    severity: dict[str, str] = field(default_factory=dict)
    profile: str | None = None
    target: str | None = None
    fail_on: str | None = None
    min_severity: str | None = None
    exclude: tuple[str, ...] = ()
    path: str | None = None


def find_config(start: str | os.PathLike[str] = ".") -> Path | None:
    """The nearest ``.cfnbridge.yaml`` in ``start`` or one of its parents."""
    here = Path(start).resolve()
    for directory in (here, *here.parents):
        candidate = directory / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read and check a config file; errors are located :class:`InputError` s."""
    from cfnbridge.template import load_data

    data, where = load_data(path)
    if data is None:
        return Config(path=os.fspath(path))
    if not isinstance(data, dict):
        raise InputError("the lint config must be a mapping", where(()))
    for key in data:
        if key not in _KEYS:
            raise InputError(f"unknown lint config key {key!r}; use {', '.join(_KEYS)}", where((key,)))
    ignore = _id_list(data.get("ignore", []), where, ("ignore",))
    select = _id_list(data.get("select", []), where, ("select",))
    severity = data.get("severity", {}) or {}
    if not isinstance(severity, dict):
        raise InputError("severity must map rule ids to error, warning or info", where(("severity",)))
    levels = {}
    for rule_id, level in severity.items():
        if level not in SEVERITIES:
            raise InputError(f"severity of {rule_id} must be error, warning or info", where(("severity", rule_id)))
        levels[_check_id(str(rule_id), where, ("severity", rule_id))] = level
    profile = data.get("profile")
    if profile is not None:
        profile = os.path.join(os.path.dirname(os.path.abspath(path)), str(profile))
    target = data.get("target")
    if target not in (None, "hot", "native"):
        raise InputError("target must be hot or native", where(("target",)))
    fail_on = data.get("fail-on")
    if fail_on not in (None, *SEVERITIES):
        raise InputError("fail-on must be error, warning or info", where(("fail-on",)))
    min_severity = data.get("min-severity")
    if min_severity not in (None, *SEVERITIES):
        raise InputError("min-severity must be error, warning or info", where(("min-severity",)))
    exclude = data.get("exclude", []) or []
    if not isinstance(exclude, list) or not all(isinstance(item, str) for item in exclude):
        raise InputError("exclude must be a list of globs", where(("exclude",)))
    return Config(frozenset(ignore), frozenset(select), levels, profile, target, fail_on, min_severity,
                  tuple(exclude), os.fspath(path))


def _id_list(value: Any, where: Any, path: tuple[Any, ...]) -> list[str]:
    if isinstance(value, str):
        value = [item.strip() for item in value.split(",") if item.strip()]
    if not isinstance(value, list):
        raise InputError(f"{path[0]} must be a list of rule ids or gap codes", where(path))
    return [_check_id(str(item), where, (*path, index)) for index, item in enumerate(value)]


def _check_id(rule_id: str, where: Any, path: tuple[Any, ...]) -> str:
    """The normalized id or gap code; an unknown one is an error at its line (a typo would ignore nothing)."""
    from cfnbridge.linting.selection import normalize

    try:
        return normalize(rule_id)
    except InputError as exc:
        raise InputError(exc.message, where(path)) from None
