"""Handlers for AWS types that a property table cannot express, registered by name.

A resource map names its handler (``handler: security_group``); this table is the one
place that name is bound to code. No directory walking, no discovery: adding a handler
means adding a module and a line here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cfnbridge.translate.handlers import classic_elb, listeners, load_balancers

if TYPE_CHECKING:
    from cfnbridge.translate.resources import ResourceContext

Handler = Callable[["ResourceContext"], None]

HANDLERS: dict[str, Handler] = {
    "elbv2_load_balancer": load_balancers.elbv2_load_balancer,
    "elbv2_target_group": load_balancers.elbv2_target_group,
    "elbv2_listener": listeners.elbv2_listener,
    "elbv2_listener_rule": listeners.elbv2_listener_rule,
    "classic_load_balancer": classic_elb.classic_load_balancer,
}
