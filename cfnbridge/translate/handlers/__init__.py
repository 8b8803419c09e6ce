"""Handlers for AWS types that a property table cannot express, registered by name.

A resource map names its handler (``handler: security_group``); this table is the one
place that name is bound to code. No directory walking, no discovery: adding a handler
means adding a module and a line here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cfnbridge.translate.resources import ResourceContext

Handler = Callable[["ResourceContext"], None]

HANDLERS: dict[str, Handler] = {}
