"""Which findings a run keeps: ``--ignore`` / ``--select`` names, checked and normalized.

A name is a rule id (``CB3001``, any case), a translation gap code (``export``, any
case), or a cfn-lint rule id (``E3012``, meaningful with ``--include-cfn-lint``). An
unknown name is an input error that names the nearest known ones: a typo in an ignore
list would otherwise silently ignore nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from cfnbridge.errors import InputError

_CFN_LINT_ID = re.compile(r"^[EWI]\d{4}$")


@cache
def known_gap_codes() -> frozenset[str]:
    """Every gap code the translator's code declares (cfnbridge/gap_codes.py) or a resource map declares."""
    from cfnbridge.gap_codes import RULE_OF
    from cfnbridge.linting.registry import _map_declared_gaps

    return frozenset(RULE_OF) | frozenset(_map_declared_gaps())


def normalize(name: str) -> str:
    """The canonical spelling of one name, or an :class:`InputError` naming the nearest known ones."""
    from cfnbridge.linting.registry import RULES

    text = name.strip()
    upper = text.upper()
    if upper in RULES or _CFN_LINT_ID.match(upper):
        return upper
    lower = text.lower()
    if lower in known_gap_codes():
        return lower
    candidates = [*RULES, *sorted(known_gap_codes())]
    probe = upper if upper.startswith("CB") else lower
    import difflib

    nearest = difflib.get_close_matches(probe, candidates, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(nearest)}?" if nearest else "; see cfnbridge lint --list-rules"
    raise InputError(f"unknown rule id or gap code {text!r}{hint}")


def normalize_all(names: Iterable[str], option: str = "--ignore") -> frozenset[str]:
    """Split comma lists, drop blanks and normalize every name (errors name ``option``)."""
    found = set()
    for item in [names] if isinstance(names, str) else names:
        for part in str(item).split(","):
            if not part.strip():
                continue
            try:
                found.add(normalize(part))
            except InputError as exc:
                raise InputError(f"{option}: {exc.message}") from None
    return frozenset(found)


def matches(names: frozenset[str], rule_id: str, gap: str | None) -> bool:
    """Whether a finding of ``rule_id`` (from gap code ``gap``) is named in ``names``."""
    return rule_id in names or (gap is not None and gap in names)
