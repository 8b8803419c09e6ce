"""RDS DB instances as Trove instances.

A table cannot say this: one database and one user are assembled from three AWS
properties (DBName, MasterUsername, MasterUserPassword), the engine name picks a Trove
datastore, the subnet group points to a Neutron network, and the port (which Trove does
not report) is published only when something reads ``Endpoint.Port``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge import intrinsics as fn
from cfnbridge.gap_codes import (
    DATASTORE,
    MASTER_PASSWORD,
    MASTER_USER,
    NO_DATASTORE,
    PROPERTY_DROPPED,
    SUBNET_GROUP,
    SUBNET_GROUP_NETWORK,
    VOLUME_SIZE,
)
from cfnbridge.references import all_references
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

# RDS engine -> (Trove datastore, default port, note when the match is only approximate)
ENGINES: dict[str, tuple[str, int, str]] = {
    "mysql": ("mysql", 3306, ""),
    "mariadb": ("mariadb", 3306, ""),
    "postgres": ("postgresql", 5432, ""),
    "aurora": ("mysql", 3306, "Aurora MySQL became a plain MySQL instance (no shared cluster storage)"),
    "aurora-mysql": ("mysql", 3306, "Aurora MySQL became a plain MySQL instance (no shared cluster storage)"),
    "aurora-postgresql": ("postgresql", 5432,
                          "Aurora PostgreSQL became a plain PostgreSQL instance (no shared cluster storage)"),
}
_NO_DATASTORE = ("oracle", "sqlserver", "db2", "custom-")
GENERATE = object()  # the password Heat must generate (RDS kept it in Secrets Manager)


def rds_instance(ctx: ResourceContext) -> None:
    """AWS::RDS::DBInstance -> OS::Trove::Instance (with an OS::Heat::Value for the port if read)."""
    properties: dict[str, Any] = {}
    port = _datastore(ctx, properties)
    database = ctx.prop("DBName")
    if database is not MISSING:
        properties["databases"] = [{"name": database}]
    user = master_user(ctx, database)
    if user:
        properties["users"] = [user]
    attached = networks(ctx)
    if attached:
        properties["networks"] = attached
    properties.update(ctx.map_properties())
    if "size" not in properties:
        properties["size"] = _size(ctx, properties)
    ctx.add(ctx.name, "OS::Trove::Instance", properties)
    generate_password(ctx, user)
    if reads_port(ctx):
        ctx.add(ctx.name + "Port", "OS::Heat::Value", {"type": "number", "value": port})


def generate_password(ctx: ResourceContext, user: dict[str, Any] | None) -> None:
    """The password Heat generates for a user whose RDS password was managed by AWS.

    Added after the instance, which must stay the primary resource."""
    if user is not None and user.get("password") is GENERATE:
        password = ctx.add(ctx.name + "Password", "OS::Heat::RandomString",
                           {"length": 24, "character_classes": [{"class": "lettersdigits", "min": 1}]})
        user["password"] = ctx.dialect.get_attr(password, "value")


def _size(ctx: ResourceContext, properties: dict[str, Any]) -> Any:
    """Trove needs a volume size; a read replica takes its source's, anything else a parameter."""
    source = ctx.emitted_name(ctx.referenced_resource(ctx.props.get("SourceDBInstanceIdentifier")) or "")
    body = ctx.emitted(source) or {}
    size = body.get("properties", {}).get("size")
    if size is not None:
        return size
    ctx.gap(VOLUME_SIZE, "Trove needs a volume size and AllocatedStorage is not set; it became the "
            f"parameter {ctx.name + 'Size'!r}", "give the size in GB", ctx.path())
    return ctx.parameter(ctx.name + "Size", {"type": "number", "default": 10,
                                             "description": f"volume size of {ctx.name} in GB"})


def _datastore(ctx: ResourceContext, properties: dict[str, Any]) -> Any:
    """datastore_type and datastore_version; returns the port clients should use."""
    engine_value = ctx.prop("Engine")
    version = ctx.prop("EngineVersion")
    port_value = ctx.prop("Port")
    engine = ctx.static(ctx.props.get("Engine"))
    default_port: Any = 3306
    if isinstance(engine, str):
        key = engine.lower()
        if key in ENGINES:
            datastore, default_port, note = ENGINES[key]
            properties["datastore_type"] = datastore
            if note:
                ctx.gap(DATASTORE, note, "compare Aurora features the application relies on",
                        ctx.path("Engine"))
        elif key.startswith(_NO_DATASTORE):
            ctx.gap(NO_DATASTORE, f"Trove has no datastore for the RDS engine {engine!r}",
                    "run the database on a server, or keep it on AWS", ctx.path("Engine"))
            properties["datastore_type"] = key
        else:
            properties["datastore_type"] = key
            ctx.gap(DATASTORE, f"the RDS engine {engine!r} was kept as the Trove datastore name",
                    "check 'openstack datastore list' on the site", ctx.path("Engine"))
    elif engine_value is not MISSING:
        properties["datastore_type"] = engine_value
        ctx.gap(DATASTORE, "the engine is chosen at deploy time; RDS engine names and Trove datastore "
                "names differ (postgres/postgresql, aurora-*)", "pass a Trove datastore name", ctx.path("Engine"))
    if version is not MISSING:
        properties["datastore_version"] = version
        ctx.gap(DATASTORE, "EngineVersion became datastore_version: it must name a version the Trove "
                "site has registered", "check 'openstack datastore version list <datastore>'",
                ctx.path("EngineVersion"))
    if port_value is not MISSING:
        ctx.gap(PROPERTY_DROPPED, "Trove serves the datastore on its default port; Port was dropped",
                "configure clients for the datastore's default port", ctx.path("Port"))
    return default_port


