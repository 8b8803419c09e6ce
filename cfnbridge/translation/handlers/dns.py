"""Route 53 zones and record sets as Designate zones and record sets.

What a table cannot say: Designate wants fully qualified names with a trailing dot, a
zone needs a contact e-mail (Route 53 makes one up), a record set names its zone by id
or name, and a RecordSetGroup is several record sets at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge import intrinsics as fn
from cfnbridge.gap_codes import (
    ALIAS_RECORD,
    DNS_NAME,
    RECORD_SET_GROUP,
    RECORD_VALUES,
    RECORD_WITHOUT_ZONE,
    ZONE,
    ZONE_EMAIL,
)
from cfnbridge.translation import maps
from cfnbridge.translation.properties import map_mapping
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

Path = tuple[Any, ...]


def hosted_zone(ctx: ResourceContext) -> None:
    """AWS::Route53::HostedZone -> OS::Designate::Zone, with an e-mail from the profile or a parameter."""
    properties: dict[str, Any] = {}
    name = ctx.prop("Name")
    if name is not MISSING:
        properties["name"] = _absolute(ctx, name, ctx.props.get("Name"), ctx.path("Name"))
    config = ctx.props.get("HostedZoneConfig")
    if isinstance(config, dict):
        ctx.consume("HostedZoneConfig")
        if "Comment" in config:
            properties["description"] = ctx.value(config["Comment"], "HostedZoneConfig", "Comment")
    domain = ctx.profile.dns_domain
    if domain:
        properties["email"] = f"hostmaster@{domain.rstrip('.')}"
    else:
        ctx.gap(ZONE_EMAIL, "Designate zones need a contact e-mail (Route 53 sets its own); it became the "
                "parameter 'ZoneEmail'", "set dns_domain in the site profile, or pass ZoneEmail")
        properties["email"] = ctx.parameter("ZoneEmail", {"type": "string", "default": "hostmaster@example.org",
                                                          "description": "contact e-mail of the DNS zones"})
    properties.update(ctx.map_properties())
    ctx.add(ctx.name, "OS::Designate::Zone", properties)


def record_set(ctx: ResourceContext) -> None:
    """AWS::Route53::RecordSet -> OS::Designate::RecordSet."""
    properties = _record(ctx, ctx.props, ctx.base)
    ctx.consume(*_CORE)
    rest = ctx.map_properties()
    if properties is not None:
        ctx.add(ctx.name, "OS::Designate::RecordSet", {**properties, **rest})


def record_set_group(ctx: ResourceContext) -> None:
    """AWS::Route53::RecordSetGroup -> one OS::Designate::RecordSet per record (the first keeps the name)."""
    ctx.consume("HostedZoneId", "HostedZoneName", "RecordSets")
    source = ctx.props.get("RecordSets")
    records = source if isinstance(source, list) else ctx.static(source)
    if not isinstance(records, list) or not records:
        ctx.gap(RECORD_SET_GROUP, "the record sets are not a literal list, so they could not be "
                "split into Designate record sets", "write the RecordSets list out literally", ctx.path("RecordSets"))
        records = []
    table = maps.lookup("AWS::Route53::RecordSet")
    spec = table.properties if table else {}
    rest = ctx.map_properties()
    emitted = 0
    for index, record in enumerate(records):
        path = ctx.path("RecordSets", index)
        if not isinstance(record, dict):
            ctx.gap(RECORD_SET_GROUP, "a record set that is not a literal object was dropped",
                    "write it out literally", path)
            continue
        properties = _record(ctx, record, path, zone=ctx.props)
        extra = map_mapping(ctx, spec, {k: v for k, v in record.items() if k not in _CORE}, path,
                            "OS::Designate::RecordSet")
        if properties is not None:
            emitted += 1
            ctx.add(ctx.name if emitted == 1 else f"{ctx.name}{emitted}", "OS::Designate::RecordSet",
                    {**properties, **rest, **extra})


# Keys read here; the rest of a record goes through the RecordSet table (routing policies …).
_CORE = ("AliasTarget", "Name", "Type", "ResourceRecords", "TTL", "Comment", "HostedZoneId", "HostedZoneName")


def _record(ctx: ResourceContext, record: dict[str, Any], path: Path,
            zone: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The Designate properties of one Route 53 record; None when it cannot exist on Designate."""
    def value(key: str) -> Any:
        return ctx.value_at(record[key], (*path, key)) if key in record else MISSING

    if "AliasTarget" in record:
        ctx.gap(ALIAS_RECORD, "Route 53 alias records (to a load balancer, CloudFront, S3 …) have no "
                "Designate equivalent; the record was not created",
                "use a CNAME to the target's host name, or an A record to its floating IP", (*path, "AliasTarget"))
        return None
    zone_keys = zone if zone is not None else record
    properties: dict[str, Any] = {"zone": _zone(ctx, zone_keys, ctx.base if zone is not None else path)}
    if "Name" in record:
        properties["name"] = _absolute(ctx, value("Name"), record["Name"], (*path, "Name"))
    properties["type"] = value("Type")
    if "ResourceRecords" in record:
        properties["records"] = value("ResourceRecords")
    else:
        ctx.gap(RECORD_VALUES, "the record set has no ResourceRecords; Designate needs its values",
                "give the record values", path)
        properties["records"] = []
    if "TTL" in record:
        ttl = value("TTL")
        properties["ttl"] = int(ttl) if isinstance(ttl, str) and ttl.isdigit() else ttl
    if "Comment" in record:
        properties["description"] = value("Comment")
    return properties


def _zone(ctx: ResourceContext, keys: dict[str, Any], base: Path) -> Any:
    """The zone by id (a HostedZone in the template) or by name (Designate accepts either)."""
    if "HostedZoneId" in keys:
        value = keys["HostedZoneId"]
        target = ctx.referenced_resource(value)
        if isinstance(value, fn.Ref) and target and ctx.emitted_name(target):
            return ctx.dialect.get_resource(ctx.emitted_name(target))
        static = ctx.static(value)
        if isinstance(static, str):
            ctx.gap(ZONE, f"the Route 53 zone id {static!r} means nothing to Designate",
                    "give the Designate zone's name or id", (*base, "HostedZoneId"))
        return ctx.value_at(value, (*base, "HostedZoneId"))
    if "HostedZoneName" in keys:
        value = ctx.value_at(keys["HostedZoneName"], (*base, "HostedZoneName"))
        return _absolute(ctx, value, keys["HostedZoneName"], (*base, "HostedZoneName"))
    ctx.gap(RECORD_WITHOUT_ZONE, "the record set names no hosted zone", "set HostedZoneId or HostedZoneName", base)
    return ""


def _absolute(ctx: ResourceContext, translated: Any, source: Any, path: Path) -> Any:
    """A DNS name with its trailing dot: Route 53 adds it silently, Designate requires it."""
    if isinstance(translated, str):
        return translated if translated.endswith(".") else translated + "."
    if _ends_with_dot(source):
        return translated
    ctx.gap(DNS_NAME, "Designate needs fully qualified names ending with '.'; this name is computed "
            "at deploy time, so the dot could not be checked", "make sure the value ends with '.'", path)
    return translated


def _ends_with_dot(source: Any) -> bool:
    if isinstance(source, fn.Sub):
        template = source.args[0] if isinstance(source.args, list) else source.args
        return isinstance(template, str) and template.endswith(".")
    if isinstance(source, fn.Join) and isinstance(source.args, list) and len(source.args) == 2:
        items = source.args[1]
        return isinstance(items, list) and bool(items) and isinstance(items[-1], str) and items[-1].endswith(".")
    return False
