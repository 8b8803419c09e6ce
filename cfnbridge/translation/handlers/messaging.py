"""SQS queues and SNS topics as Zaqar queues, SNS subscriptions as Zaqar subscriptions.

Several SQS attributes land in one Zaqar ``metadata`` map (``_default_message_ttl`` …),
queue names must fit Zaqar's alphabet, and an SNS subscription's protocol and endpoint
make one Zaqar subscriber URI: that is why these are handlers, not tables.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import (
    DEAD_LETTER,
    DEAD_LETTER_SETTINGS,
    PROPERTY_EQUIVALENT,
    QUEUE_NAME,
    SUBSCRIPTION,
    SUBSCRIPTION_EMAIL,
    SUBSCRIPTION_LOST,
)
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

Path = tuple[Any, ...]

# SQS property -> Zaqar queue metadata key (the values mean the same, in the same units).
_QUEUE_METADATA = {
    "MessageRetentionPeriod": "_default_message_ttl",
    "DelaySeconds": "_default_message_delay",
    "MaximumMessageSize": "_max_messages_post_size",
}
_ZAQAR_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def sqs_queue(ctx: ResourceContext) -> None:
    """AWS::SQS::Queue -> OS::Zaqar::Queue."""
    properties: dict[str, Any] = {}
    name = _queue_name(ctx)
    if name is not MISSING:
        properties["name"] = name
    metadata: dict[str, Any] = {}
    for key, meta in _QUEUE_METADATA.items():
        value = ctx.prop(key)
        if value is not MISSING:
            metadata[meta] = _number(value)
    if "MaximumMessageSize" in ctx.props:
        ctx.gap(PROPERTY_EQUIVALENT, "Zaqar limits the size of one post (which may hold several "
                "messages), not of each message", "", ctx.path("MaximumMessageSize"))
    redrive = ctx.props.get("RedrivePolicy")
    if redrive is not None:
        ctx.consume("RedrivePolicy")
        metadata.update(_dead_letter(ctx, redrive))
    if metadata:
        properties["metadata"] = metadata
    properties.update(ctx.map_properties())
    ctx.add(ctx.name, "OS::Zaqar::Queue", properties)


def _queue_name(ctx: ResourceContext) -> Any:
    name = ctx.prop("QueueName")
    if isinstance(name, str):
        cleaned = name[:-5] if name.endswith(".fifo") else name
        cleaned = re.sub(r"[^A-Za-z0-9_-]", "-", cleaned)[:64]
        if cleaned != name:
            ctx.gap(QUEUE_NAME, f"Zaqar queue names allow only letters, digits, '_' and '-' (64 at most); "
                    f"{name!r} became {cleaned!r}", "", ctx.path("QueueName"))
        return cleaned
    if name is not MISSING and not _ZAQAR_NAME.match(str(name)):
        ctx.gap(QUEUE_NAME, "the queue name is computed at deploy time; Zaqar allows only letters, "
                "digits, '_' and '-' (no '.fifo' suffix)", "", ctx.path("QueueName"))
    return name


def _dead_letter(ctx: ResourceContext, redrive: Any) -> dict[str, Any]:
    """RedrivePolicy -> _dead_letter_queue (the other queue's name) and _max_claim_count."""
    path = ctx.path("RedrivePolicy")
    policy = ctx.static(redrive) if not isinstance(redrive, dict) else redrive
    if not isinstance(policy, dict):
        ctx.gap(DEAD_LETTER, "the redrive policy is not a literal object; it was dropped",
                "set _dead_letter_queue and _max_claim_count in the Zaqar queue metadata", path)
        return {}
    out: dict[str, Any] = {}
    target = policy.get("deadLetterTargetArn")
    queue = ctx.referenced_resource(target) if target is not None else None
    if queue and ctx.emitted_name(queue):
        out["_dead_letter_queue"] = ctx.dialect.get_resource(ctx.emitted_name(queue))
    elif target is not None:
        ctx.gap(DEAD_LETTER, "the dead-letter queue is not a queue of this template; Zaqar needs "
                "its name, not an ARN", "set _dead_letter_queue to the Zaqar queue name",
                (*path, "deadLetterTargetArn"))
    if "maxReceiveCount" in policy:
        out["_max_claim_count"] = _number(ctx.value_at(policy["maxReceiveCount"], (*path, "maxReceiveCount")))
    ctx.gap(DEAD_LETTER_SETTINGS, "the redrive policy became Zaqar's dead-letter settings: a message moves after "
            "maxReceiveCount claims", "", path)
    return out


def sns_topic(ctx: ResourceContext) -> None:
    """AWS::SNS::Topic -> OS::Zaqar::Queue, with one OS::Zaqar::Subscription per inline subscription."""
    properties: dict[str, Any] = {}
    name = ctx.prop("TopicName")
    if name is not MISSING:
        properties["name"] = name
    subscriptions = ctx.props.get("Subscription")
    ctx.consume("Subscription")
    properties.update(ctx.map_properties())
    primary = ctx.add(ctx.name, "OS::Zaqar::Queue", properties)
    if subscriptions is None:
        return
    items = subscriptions if isinstance(subscriptions, list) else ctx.static(subscriptions)
    if not isinstance(items, list):
        ctx.gap(SUBSCRIPTION, "the subscriptions are not a literal list; they were dropped",
                "add OS::Zaqar::Subscription resources", ctx.path("Subscription"))
        return
    for index, item in enumerate(items):
        path = ctx.path("Subscription", index)
        if not isinstance(item, dict):
            continue
        subscriber = _subscriber(ctx, item.get("Protocol"), item.get("Endpoint"), path)
        if subscriber is not MISSING:
            ctx.add(f"{ctx.name}Subscription{index + 1}", "OS::Zaqar::Subscription",
                    {"queue_name": ctx.dialect.get_resource(primary), "subscriber": subscriber})


def sns_subscription(ctx: ResourceContext) -> None:
    """AWS::SNS::Subscription -> OS::Zaqar::Subscription on the topic's queue."""
    queue = ctx.prop("TopicArn")
    ctx.consume("Protocol", "Endpoint")
    subscriber = _subscriber(ctx, ctx.props.get("Protocol"), ctx.props.get("Endpoint"), ctx.base)
    properties = ctx.map_properties()
    if subscriber is not MISSING:
        ctx.add(ctx.name, "OS::Zaqar::Subscription", {"queue_name": queue, "subscriber": subscriber, **properties})


def _subscriber(ctx: ResourceContext, protocol: Any, endpoint: Any, path: Path) -> Any:
    """Zaqar's subscriber URI for an SNS protocol and endpoint; MISSING when Zaqar cannot deliver there."""
    kind = ctx.static(protocol)
    if not isinstance(kind, str):
        ctx.gap(SUBSCRIPTION, "the protocol is chosen at deploy time; Zaqar delivers only to "
                "http(s):// and mailto: subscribers", "give a literal protocol", (*path, "Protocol"))
        return MISSING
    kind = kind.lower()
    supported = kind in ("http", "https", "email", "email-json") and endpoint is not None
    value = ctx.value_at(endpoint, (*path, "Endpoint")) if supported else MISSING
    if kind in ("http", "https") and value is not MISSING:
        return value
    if kind in ("email", "email-json") and value is not MISSING:
        if kind == "email-json":
            ctx.gap(SUBSCRIPTION_EMAIL, "email-json became a plain e-mail subscription", "", (*path, "Protocol"))
        return "mailto:" + value if isinstance(value, str) else ctx.dialect.join("", ["mailto:", value])
    ctx.gap(SUBSCRIPTION_LOST, f"Zaqar cannot deliver to {kind!r} subscribers (only http(s) and e-mail); "
            "the subscription was not created",
            "have the consumer poll the Zaqar queue, or put an HTTP endpoint in front of it", (*path, "Protocol"))
    return MISSING


def _number(value: Any) -> Any:
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value
