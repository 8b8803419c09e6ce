"""Stack parameters from the command line and from files, and keeping NoEcho values secret.

Two file formats are accepted, because both are in use: the CloudFormation JSON list that
``aws cloudformation create-stack --parameters file://...`` takes, and a plain
``key: value`` mapping in YAML or JSON. Values are sent as strings, as CloudFormation does.

Secrets are the values of parameters the template marks ``NoEcho``. They are never shown:
every text cfnbridge prints or logs during a deploy passes through a ``Redactor``, and a
log record factory catches what other libraries (botocore's debug log) would log.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cfnbridge.errors import InputError, Location

MASK = "****"
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


class Redactor:
    """Replaces secret values with ``****`` in any text."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Longest first, so that a secret containing another is masked whole.
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    @classmethod
    def for_template(cls, template: Any, params: Mapping[str, str]) -> Redactor:
        """Secrets of ``template``: values given for, or defaulted by, NoEcho parameters."""
        secrets = []
        for name, parameter in template.parameters.items():
            if getattr(parameter, "no_echo", False):
                if name in params:
                    secrets.append(params[name])
                if getattr(parameter, "default", None) is not None:
                    secrets.append(as_parameter_string(parameter.default))
        return cls(secrets)

    def __bool__(self) -> bool:
        return bool(self._secrets)

    def __call__(self, text: str | None) -> str | None:
        if text is None or not self._secrets:
            return text
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text

    def mapping(self, values: Mapping[str, str]) -> dict[str, str]:
        return {k: self(v) or "" for k, v in values.items()}


def no_echo_names(template: Any) -> set[str]:
    """Names of the template's NoEcho parameters."""
    return {n for n, p in template.parameters.items() if getattr(p, "no_echo", False)}


def printable_params(
    params: Mapping[str, str], template: Any, redact: Redactor | None = None
) -> dict[str, str]:
    """Parameters safe to show: NoEcho ones masked, and any secret inside others too."""
    hidden = no_echo_names(template)
    redact = redact or Redactor()
    return {k: MASK if k in hidden else (redact(v) or "") for k, v in params.items()}


@contextmanager
def redacted_logging(redact: Redactor) -> Iterator[None]:
    """While active, no log record anywhere in the process carries a secret.

    A record factory is the one place every record passes, whichever logger made it;
    logger filters would miss child loggers such as ``botocore.endpoint``.
    """
    if not redact:
        yield
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it for logging to report
            return record
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return record

    logging.setLogRecordFactory(factory)
    try:
        yield
    finally:
        logging.setLogRecordFactory(previous)
