"""Keeping NoEcho values secret in everything a deploy command shows, logs or writes.

A secret is any value of a parameter the template marks ``NoEcho`` (HOT: ``hidden``),
wherever it was given: a default, ``--param``, a parameters file, a Heat environment
file. A parameter the deployed template marks NoEcho counts, even when the template at
hand does not say so. An output whose value refers to a NoEcho parameter is masked
whole, because a later ``outputs`` cannot know the value the cloud stored; so is an SDK's
log of an answer that may hold such a value (a template with NoEcho defaults).

Everything a command prints, logs or raises passes one ``Redactor``: text through
``__call__``, outputs through ``outputs``, log records through ``redacted_logging`` (a
record factory, the one place every record of every library passes) and exceptions,
their chained causes included, through ``scrub``. Files that may hold outputs are
written by ``write_private`` (mode 0600).
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

MASK = "****"
CLOUD_MASKS = frozenset({"****", "******"})
"""How AWS (and moto) and Heat report the value of a NoEcho parameter."""
_SUB_NAME = re.compile(r"\$\{([A-Za-z0-9_:.]+)\}")
_VALUE_FOR = re.compile(r"(Value\s*[('\"])(.*?)([)'\"]\s*for parameter\s+'?)([A-Za-z0-9]+)")
_PAIRS = (  # a parameter's value next to its name, as the SDKs log request and response bodies
    re.compile(r"(<ParameterKey>([A-Za-z0-9]+)</ParameterKey>\s*<ParameterValue>)([^<]*)"),
    re.compile(r'("ParameterKey":\s*"([A-Za-z0-9]+)",\s*"ParameterValue":\s*")([^"]*)'),
)
_SECRET_TEMPLATE = re.compile(r"(NoEcho|hidden)\W{1,8}true", re.IGNORECASE)


class Redactor:
    """Replaces secret values with ``****`` in any text; masks outputs that show a secret.

    It grows as secrets are learnt (from the cloud, in another thread), so one instance
    can be handed out before the deploy starts.
    """

    def __init__(self, secrets: Iterable[str] = (), hidden_outputs: Iterable[str] = (),
                 no_echo: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._secrets: list[str] = []
        self.hidden_outputs: set[str] = set()
        self.no_echo: set[str] = set()
        self.add(secrets, hidden_outputs, no_echo)

    def add(self, secrets: Iterable[str] = (), hidden_outputs: Iterable[str] = (),
            no_echo: Iterable[str] = ()) -> None:
        """Learn more secret values, output names to mask whole, NoEcho parameter names."""
        with self._lock:
            # Longest first, so that a secret containing another is masked whole.
            values = {s for s in self._secrets} | {s for s in secrets if s and s not in CLOUD_MASKS}
            self._secrets = sorted(values, key=len, reverse=True)
            self.hidden_outputs |= set(hidden_outputs)
            self.no_echo |= set(no_echo)

    def learn_values(self, values: Mapping[str, Any]) -> None:
        """Of ``values`` (name -> value, from anywhere), keep those of NoEcho parameters."""
        self.add(str(v) for k, v in values.items() if k in self.no_echo and v is not None)

    @classmethod
    def for_template(cls, template: Any, params: Mapping[str, str]) -> Redactor:
        """Secrets of ``template``: values given for, or defaulted by, NoEcho parameters."""
        from cfnbridge.deploy_params import as_parameter_string

        redactor = cls(no_echo=no_echo_names(template))
        redactor.hidden_outputs |= hidden_outputs(plain(template.root), redactor.no_echo)
        redactor.learn_values(params)
        redactor.add(as_parameter_string(p.default) for n, p in template.parameters.items()
                     if n in redactor.no_echo and p.default is not None)
        return redactor

    def __bool__(self) -> bool:
        return bool(self._secrets or self.hidden_outputs or self.no_echo)

    def __call__(self, text: str | None) -> str | None:
        if text is None:
            return text
        if self.no_echo and "for parameter" in text:  # the cloud quoting a value we never saw
            text = _VALUE_FOR.sub(lambda m: m.group(0) if m.group(4) not in self.no_echo
                                  else f"{m.group(1)}{MASK}{m.group(3)}{m.group(4)}", text)
        if self.no_echo and "ParameterKey" in text:  # a stored value the cloud returns: learnt
            for pattern in _PAIRS:
                self.add(m.group(3) for m in pattern.finditer(text) if m.group(2) in self.no_echo)
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text

    def withholds(self, text: str) -> bool:
        """Whether ``text`` (an SDK's log of a response) may hold a secret not known here:
        it names an output masked whole, or holds a template with NoEcho parameters (and
        maybe their defaults)."""
        return bool(_SECRET_TEMPLATE.search(text)) or any(
            re.search(rf"\b{re.escape(name)}\b", text) for name in self.hidden_outputs)

    def mapping(self, values: Mapping[str, str]) -> dict[str, str]:
        return {k: self(v) or "" for k, v in values.items()}

    def outputs(self, values: Mapping[str, str]) -> dict[str, str]:
        """Outputs safe to show: those fed by a NoEcho parameter masked whole."""
        return {k: MASK if k in self.hidden_outputs else (self(v) or "") for k, v in values.items()}


def no_echo_names(template: Any) -> set[str]:
    """Names of the template's NoEcho parameters."""
    return {n for n, p in template.parameters.items() if getattr(p, "no_echo", False)}


def document_secrets(document: Any) -> tuple[set[str], set[str], set[str]]:
    """NoEcho (or HOT ``hidden``) parameter names of a deployed template, the outputs that
    refer to them, and their defaults: what a later command must mask."""
    from cfnbridge.deploy_params import as_parameter_string

    if not isinstance(document, dict):
        return set(), set(), set()
    parameters = document.get("Parameters") or document.get("parameters") or {}
    secret = {str(n): body for n, body in parameters.items() if isinstance(body, dict)
              and str(body.get("NoEcho", body.get("hidden", "false"))).lower() == "true"}
    defaults = {as_parameter_string(body.get("Default", body.get("default"))) for body in secret.values()
                if body.get("Default", body.get("default")) is not None}
    return set(secret), hidden_outputs(document, set(secret)), defaults


def hidden_outputs(document: Any, no_echo: set[str]) -> set[str]:
    """Outputs of ``document`` (plain data) whose value refers to a NoEcho parameter."""
    if not no_echo or not isinstance(document, dict):
        return set()
    outputs = document.get("Outputs") or document.get("outputs") or {}
    return {str(name) for name, body in outputs.items()
            if isinstance(body, dict) and _refers(body.get("Value", body.get("value")), no_echo)}


def _refers(value: Any, names: set[str]) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, inner in item.items():
                head = inner[0] if isinstance(inner, list) and inner else inner
                if key in ("Ref", "get_param") and isinstance(head, str) and head in names:
                    return True
                if key == "Fn::Sub" and isinstance(head, str) and set(_SUB_NAME.findall(head)) & names:
                    return True
                stack.append(inner)
        elif isinstance(item, list):
            stack.extend(item)
    return False


def plain(value: Any) -> Any:
    """A loaded (located, intrinsic-object) tree as plain long-form data."""
    from cfnbridge.intrinsics import Intrinsic

    if isinstance(value, Intrinsic):
        return value.long_form(plain)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def printable_params(params: Mapping[str, str], template: Any,
                     redact: Redactor | None = None) -> dict[str, str]:
    """Parameters safe to show: NoEcho ones masked, and any secret inside others too."""
    hidden = no_echo_names(template)
    redact = redact or Redactor()
    return {k: MASK if k in hidden else (redact(v) or "") for k, v in params.items()}


class RedactedError(Exception):
    """Stands in, in a chain of exceptions, for one whose text held a secret."""


def scrub(error: BaseException, redact: Redactor) -> None:
    """Remove secrets from ``error`` and every exception chained to it, in place, so that
    even a ``--debug`` traceback shows none. An exception whose text cannot be cleaned
    in place is replaced in the chain by a ``RedactedError`` with its cleaned text."""
    if not redact:
        return
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        _clean(current, redact)
        for link in ("__cause__", "__context__"):
            inner = getattr(current, link)
            if inner is not None and not _clean(inner, redact):
                stand_in = RedactedError(f"{type(inner).__name__}: {redact(_text(inner))}")
                stand_in.__traceback__ = inner.__traceback__
                stand_in.__cause__, stand_in.__context__ = inner.__cause__, inner.__context__
                setattr(current, link, stand_in)
        current = current.__cause__ or current.__context__


def _text(error: BaseException) -> str:
    try:
        return str(error)
    except Exception:  # a broken __str__ shows nothing rather than failing the report
        return ""


def _clean(error: BaseException, redact: Redactor) -> bool:
    """Clean ``error``'s args and message attributes; whether its text is now clean."""
    before = _text(error)
    if redact(before) == before:
        return True
    try:
        error.args = tuple(redact(a) if isinstance(a, str) else a for a in error.args)
        for attribute in ("message", "details", "msg", "reason"):
            value = getattr(error, attribute, None)
            if isinstance(value, str):
                setattr(error, attribute, redact(value))
    except (AttributeError, TypeError):
        return False
    after = _text(error)
    return redact(after) == after


@contextmanager
def redacted_logging(redact: Redactor) -> Iterator[None]:
    """While active, no log record anywhere in the process carries a secret.

    Known values are masked; an SDK's record that names an output fed by a NoEcho
    parameter (a response body, whose value cfnbridge cannot know) is withheld whole.
    A record factory is the one place every record passes, whichever logger made it;
    logger filters would miss child loggers such as ``botocore.endpoint``.
    """
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it for logging to report
            return record
        cleaned = redact(message) or ""
        if record.name.split(".")[0] != "cfnbridge" and redact.withholds(cleaned):
            cleaned = f"[{len(message)} characters withheld: they name an output fed by a NoEcho parameter]"
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None:
            scrub(record.exc_info[1], redact)
            record.exc_text = None
        return record

    logging.setLogRecordFactory(factory)
    try:
        yield
    finally:
        logging.setLogRecordFactory(previous)


def write_private(path: str | Path, text: str) -> None:
    """Write ``text`` readable by its owner only (0600), whatever the umask or an earlier
    file's mode: outputs may hold what another user must not read."""
    path = Path(path)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
