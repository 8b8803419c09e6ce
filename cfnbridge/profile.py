"""The site profile: what an AWS template's names mean on one OpenStack cloud.

AMI ids, Mapping values and SSM paths map to Glance images; instance types to flavors
(glob patterns allowed, ``"*"`` is the default rule); plus the external network for
floating IPs and routers, the availability zones, the region name, key names and the DNS
domain. Without a profile the translator turns images and flavors into parameters and
reports what to fill in. The file is YAML, validated with jsonschema when loaded.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cfnbridge.errors import InputError, Location

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "cfnbridge site profile",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "region": {"type": "string", "minLength": 1},
        "availability_zones": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "external_network": {"type": "string", "minLength": 1},
        "dns_domain": {"type": "string", "pattern": r"^([A-Za-z0-9-]+\.)+$"},
        "images": {"type": "object", "additionalProperties": {"type": "string"}},
        "flavors": {"type": "object", "additionalProperties": {"type": "string"}},
        "key_names": {"type": "object", "additionalProperties": {"type": "string"}},
        "default_key_name": {"type": "string"},
    },
}


@dataclass(frozen=True)
class Profile:
    """One OpenStack site, as the translator needs to know it."""

    region: str | None = None
    availability_zones: list[str] = field(default_factory=list)
    external_network: str | None = None
    dns_domain: str | None = None
    images: dict[str, str] = field(default_factory=dict)
    flavors: dict[str, str] = field(default_factory=dict)
    key_names: dict[str, str] = field(default_factory=dict)
    default_key_name: str | None = None
    source: str = "<profile>"

    def image_for(self, aws_image: str) -> str | None:
        """The Glance image for an AMI id, mapping value or SSM path, if the profile says."""
        return _lookup(self.images, aws_image)

    def flavor_for(self, instance_type: str) -> str | None:
        """The flavor for an instance type: exact name first, then glob rules, then ``"*"``."""
        return _lookup(self.flavors, instance_type)

    def key_for(self, aws_key: str) -> str | None:
        return self.key_names.get(aws_key, self.default_key_name)


def _lookup(table: dict[str, str], name: str) -> str | None:
    if name in table:
        return table[name]
    for pattern, value in table.items():
        if pattern != "*" and any(c in pattern for c in "*?[") and fnmatch.fnmatchcase(name, pattern):
            return value
    return table.get("*")


def load_profile(path: str | Path) -> Profile:
    """Read and validate a profile file; problems are located input errors."""
    import jsonschema

    from cfnbridge.template import load_data

    data, locate = load_data(Path(path))
    if data is None:
        data = {}
    validator = jsonschema.Draft202012Validator(SCHEMA)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        where = "/".join(str(p) for p in error.absolute_path) or "profile"
        raise InputError(f"profile: {where}: {error.message}", locate(tuple(error.absolute_path)))
    return Profile(source=str(path), **{k: v for k, v in data.items()})


def empty_profile() -> Profile:
    return Profile()


__all__ = ["Location", "Profile", "SCHEMA", "empty_profile", "load_profile"]
