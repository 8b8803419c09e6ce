"""Handlers for AWS types that a property table cannot express, registered by name.

A resource map names its handler (``handler: security_group``); this table is the one
place that name is bound to code. No directory walking, no discovery: adding a handler
means adding a module and a line here. Modules are imported on first use, so a template
without load balancers never pays for the load-balancer code.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

Handler = Callable[["ResourceContext"], None]

# handler name -> "module:function" within this package
HANDLERS: dict[str, str] = {
    "vpc": "network:vpc",
    "subnet": "network:subnet",
    "gateway_attachment": "network:gateway_attachment",
    "nat_gateway": "network:nat_gateway",
    "route": "network:route",
    "route_table": "network:route_table",
    "route_table_association": "network:route_table_association",
    "security_group": "security_groups:security_group",
    "security_group_rule": "security_groups:security_group_rule",
    "eip": "floating_ips:eip",
    "eip_association": "floating_ips:eip_association",
    "instance": "compute:instance",
    "network_interface": "interfaces:network_interface",
    "network_interface_attachment": "interfaces:network_interface_attachment",
    "key_pair": "interfaces:key_pair",
    "launch_template": "compute:launch_template",
    "rds_instance": "rds_cluster:db_instance",
    "rds_cluster": "rds_cluster:db_cluster",
    "efs_file_system": "efs:file_system",
    "efs_mount_target": "efs:mount_target",
    "route53_hosted_zone": "dns:hosted_zone",
    "route53_record_set": "dns:record_set",
    "route53_record_set_group": "dns:record_set_group",
    "sqs_queue": "messaging:sqs_queue",
    "sns_topic": "messaging:sns_topic",
    "sns_subscription": "messaging:sns_subscription",
    "cfn_nested_stack": "cloudformation:nested_stack",
    "cfn_wait_condition_handle": "cloudformation:wait_condition_handle",
    "secretsmanager_secret": "secrets:secret",
    "elbv2_load_balancer": "load_balancers:elbv2_load_balancer",
    "elbv2_target_group": "target_groups:elbv2_target_group",
    "elbv2_listener": "listeners:elbv2_listener",
    "elbv2_listener_rule": "listeners:elbv2_listener_rule",
    "classic_load_balancer": "classic_elb:classic_load_balancer",
    "auto_scaling_group": "scaling:auto_scaling_group",
    "scaling_policy": "scaling:scaling_policy",
    "cloudwatch_alarm": "alarms:cloudwatch_alarm",
}


@functools.cache
def get_handler(name: str) -> Handler | None:
    """The handler registered under ``name``, importing its module on first use (then kept)."""
    target = HANDLERS.get(name)
    if target is None:
        return None
    module, function = target.split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)
