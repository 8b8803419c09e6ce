"""Aurora and Multi-AZ DB clusters as one Trove primary with replicas.

AWS splits a cluster in two: the DBCluster holds the engine, the database, the master
user and the network; its DBInstance members (``DBClusterIdentifier``) hold the instance
classes, the first being the writer. Trove has no shared cluster storage, so the cluster
becomes one OS::Trove::Instance (the writer, with the first member's flavor); the first
member stands for it (an OS::Heat::None whose Ref and attributes are the primary's) and
every other member becomes a Trove replica of it (``replica_of``), which is what Aurora's
readers are for. Members are never independent databases.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from cfnbridge import intrinsics as fn
from cfnbridge.gap_codes import (
    DATASTORE,
    DATASTORE_MAPPED,
    DATASTORE_UNKNOWN,
    DB_CLUSTER,
    DB_CLUSTER_MEMBER,
    FLAVOR,
    PROPERTY_DROPPED,
    VOLUME_SIZE,
)
from cfnbridge.template import Template
from cfnbridge.translation import transforms
from cfnbridge.translation.handlers import rds
from cfnbridge.translation.plan import Status
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

_MYSQL_VERSION = re.compile(r"^(\d+\.\d+)")
_POSTGRES_VERSION = re.compile(r"^(\d+)(?:\.(\d+))?")


def db_cluster(ctx: ResourceContext) -> None:
    """AWS::RDS::DBCluster -> the primary OS::Trove::Instance (its members become replicas)."""
    properties: dict[str, Any] = {}
    port = _datastore(ctx, properties)
    database = ctx.prop("DatabaseName")
    if database is not MISSING:
        properties["databases"] = [{"name": database}]
    user = rds.master_user(ctx, database, "DatabaseName")
    if user:
        properties["users"] = [user]
    attached = rds.networks(ctx)
    if attached:
        properties["networks"] = attached
    members = cluster_members(ctx, ctx.name)
    properties["flavor"] = _flavor(ctx, members)
    properties.update(ctx.map_properties())
    if "size" not in properties:
        ctx.gap(VOLUME_SIZE, "Aurora storage grows by itself; Trove needs a fixed volume size, which became "
                f"the parameter {ctx.name + 'Size'!r}", "give the size in GB (resize later with 'openstack "
                "database instance resize volume')", ctx.path())
        properties["size"] = ctx.parameter(ctx.name + "Size", {
            "type": "number", "default": 10, "description": f"volume size of the database {ctx.name} in GB"})
    readers = [m for m in members[1:] if ctx.template.resources[m].condition is None]
    ctx.gap(DB_CLUSTER, f"the DB cluster became one Trove instance{' (the writer)' if members else ''}"
            + (f" with {len(members) - 1} replica(s) ({', '.join(members[1:])})" if members[1:] else "")
            + ": Trove has no shared cluster storage, so each replica keeps its own copy by replication and "
            "failover is not automatic", "promote a replica with 'openstack database instance promote-to-replica-"
            "source' if the primary fails", ctx.path())
    ctx.add(ctx.name, "OS::Trove::Instance", properties)
    rds.generate_password(ctx, user)
    ctx.set_computed_attribute("Endpoint.Port", port)
    if readers:
        ctx.set_computed_attribute("ReadEndpoint.Address", ctx.dialect.get_attr(readers[0], "hostname"))


def db_instance(ctx: ResourceContext) -> None:
    """AWS::RDS::DBInstance: a member of a cluster of this template, or a standalone Trove instance."""
    cluster = ctx.referenced_resource(ctx.props.get("DBClusterIdentifier"))
    if (cluster is None or ctx.template.resources[cluster].type != "AWS::RDS::DBCluster"
            or ctx.status_of(cluster) is not Status.HOT):
        rds.rds_instance(ctx)
        return
    primary = ctx.emitted_name(cluster) or cluster
    body = ctx.emitted(primary) or {}
    shared = body.get("properties", {})
    # The cluster decided these: its engine, network and (for the writer) this member's flavor.
    ctx.consume("DBClusterIdentifier", "Engine", "EngineVersion", "DBSubnetGroupName", "DBInstanceClass")
    members = cluster_members(ctx, cluster)
    if members and members[0] == ctx.name:
        for key, value in ctx.map_properties().items():
            shared.setdefault(key, value)  # the writer's own settings (zone …) belong to the primary
        ctx.gap(DB_CLUSTER_MEMBER, f"the cluster's writer: its Trove instance is {cluster}'s", "", ctx.path())
        ctx.add(ctx.name, "OS::Heat::None", None, depends_on=primary,
                because="the cluster's Trove instance is this writer")
        ctx.refer_to(primary)
        ctx.set_computed_attribute("Endpoint.Address", ctx.dialect.get_attr(primary, "hostname"))
        ctx.set_computed_attribute("Endpoint.Port", _port(ctx, cluster))
        return
    properties: dict[str, Any] = {"replica_of": ctx.dialect.get_resource(primary)}
    for key in ("datastore_type", "datastore_version", "networks", "size"):
        if key in shared:
            properties[key] = shared[key]
    properties["flavor"] = _member_flavor(ctx, ctx.name)
    properties.update(ctx.map_properties())
    ctx.gap(DB_CLUSTER_MEMBER, f"the cluster's reader became a Trove replica of {cluster}", "", ctx.path())
    ctx.add(ctx.name, "OS::Trove::Instance", properties)
    ctx.set_computed_attribute("Endpoint.Port", _port(ctx, cluster))


def cluster_members(ctx: ResourceContext, cluster: str) -> list[str]:
    """The DB instances of this template in ``cluster``, in source order (the first is the writer)."""
    return ctx.index(_members_by_cluster).get(cluster, [])


def _members_by_cluster(template: Template) -> dict[str, list[str]]:
    """Cluster name -> its member DB instances, in source order (built once per template)."""
    found: dict[str, list[str]] = {}
    for name, resource in template.resources.items():
        props = resource.properties if isinstance(resource.properties, dict) else {}
        target = props.get("DBClusterIdentifier") if resource.type == "AWS::RDS::DBInstance" else None
        if isinstance(target, fn.Ref) and target.target in template.resources:
            found.setdefault(target.target, []).append(name)
    return found


def _port(ctx: ResourceContext, cluster: str) -> int:
    engine = ctx.static(ctx.template.resources[cluster].properties.get("Engine"))
    return rds.ENGINES.get(engine.lower(), ("", 3306, ""))[1] if isinstance(engine, str) else 3306


def _flavor(ctx: ResourceContext, members: list[str]) -> Any:
    """The writer's instance class as a Trove flavor; else the cluster's own class, else a parameter."""
    if members:
        return _member_flavor(ctx, members[0])
    if "DBClusterInstanceClass" in ctx.props:
        ctx.consume("DBClusterInstanceClass")
        return transforms.apply("flavor", ctx, ctx.props["DBClusterInstanceClass"], ctx.path("DBClusterInstanceClass"))
    return _flavor_parameter(ctx, ctx.name, "the cluster has no DB instances of this template (serverless capacity)",
                             ctx.path())


def _member_flavor(ctx: ResourceContext, member: str) -> Any:
    props = ctx.template.resources[member].properties
    value = props.get("DBInstanceClass") if isinstance(props, dict) else None
    path = ("Resources", member, "Properties", "DBInstanceClass")
    if value is None or ctx.static(value) == "db.serverless":
        return _flavor_parameter(ctx, member, "the instance has serverless capacity", path)
    return transforms.apply("flavor", ctx, value, path)


def _flavor_parameter(ctx: ResourceContext, name: str, why: str, path: tuple[Any, ...]) -> Any:
    ctx.gap(FLAVOR, f"{why}, and Trove runs a database on a fixed flavor: it became the parameter "
            f"{name + 'Flavor'!r}", "give a Trove flavor ('openstack database flavor list' or Nova flavors)", path)
    return ctx.parameter(name + "Flavor", {"type": "string", "description": f"Trove flavor of {name}"})


def _datastore(ctx: ResourceContext, properties: dict[str, Any]) -> int:
    """datastore_type and datastore_version from the engine; returns the port clients should use."""
    ctx.consume("Engine", "EngineVersion", "Port")
    engine = ctx.static(ctx.props.get("Engine"))
    key = engine.lower() if isinstance(engine, str) else None
    if key not in rds.ENGINES:
        ctx.gap(DATASTORE_UNKNOWN, f"the cluster engine {engine if key else '(chosen at deploy time)'} has no "
                "known Trove datastore", "pass datastore_type by hand: mysql or postgresql", ctx.path("Engine"))
        properties["datastore_type"] = ctx.prop("Engine") if "Engine" in ctx.props else "mysql"
        return 3306
    datastore, port, _ = rds.ENGINES[key]
    properties["datastore_type"] = datastore
    version = _version(ctx, datastore, key)
    if version is not MISSING:
        properties["datastore_version"] = version
    if "Port" in ctx.props:
        ctx.gap(PROPERTY_DROPPED, "Trove serves the datastore on its default port; Port was dropped",
                "configure clients for the datastore's default port", ctx.path("Port"))
    return port


def _version(ctx: ResourceContext, datastore: str, engine: str) -> Any:
    """The Trove version for an Aurora or RDS engine version (5.7.mysql_aurora.2.11.2 -> 5.7)."""
    source = ctx.props.get("EngineVersion")
    path = ctx.path("EngineVersion")
    if source is None:
        ctx.gap(DATASTORE_MAPPED, f"no EngineVersion: Trove uses the site's default {datastore} version", "",
                ctx.path("Engine"))
        return MISSING
    static = ctx.static(source)
    if not isinstance(static, str | int | float):
        ctx.gap(DATASTORE, f"the engine version is chosen at deploy time and must name a Trove {datastore} "
                "version (an Aurora version such as 5.7.mysql_aurora.2.11.2 is not one)",
                f"check 'openstack datastore version list {datastore}'", path)
        return ctx.value(source, "EngineVersion")
    text = str(static)
    if engine == "aurora":  # Aurora MySQL 1.x speaks MySQL 5.6
        mapped = "5.6"
    elif datastore == "mysql":
        found = _MYSQL_VERSION.match(text)
        mapped = found.group(1) if found else text
    else:
        found = _POSTGRES_VERSION.match(text)
        mapped = (found.group(1) if int(found.group(1)) >= 10 else f"{found.group(1)}.{found.group(2) or 0}") \
            if found else text
    ctx.gap(DATASTORE_MAPPED, f"engine {engine} {text} became Trove datastore {datastore} {mapped}",
            f"check that the site registered it: 'openstack datastore version list {datastore}'", path)
    return mapped

