"""CloudFormation to OpenStack Heat: HOT, or the CloudFormation dialect Heat runs natively.

``translate(template, to="hot", profile=None)`` returns a :class:`Translation`: the output
template as a dict (deterministic key order), the semantic gaps, and ``to_yaml()``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from cfnbridge.errors import InputError
from cfnbridge.gc_pause import collector_paused
from cfnbridge.profile import Profile, load_profile
from cfnbridge.template import Template, load
from cfnbridge.translation.dialects import DIALECTS
from cfnbridge.translation.engine import BOOTSTRAPS, HOT_VERSIONS, Options, Translator
from cfnbridge.translation.gaps import Gap, sort_gaps
from cfnbridge.translation.plan import Status

__all__ = ["Gap", "Status", "Translation", "translate"]


@dataclass
class Translation:
    """The output of one translation: the Heat template and every gap found on the way."""

    template: dict[str, Any]
    gaps: list[Gap]
    to: str
    source: Template
    plan: dict[str, Status] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # translated nested templates, by the type name used

    def to_yaml(self) -> str:
        from cfnbridge.translation.emit import to_yaml  # the writer loads when something is written (lint never)

        return to_yaml(self.template)

    def to_json(self) -> str:
        return json.dumps(self.template, indent=2)

    def gaps_at_least(self, severity: str) -> list[Gap]:
        return [g for g in self.gaps if g.at_least(severity)]


def translate(template: Template | str | os.PathLike[str], to: str = "hot",
              profile: Profile | str | os.PathLike[str] | None = None, *,
              hot_version: str = "2021-04-16", placeholder: bool = False,
              bootstrap: str | None = None) -> Translation:
    """Translate a CloudFormation template for OpenStack Heat.

    ``to`` is ``"hot"`` (OS:: types, HOT functions) or ``"native"`` (Heat's CloudFormation
    dialect: AWS types Heat implements stay, the rest become OS:: types). ``profile`` maps
    images, flavors, networks and zones of one site; without it they become parameters.
    ``bootstrap`` is how servers are set up: ``"cloud-init"`` (cfn-init and cfn-signal translated
    for stock images; the default for HOT) or ``"heat-cfntools"`` (kept for images with
    heat-cfntools; the default for native).
    """
    if bootstrap not in (None, *BOOTSTRAPS):
        raise InputError(f"unknown bootstrap {bootstrap!r}: use {' or '.join(map(repr, BOOTSTRAPS))}")
    if to not in DIALECTS:
        raise InputError(f"unknown target {to!r}: use 'hot' or 'native'")
    if hot_version not in HOT_VERSIONS:
        raise InputError(f"HOT version {hot_version!r} is not supported; use one of {', '.join(HOT_VERSIONS)}")
    if not isinstance(template, Template):
        template = load(template)
    if not isinstance(profile, Profile):
        profile = load_profile(profile) if profile is not None else Profile()
    t = Translator(template, profile, Options(to=to, hot_version=hot_version, placeholder=placeholder,
                                           bootstrap=bootstrap))
    with collector_paused():  # a burst of short-lived objects over the whole template
        document = t.run()
    t.close()
    return Translation(document, sort_gaps(t.gaps), to, template,
                       {name: planned.status for name, planned in t.plan.items()}, dict(sorted(t.files.items())))
