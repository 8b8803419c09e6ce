"""Stack parameters from the command line and from files, and keeping NoEcho values secret.

Two file formats are accepted, because both are in use: the CloudFormation JSON list that
``aws cloudformation create-stack --parameters file://...`` takes, and a plain
``key: value`` mapping in YAML or JSON. Values are sent as strings, as CloudFormation does.

Error messages name parameters, never their values, which may be secret (see
``cfnbridge.deploy_secrets``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from cfnbridge.errors import InputError, Location

_NAME = re.compile(r"^[A-Za-z0-9]+$")


def parse_assignments(items: Iterable[str], option: str = "--param") -> dict[str, str]:
    """``["K=V", ...]`` to a dict; the value may contain ``=``. Later items win.

    Error messages name the key and the position, never the value, which may be secret.
    """
    result: dict[str, str] = {}
    for index, item in enumerate(items, start=1):
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InputError(f"{option} #{index}: expected KEY=VALUE")
        result[key] = value
    return result


def load_params_file(path: str | Path) -> dict[str, str]:
    """Read a parameters file: a CloudFormation JSON list or a ``key: value`` mapping."""
    import yaml

    path = Path(path)
    where = Location(str(path), 1, 1)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read parameters file: {error}", where) from error
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = Location(str(path), mark.line + 1, mark.column + 1) if mark else where
        problem = getattr(error, "problem", None) or "not valid YAML or JSON"
        raise InputError(f"parameters file: {problem}", at) from error
    return params_from_data(data, str(path))


def params_from_data(data: Any, source: str = "<parameters>") -> dict[str, str]:
    """Parameters from already-parsed file content (see ``load_params_file``)."""
    where = Location(source, 1, 1)
    if isinstance(data, dict) and set(data) == {"Parameters"}:
        data = data["Parameters"]  # the CodePipeline / `aws cloudformation deploy` wrapper
    if isinstance(data, list):
        result: dict[str, str] = {}
        for index, entry in enumerate(data, start=1):
            if not isinstance(entry, dict) or "ParameterKey" not in entry:
                raise InputError(f"parameters file: entry #{index} has no ParameterKey", where)
            if "ParameterValue" not in entry:
                raise InputError(
                    f"parameters file: entry #{index} ({entry['ParameterKey']}) has no "
                    "ParameterValue",
                    where,
                )
            result[str(entry["ParameterKey"])] = as_parameter_string(entry["ParameterValue"])
        return result
    if isinstance(data, dict):
        return {str(k): as_parameter_string(v) for k, v in data.items()}
    if data is None:
        return {}
    raise InputError(
        "parameters file: expected a list of {ParameterKey, ParameterValue} or a "
        "key: value mapping",
        where,
    )


def check_names(given: Mapping[str, str], declared: Iterable[str]) -> None:
    """Reject parameter names the template does not declare (a typo would be ignored)."""
    declared = list(declared)
    unknown = [k for k in given if k not in declared]
    bad = [k for k in given if not _NAME.match(k)]
    if bad:
        raise InputError(f"invalid parameter name {bad[0]!r}: letters and digits only")
    if unknown:
        known = ", ".join(declared) or "none"
        raise InputError(
            f"the template declares no parameter {unknown[0]!r} (it declares: {known})"
        )


def as_parameter_string(value: Any) -> str:
    """A YAML/JSON scalar or list in CloudFormation's string form (lists comma-joined)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(as_parameter_string(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return str(value)
