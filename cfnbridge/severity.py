"""How bad a finding is: one scale for translation gaps and lint diagnostics.

``Severity`` is a ``StrEnum``, so a severity compares equal to its name (``"error"``) and is
written as that name in JSON, SARIF and text; ``rank`` orders them for ``--fail-on``.
"""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """info: harmless; warning: deploys but means something different; error: will not deploy or is unsafe."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def at_least(self, other: str) -> bool:
        return _RANK[self] >= _RANK[Severity(other)]


SEVERITIES: tuple[str, ...] = tuple(s.value for s in Severity)
_RANK = {severity: rank for rank, severity in enumerate(Severity)}


def rank(severity: str) -> int:
    """The order of a severity given by name: info < warning < error (``ValueError`` for another name)."""
    try:
        return _RANK[severity]  # a name hashes as its member: no enum call on the hot path
    except KeyError:
        return _RANK[Severity(severity)]
