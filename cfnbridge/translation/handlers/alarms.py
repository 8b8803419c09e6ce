"""CloudWatch alarms as Aodh alarms on Gnocchi metrics, and their actions as scaling signals.

An alarm on the CPU of a scaling group's or an instance's servers has a Gnocchi meaning;
its actions that name a scaling policy become that policy's signal URL.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import (
    ALARM_ACTION,
    ALARM_COMPARISON,
    ALARM_DIMENSIONS,
    ALARM_METRIC,
    ALARM_STATISTIC,
)
from cfnbridge.translation.handlers.scaling import integer, server_group
from cfnbridge.translation.plan import Status
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

Path = tuple[Any, ...]

# -- alarms -----------------------------------------------------------------------------------
COMPARISONS = {"GreaterThanThreshold": "gt", "GreaterThanOrEqualToThreshold": "ge", "LessThanThreshold": "lt",
               "LessThanOrEqualToThreshold": "le"}
STATISTICS = {"Average": "mean", "Sum": "sum", "Minimum": "min", "Maximum": "max", "SampleCount": "count"}
# CloudWatch metrics with a Gnocchi counterpart (what Ceilometer collects for instances).
_GNOCCHI_METRICS = frozenset({("AWS/EC2", "CPUUtilization")})
ACTIONS = (("AlarmActions", "alarm_actions"), ("OKActions", "ok_actions"),
           ("InsufficientDataActions", "insufficient_data_actions"))


def cloudwatch_alarm(ctx: ResourceContext) -> None:
    ctx.consume("MetricName", "Namespace", "Dimensions", "Statistic", "ExtendedStatistic", "Period",
                "ComparisonOperator", "Threshold")
    namespace, metric = ctx.static(ctx.props.get("Namespace")), ctx.static(ctx.props.get("MetricName"))
    if (namespace, metric) not in _GNOCCHI_METRICS:
        ctx.consume(*ctx.props)
        what = f"{namespace}/{metric}" if isinstance(namespace, str) and isinstance(metric, str) else \
            "a metric chosen at deploy time"
        ctx.gap(ALARM_METRIC, f"alarms on {what} were not translated: Ceilometer collects no such "
                "metric, so an Aodh alarm on it would never fire", "alarm on what the site's Ceilometer collects "
                "(openstack metric list), or keep the alarm in the monitoring you use", ctx.path("MetricName"))
        ctx.add(ctx.name, "OS::Heat::None", because="an alarm on a metric OpenStack does not collect would be dead")
        return
    period = ctx.static(ctx.props.get("Period", 300))
    period = int(period) if isinstance(period, int | str) and str(period).isdigit() else 300
    properties: dict[str, Any] = {"metric": metric if isinstance(metric, str) else ctx.prop("MetricName"),
                                  "aggregation_method": _statistic(ctx), "granularity": period}
    threshold = ctx.static(ctx.props.get("Threshold"))
    if (namespace, metric) == ("AWS/EC2", "CPUUtilization"):
        properties["metric"] = "cpu"
        properties["aggregation_method"] = "rate:" + properties["aggregation_method"]
        if isinstance(threshold, int | float | str) and re.fullmatch(r"\d+(\.\d+)?", str(threshold)):
            threshold = float(threshold) * period * 1e7
            ctx.gap(ALARM_METRIC, "CPUUtilization (percent) became Gnocchi's cpu metric (CPU time in ns); "
                    f"the threshold became {threshold:.0f} ns per {period} s, assuming one vCPU",
                    "multiply the threshold by the flavor's vCPU count", ctx.path("Threshold"))
        else:
            threshold = ctx.prop("Threshold")
            ctx.gap(ALARM_METRIC, "the CPU threshold is a percentage chosen at deploy time, but Gnocchi's "
                    "cpu metric counts CPU time (ns)", f"pass percent * {period} * 10^7", ctx.path("Threshold"))
    properties["threshold"] = threshold
    operator = ctx.static(ctx.props.get("ComparisonOperator"))
    properties["comparison_operator"] = COMPARISONS.get(operator, "gt")
    if operator not in COMPARISONS:
        ctx.gap(ALARM_COMPARISON, f"comparison {operator!r} (anomaly bands) has no Aodh equivalent",
                "use a fixed threshold", ctx.path("ComparisonOperator"))
    properties["evaluation_periods"] = integer(ctx, "EvaluationPeriods")
    properties["resource_type"], properties["query"] = _query(ctx, namespace)
    for aws, heat in ACTIONS:
        actions = _actions(ctx, aws)
        if actions:
            properties[heat] = actions
    properties.update(ctx.map_properties())
    ctx.add(ctx.name, "OS::Aodh::GnocchiAggregationByResourcesAlarm",
            {k: v for k, v in properties.items() if v is not MISSING})


def _statistic(ctx: ResourceContext) -> str:
    statistic = ctx.static(ctx.props.get("Statistic", "Average"))
    if "ExtendedStatistic" in ctx.props:
        extended = ctx.static(ctx.props["ExtendedStatistic"])
        match = re.fullmatch(r"p(\d+)(?:\.\d+)?", extended) if isinstance(extended, str) else None
        ctx.gap(ALARM_STATISTIC, "percentiles need a Gnocchi archive policy with that aggregation "
                "method", "add e.g. '95pct' to the archive policy's aggregation methods",
                ctx.path("ExtendedStatistic"))
        return f"{match.group(1)}pct" if match else "mean"
    if statistic not in STATISTICS:
        ctx.gap(ALARM_STATISTIC, f"statistic {statistic!r} is not known here; mean was used", "",
                ctx.path("Statistic"))
    return STATISTICS.get(statistic, "mean")


def _query(ctx: ResourceContext, namespace: Any) -> tuple[str, Any]:
    """Gnocchi resource type and query from the alarm's dimensions (a group or an instance)."""
    dimensions = ctx.props.get("Dimensions")
    for dimension in dimensions if isinstance(dimensions, list) else []:
        if not isinstance(dimension, dict):
            continue
        key, target = ctx.static(dimension.get("Name")), ctx.referenced_resource(dimension.get("Value"))
        if key == "AutoScalingGroupName" and ctx.status_of(target) is Status.HOT:
            return "instance", ctx.dialect.join("", ['{"=": {"server_group": "', server_group(ctx, target), '"}}'])
        if key == "InstanceId" and ctx.emitted_name(target):
            server = ctx.dialect.get_resource(ctx.emitted_name(target))
            return "instance", ctx.dialect.join("", ['{"=": {"id": "', server, '"}}'])
    if namespace == "AWS/EC2" or dimensions is not None:
        ctx.gap(ALARM_DIMENSIONS, "the alarm's dimensions name no scaling group or instance of this "
                "template; it watches every instance of the project", "narrow the query",
                ctx.path("Dimensions") if dimensions is not None else ctx.path())
    return ("instance" if namespace == "AWS/EC2" else "generic"), '{"=": {"ended_at": null}}'


