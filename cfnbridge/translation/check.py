"""``translate --check``: Heat's own validator, offline, on the text cfnbridge writes.

Heat's rules (property names and types, functions per template version, attributes)
live in Heat's code, so the check runs that code (the ``validate`` extra installs
openstack-heat) and reports Heat's words, each at the line of the written output it
names. Heat's validator is necessary, not sufficient: a clean check still leaves the
gap report to read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

INSTALL_HINT = "pip install 'cfnbridge[validate]'"


class CheckUnavailable(RuntimeError):
    """openstack-heat is not installed, so Heat's validator cannot run."""


@dataclass(frozen=True)
class Finding:
    """One of Heat's messages about the written template, and the output line it concerns."""

    message: str
    line: int

    def render(self, filename: str) -> str:
        return f"{filename}:{self.line}: heat: {self.message}"


def check(text: str, files: dict[str, str] | None = None) -> list[Finding]:
    """Heat's messages for the written template ``text`` and the nested templates it uses by
    file name (``files``); empty when Heat accepts them."""
    try:
        from cfnbridge.testing.heat_validator import validate
    except ImportError as exc:  # pragma: no cover - depends on what is installed
        raise CheckUnavailable(f"Heat's validator is not installed ({exc.name}): {INSTALL_HINT}") from exc
    try:
        messages = validate(text, files=files)
    except ImportError as exc:  # heat is imported lazily inside the validator
        raise CheckUnavailable(f"Heat's validator is not installed ({exc.name}): {INSTALL_HINT}") from exc
    return [Finding(message, _line_of(text, message)) for message in messages]


_PATH = re.compile(r"^(?:Property error: )?([A-Za-z_][\w.\[\]:-]*?)(?::|\s)")


def _line_of(text: str, message: str) -> int:
    """The 1-based line of the written text that Heat's message names (``resources.X.properties.y``)."""
    import yaml

    match = _PATH.match(message)
    if not match:
        return 1
    steps = [step for step in re.split(r"\.|\[|\]", match.group(1)) if step]
    unknown = re.search(r"Unknown Property (\S+)", message)
    if unknown:
        steps.append(unknown.group(1))  # Heat names the mapping; the line is the property's own
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return 1
    line = node.start_mark.line + 1 if node is not None else 1
    for step in steps:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((value for key, value in node.value if getattr(key, "value", None) == step), None)
            if child is not None:
                line = next(key for key, value in node.value if value is child).start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and step.isdigit() and int(step) < len(node.value):
            child = node.value[int(step)]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line