def master_user(ctx: ResourceContext, database: Any, key: str = "DBName") -> dict[str, Any] | None:
    """The master user as a Trove user with access to the database (``key``); its password stays hidden."""
    name = ctx.prop("MasterUsername")
    managed = ctx.static(ctx.props.get("ManageMasterUserPassword"))
    ctx.consume("ManageMasterUserPassword", "MasterUserSecret")
    password = _password(ctx, managed is True or str(managed).lower() == "true")
    if name is MISSING:
        return None
    if database is MISSING:
        ctx.gap(MASTER_USER, "the master user was dropped: a Trove user needs a database, and "
                f"{key} is not set", f"set {key}, or enable root with 'openstack database root enable'",
                ctx.path("MasterUsername"))
        return None
    user: dict[str, Any] = {"name": name, "databases": [database]}
    if password is not MISSING:
        user["password"] = password
    ctx.gap(MASTER_USER, f"the RDS master user became a Trove user with rights on {key} only, "
            "not an administrator", "enable root with 'openstack database root enable' if the application "
            "needs it", ctx.path("MasterUsername"))
    return user


def _password(ctx: ResourceContext, managed: bool) -> Any:
    source = ctx.props.get("MasterUserPassword")
    if source is None:
        if managed:
            ctx.gap(MASTER_PASSWORD, "the master password was kept in Secrets Manager by RDS; "
                    "Heat generates one instead", f"read it with get_attr [{ctx.name}Password, value]",
                    ctx.path("ManageMasterUserPassword"))
        return GENERATE if managed else MISSING
    path = ctx.path("MasterUserPassword")
    if isinstance(source, fn.Ref) and source.target in ctx.template.parameters:
        if not ctx.template.parameters[source.target].no_echo:
            ctx.gap(MASTER_PASSWORD, f"the password parameter {source.target!r} is not NoEcho, so "
                    "Heat shows it in clear", "mark the parameter NoEcho (hidden: true in HOT)", path)
        return ctx.prop("MasterUserPassword")
    static = ctx.static(source)
    ctx.consume("MasterUserPassword")
    if isinstance(static, str) and static.startswith("{{resolve:"):
        ctx.gap(MASTER_PASSWORD, "the password is a dynamic reference to an AWS secret store; "
                "it became the hidden parameter " + repr(ctx.name + "MasterUserPassword"),
                "pass the password when creating the stack", path)
        return ctx.parameter(ctx.name + "MasterUserPassword", {
            "type": "string", "hidden": True, "description": f"master password of {ctx.name}"})
    if isinstance(static, str):
        ctx.gap(MASTER_PASSWORD, "a literal password was written in the template; it became the "
                "hidden parameter " + repr(ctx.name + "MasterUserPassword") + " (the literal was not copied)",
                "pass the password when creating the stack", path)
        return ctx.parameter(ctx.name + "MasterUserPassword", {
            "type": "string", "hidden": True, "description": f"master password of {ctx.name}"})
    return ctx.value(source, "MasterUserPassword")


def networks(ctx: ResourceContext) -> list[Any]:
    """The network of the subnet group's first subnet, when both are in the template."""
    group_value = ctx.props.get("DBSubnetGroupName")
    if group_value is None:
        return []
    ctx.consume("DBSubnetGroupName")
    path = ctx.path("DBSubnetGroupName")
    group = ctx.referenced_resource(group_value)
    resources = ctx.template.resources
    if group is None or resources[group].type != "AWS::RDS::DBSubnetGroup":
        ctx.gap(SUBNET_GROUP, "the DB subnet group is not in this template; Trove picks its "
                "default network", "set networks on the Trove instance to the site's database network", path)
        return []
    group_props = resources[group].properties if isinstance(resources[group].properties, dict) else {}
    subnet_ids = group_props.get("SubnetIds")
    subnet = ctx.referenced_resource(subnet_ids[0]) if isinstance(subnet_ids, list) and subnet_ids else None
    emitted = ctx.emitted_name(subnet) if subnet else None
    if emitted and ctx.emitted(emitted)["type"] == "OS::Neutron::Subnet":
        ctx.gap(SUBNET_GROUP_NETWORK, f"the subnet group became the network of its first subnet ({subnet}); "
                "Trove attaches the instance to that network", "", path)
        return [{"network": ctx.dialect.get_attr(emitted, "network_id")}]
    ctx.gap(SUBNET_GROUP, "the subnet group's subnets could not be followed to a Neutron network; "
            "Trove picks its default network", "set networks on the Trove instance to the site's database network",
            path)
    return []


def reads_port(ctx: ResourceContext) -> bool:
    """Whether anything in the template reads this instance's Endpoint.Port."""
    return any(r.target == ctx.name and r.attribute == "Endpoint.Port"
               for r in all_references(ctx.template))

