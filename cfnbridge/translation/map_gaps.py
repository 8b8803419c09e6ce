"""The gap entries of the resource maps: where each stands, its code, its rule and its severity.

A map entry says how bad its gap is (``severity``) and may name its ``code``; one without a
code takes the code of its place at that severity (``cfnbridge.gap_codes.MAP_DEFAULTS``). A
code the maps declare belongs to the rule of that default, or, when it is a code of
``cfnbridge/gap_codes.py``, to that code's rule. So every code has one severity and one rule,
as the codes written in Python do: maps that give one code two severities or two rules are
refused the first time they are read, as a map that breaks the schema is.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from cfnbridge.errors import InputError
from cfnbridge.gap_codes import RULE_OF, SEVERITY_OF, map_code
from cfnbridge.translation import maps


def gap_entries() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(AWS type, place, entry)`` for every gap entry of every map (places: see ``MAP_DEFAULTS``)."""
    for type_map in maps.all_maps().values():
        hot = type_map.hot
        if isinstance(hot.get("gap"), dict):
            yield type_map.aws_type, "type" if hot.get("type") is None else "kept-type", hot["gap"]
        native_gap = type_map.data.get("native", {}).get("gap")
        if isinstance(native_gap, dict):
            yield type_map.aws_type, "native-type", native_gap
        yield from _property_gaps(type_map.aws_type, hot.get("properties") or {})
        for entry in (hot.get("attributes") or {}).values():
            if isinstance(entry, dict):
                yield type_map.aws_type, "approximated-attribute" if "to" in entry else "attribute", entry


def _property_gaps(aws_type: str, properties: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for entry in properties.values():
        if not isinstance(entry, dict):
            continue
        if isinstance(entry.get("gap"), dict):
            yield aws_type, "approximated-property" if "to" in entry else "property", entry["gap"]
        for nested in (entry.get("properties"), entry.get("items")):
            if isinstance(nested, dict):
                yield from _property_gaps(aws_type, nested)


@cache
def declared_gaps() -> dict[str, tuple[str, str]]:
    """Every code the maps report, with its rule and severity: ``{code: (rule, severity)}``."""
    table: dict[str, tuple[str, str]] = {}
    for aws_type, place, entry in gap_entries():
        severity = entry["severity"]
        try:
            code = map_code(entry, place)
        except ValueError as exc:
            raise InputError(f"resource map for {aws_type}: {exc}") from None
        if code in SEVERITY_OF and SEVERITY_OF[code] != severity:
            raise InputError(f"resource map for {aws_type}: gap code {code!r} is {SEVERITY_OF[code]} in "
                             f"cfnbridge/gap_codes.py, not {severity}")
        rule = RULE_OF.get(code) or RULE_OF[map_code({"severity": severity}, place)]
        known = table.setdefault(code, (rule, severity))
        if known != (rule, severity):
            raise InputError(f"resource map for {aws_type}: gap code {code!r} is {severity} ({rule}) here but "
                             f"{known[1]} ({known[0]}) elsewhere: one code, one rule, one severity")
    return table


def map_severity(code: str) -> str | None:
    """The severity of a code the maps declare (None when they declare no such code)."""
    found = declared_gaps().get(code)
    return found[1] if found else None