def _actions(ctx: ResourceContext, key: str) -> list[Any]:
    """Actions that signal a scaling policy; notifications and EC2 actions are reported."""
    raw = ctx.props.get(key)
    ctx.consume(key)
    if raw is None:
        return []
    out = []
    for index, action in enumerate(raw if isinstance(raw, list) else [raw]):
        path = ctx.path(key, index) if isinstance(raw, list) else ctx.path(key)
        target = ctx.referenced_resource(action)
        status = ctx.status_of(target)
        kind = ctx.template.resources[target].type if target else None
        if kind == "AWS::AutoScaling::ScalingPolicy" and status and status.translated:
            name = ctx.emitted_name(target) or target
            if status is Status.NATIVE:  # Heat's own AWS policy: its pre-signed AlarmUrl
                out.append(ctx.dialect.get_attr(name, "AlarmUrl"))
            else:
                out.append(ctx.dialect.join("", ["trust+", ctx.dialect.get_attr(name, "signal_url")]))
            continue
        static = ctx.static(action)
        text = static if isinstance(static, str) else ""
        what = "an EC2 action (stop/terminate/reboot/recover)" if ":automate:" in text else \
            "a notification (SNS topic)" if kind == "AWS::SNS::Topic" or ":sns:" in text else "this action"
        ctx.gap(ALARM_ACTION, f"{what} has no Aodh equivalent; it was dropped",
                "Aodh can post to a webhook URL or a Zaqar queue (alarm_queues); recovery of failed servers is "
                "Masakari's job", path)
    return out
