"""Instances as Nova servers with explicit Neutron ports; interfaces, key pairs, launch templates.

Every instance gets its own ``OS::Neutron::Port``: floating IPs bind to ports, and the
port's fixed IP is the instance's PrivateIp. Security groups go on that port (Nova
ignores the server's list when a port is given). Where AWS would give the instance a
public address (a subnet with MapPublicIpOnLaunch, an interface with
AssociatePublicIpAddress, the default VPC) it gets a floating IP, so PublicIp keeps its
meaning; otherwise PublicIp falls back to the private address, as Heat's own
AWS::EC2::Instance does, and that is reported.

``server_properties`` is shared with the Auto Scaling helpers (launch configurations and
launch templates): it turns Instance-like properties into OS::Nova::Server properties.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge import intrinsics as fn
from cfnbridge.gap_codes import (
    DEFAULT_NETWORK,
    DEVICE_NAME,
    FLAVOR,
    GROUP_LISTS,
    IMAGE,
    LAUNCH_TEMPLATE,
    LAUNCH_TEMPLATE_COPIED,
    NETWORK_INTERFACES,
    PLACEMENT,
    PUBLIC_IP,
    PUBLIC_IP_FLOATING,
    SOURCE_DEST_CHECK,
    TAG_SPECIFICATION,
    UNSUPPORTED_PROPERTY,
    VOLUMES,
)
from cfnbridge.translation import maps, transforms
from cfnbridge.translation.bootstrap.mounts import remount
from cfnbridge.translation.bootstrap.server import instance_bootstrap
from cfnbridge.translation.handlers.block_devices import _block_devices
from cfnbridge.translation.handlers.network import external_network, refers_to, resources_of, subnet_network
from cfnbridge.translation.handlers.security_groups import _group_value
from cfnbridge.translation.plan import Status
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

Path = tuple[Any, ...]
_NETWORK_KEYS = ("SubnetId", "PrivateIpAddress", "NetworkInterfaces", "SourceDestCheck", "Volumes", "LaunchTemplate")


# -- server properties (shared with Auto Scaling) -------------------------------------------
def server_properties(ctx: ResourceContext, props: dict[str, Any], path: Path) -> dict[str, Any]:
    """Instance-like properties to OS::Nova::Server properties.

    With the resource's own properties (``path == ctx.base``) the keys it knows are
    consumed and the rest left to the caller's table; with a foreign dict (launch
    template data) every key it does not know is reported here. A missing image or
    flavor is left to the caller, which knows whether another source supplies it.
    """
    from cfnbridge.translation.properties import map_mapping

    own = tuple(path) == ctx.base
    spec = dict(maps.lookup("AWS::EC2::Instance").properties)
    if not own:
        spec.update(maps.lookup("AWS::EC2::LaunchTemplate").properties["LaunchTemplateData"]["properties"])
    table = {k: v for k, v in props.items() if k in spec and not _handled(spec[k]) and k != "NetworkInterfaces"}
    out: dict[str, Any] = map_mapping(ctx, spec, table, path, "OS::Nova::Server")
    if "user_data" in out:
        out["user_data_format"] = "RAW"
    groups = [_group_list(ctx, props[k], (*path, k)) for k in ("SecurityGroups", "SecurityGroupIds") if k in props]
    if not own and isinstance(props.get("NetworkInterfaces"), list):
        groups.extend(_template_interfaces(ctx, props["NetworkInterfaces"], (*path, "NetworkInterfaces"), out))
    if groups:
        out["security_groups"] = groups[0] if len(groups) == 1 else _concat(ctx, groups, path)
    if "BlockDeviceMappings" in props:
        devices = _block_devices(ctx, props["BlockDeviceMappings"], (*path, "BlockDeviceMappings"), out)
        if devices:
            out["block_device_mapping_v2"] = devices
    metadata = _metadata(ctx, props, path, own)
    if metadata:
        out["metadata"] = metadata
    if not own:
        _placement(ctx, props.get("Placement"), (*path, "Placement"), out)
        for key in props:
            if key not in spec:
                ctx.gap(UNSUPPORTED_PROPERTY, f"launch template data {key!r} has no mapping to "
                        "OS::Nova::Server; it was dropped", "check whether the site needs an equivalent", (*path, key))
    else:
        ctx.consume(*(k for k in props if k in spec and k not in _NETWORK_KEYS))
    return out


def _handled(entry: Any) -> bool:
    return isinstance(entry, dict) and bool(entry.get("handled"))


def _group_list(ctx: ResourceContext, value: Any, path: Path) -> Any:
    """Security groups (names or ids) as a list of Neutron group references."""
    if isinstance(value, list):
        items = (_group_value(ctx, item, (*path, i)) for i, item in enumerate(value))
        return [item for item in items if item is not MISSING]
    parameter = ctx.template.parameters.get(value.target) if isinstance(value, fn.Ref) else None
    one_group = parameter is not None and parameter.type in ("String", "AWS::EC2::SecurityGroup::Id")
    if isinstance(value, str) or one_group:
        return [ctx.value_at(value, path)]  # one group given as a plain string parameter
    return ctx.value_at(value, path)


def _concat(ctx: ResourceContext, lists: list[Any], path: Path) -> Any:
    if all(isinstance(item, list) for item in lists):
        return [group for item in lists for group in item]
    joined = ctx.dialect.concat(lists)
    if joined is None:
        ctx.gap(GROUP_LISTS, "two security group lists known only at deploy time cannot be joined in "
                "Heat's CFN dialect; only the first list was kept", "translate with --to hot, or give one list",
                path)
        return lists[0]
    return joined


def _metadata(ctx: ResourceContext, props: dict[str, Any], path: Path, own: bool) -> Any:
    """Tags (or a launch template's instance tag specifications) as server metadata."""
    if "Tags" in props:
        return transforms.tags_to_map(ctx, props["Tags"], (*path, "Tags"))
    specs = props.get("TagSpecifications")
    if own or not isinstance(specs, list):
        return None
    metadata: dict[str, Any] = {}
    for index, spec in enumerate(specs):
        if isinstance(spec, dict) and ctx.static(spec.get("ResourceType")) == "instance":
            metadata.update(transforms.tags_to_map(ctx, spec.get("Tags", []), (*path, "TagSpecifications", index)))
        else:
            ctx.gap(TAG_SPECIFICATION, "only instance tags become server metadata; these were dropped",
                    "", (*path, "TagSpecifications", index))
    return metadata


def _placement(ctx: ResourceContext, value: Any, path: Path, out: dict[str, Any]) -> None:
    if not isinstance(value, dict):
        return
    for key, item in value.items():
        if key == "AvailabilityZone":
            out["availability_zone"] = ctx.value_at(item, (*path, key))
        else:
            ctx.gap(PLACEMENT, f"placement {key!r} has no Nova server property; it was dropped",
                    "use an OS::Nova::ServerGroup with scheduler_hints for placement", (*path, key))


def _template_interfaces(ctx: ResourceContext, value: list[Any], path: Path, out: dict[str, Any]) -> list[Any]:
    """A launch template's interfaces: groups and subnet for the server (no ports of its own)."""
    groups: list[Any] = []
    networks = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            continue
        item_path = (*path, index)
        if "Groups" in item:
            groups.append(_group_list(ctx, item["Groups"], (*item_path, "Groups")))
        if "SubnetId" in item:
            networks.append({"subnet": ctx.value_at(item["SubnetId"], (*item_path, "SubnetId"))})
        if ctx.static(item.get("AssociatePublicIpAddress")) is True:
            ctx.gap(PUBLIC_IP, "servers created from this launch template get no floating IP",
                    "add floating IPs to the servers (e.g. in the scaling group's resource definition)",
                    (*item_path, "AssociatePublicIpAddress"))
        for key in item:
            if key not in ("Groups", "SubnetId", "AssociatePublicIpAddress", "DeviceIndex", "DeleteOnTermination"):
                ctx.gap(UNSUPPORTED_PROPERTY, f"interface setting {key!r} was dropped", "",
                        (*item_path, key))
    if networks:
        out["networks"] = networks
    return groups


# -- instances ----------------------------------------------------------------------------
def instance(ctx: ResourceContext) -> None:
    """OS::Nova::Server plus its ports (and a floating IP where AWS gives a public address)."""
    server: dict[str, Any] = {}
    ctx.consume(*_NETWORK_KEYS)
    if "LaunchTemplate" in ctx.props:
        found = launch_template_data(ctx, ctx.props["LaunchTemplate"], ctx.path("LaunchTemplate"))
        if found is not None:
            server.update(server_properties(ctx, *found))
    server.update(server_properties(ctx, {k: v for k, v in ctx.props.items() if k not in _NETWORK_KEYS}, ctx.base))
    require_image_and_flavor(ctx, server)
    groups = server.pop("security_groups", MISSING)
    server.update(ctx.map_properties())
    ports = _instance_ports(ctx, groups)
    server["networks"] = [{"port": port if isinstance(port, dict) else ctx.dialect.get_resource(port)}
                          for _, port in ports]
    ctx.add(ctx.name, "OS::Nova::Server", server)
    remount(ctx, server, ctx.path("UserData") if "UserData" in ctx.props else ctx.path())
    if ctx.cloud_init:
        instance_bootstrap(ctx, server)
    emitted = []
    for body, port in ports:
        if body is not None:
            emitted.append(ctx.add(port, "OS::Neutron::Port", body))
    if emitted and emitted[0] != f"{ctx.name}Port":
        for attribute in ("PrivateIp", "PublicIp", "PrivateDnsName", "PublicDnsName"):
            ctx.set_attribute(attribute, emitted[0], "fixed_ips", 0, "ip_address")
    if emitted:
        _public_address(ctx, emitted[0])
    _inline_volumes(ctx)


def require_image_and_flavor(ctx: ResourceContext, server: dict[str, Any]) -> None:
    """Nova needs a flavor and an image (or a boot volume); missing ones become parameters."""
    if "flavor" not in server:
        ctx.gap(FLAVOR, "no instance type is given; the flavor became the parameter 'Flavor'",
                "name a Nova flavor", ctx.path())
        server["flavor"] = ctx.parameter("Flavor", {"type": "string", "description": "Nova flavor"})
    boots = any(isinstance(d, dict) and d.get("boot_index") == 0 for d in server.get("block_device_mapping_v2", []))
    if "image" not in server and not boots:
        ctx.gap(IMAGE, "no image is given; it became the parameter 'Image'", "name a Glance image",
                ctx.path())
        server["image"] = ctx.parameter("Image", {"type": "string", "description": "Glance image"})


def _instance_ports(ctx: ResourceContext, groups: Any) -> list[tuple[dict[str, Any] | None, Any]]:
    """(port body, port name) per interface, primary first; body None for an existing port."""
    interfaces = ctx.props.get("NetworkInterfaces")
    if interfaces is not None:
        static = interfaces if isinstance(interfaces, list) else ctx.static(interfaces)
        if isinstance(static, list):
            return _interface_ports(ctx, static)
        ctx.gap(NETWORK_INTERFACES, "the interfaces are computed at deploy time; the server got one "
                "port on the parameter 'Network'", "write the interfaces out literally", ctx.path("NetworkInterfaces"))
    body = _port_body(ctx, ctx.props.get("SubnetId"), ctx.props.get("PrivateIpAddress"), ctx.path("SubnetId"))
    if groups is not MISSING:
        body["security_groups"] = groups
    _source_dest_check(ctx, ctx.props, ctx.base, body)
    return [(body, f"{ctx.name}Port")]


def _port_body(ctx: ResourceContext, subnet: Any, address: Any, path: Path) -> dict[str, Any]:
    if subnet is None:
        ctx.gap(DEFAULT_NETWORK, "the instance has no subnet (AWS's default VPC): its port is on the "
                "network given by the parameter 'Network'", "pass the project's network", path)
        return {"network": ctx.parameter("Network", {"type": "string", "description": "Neutron network for "
                                                     "instances without a subnet (was the default VPC)"})}
    fixed: dict[str, Any] = {"subnet": ctx.value_at(subnet, path)}
    if address is not None:
        fixed["ip_address"] = ctx.value_at(address, (*path[:-1], "PrivateIpAddress"))
    return {"network": subnet_network(ctx, subnet, path), "fixed_ips": [fixed]}


def _source_dest_check(ctx: ResourceContext, props: dict[str, Any], base: Path, body: dict[str, Any]) -> None:
    if "SourceDestCheck" not in props:
        return
    value = ctx.static(props["SourceDestCheck"])
    if value is False or (isinstance(value, str) and value.lower() == "false"):
        body["allowed_address_pairs"] = [{"ip_address": "0.0.0.0/0"}]
        ctx.gap(SOURCE_DEST_CHECK, "SourceDestCheck false became allowed_address_pairs 0.0.0.0/0 on "
                "the port, so it may forward any traffic", "or set port_security_enabled: false (which also drops "
                "the security groups)", (*base, "SourceDestCheck"))
    elif value is not True and not (isinstance(value, str) and value.lower() == "true"):
        ctx.gap(SOURCE_DEST_CHECK, "SourceDestCheck is decided at deploy time; it was dropped",
                "set allowed_address_pairs on the port if it must forward traffic", (*base, "SourceDestCheck"))


def _interface_ports(ctx: ResourceContext, interfaces: list[Any]) -> list[tuple[dict[str, Any] | None, Any]]:
    order = sorted(range(len(interfaces)), key=lambda i: str(ctx.static(
        interfaces[i].get("DeviceIndex", i) if isinstance(interfaces[i], dict) else i)))
    ports: list[tuple[dict[str, Any] | None, Any]] = []
    for position, index in enumerate(order):
        item, path = interfaces[index], ctx.path("NetworkInterfaces", index)
        if not isinstance(item, dict):
            continue
        if "NetworkInterfaceId" in item:
            ports.append((None, ctx.value_at(item["NetworkInterfaceId"], (*path, "NetworkInterfaceId"))))
            continue
        body = _port_body(ctx, item.get("SubnetId"), item.get("PrivateIpAddress"), (*path, "SubnetId"))
        if "GroupSet" in item:
            body["security_groups"] = _group_list(ctx, item["GroupSet"], (*path, "GroupSet"))
        _source_dest_check(ctx, item, path, body)
        for key in item:
            if key not in ("SubnetId", "PrivateIpAddress", "GroupSet", "DeviceIndex", "AssociatePublicIpAddress",
                           "DeleteOnTermination", "SourceDestCheck"):
                ctx.gap(UNSUPPORTED_PROPERTY, f"interface setting {key!r} was dropped", "",
                        (*path, key))
        ports.append((body, f"{ctx.name}Port" + (str(position) if position else "")))
    return ports


def _public_address(ctx: ResourceContext, port: str) -> None:
    """Point PublicIp at the instance's EIP, or give it a floating IP where AWS gives a public one."""
    eip = _eip_of(ctx)
    if eip is not None:
        for attribute in ("PublicIp", "PublicDnsName"):
            ctx.set_attribute(attribute, eip, "floating_ip_address")
        return
    if not _gets_public_address(ctx):
        return
    name = ctx.add(f"{ctx.name}PublicIp", "OS::Neutron::FloatingIP",
                   {"floating_network": external_network(ctx), "port_id": ctx.dialect.get_resource(port)})
    for attribute in ("PublicIp", "PublicDnsName"):
        ctx.set_attribute(attribute, name, "floating_ip_address")
    ctx.gap(PUBLIC_IP_FLOATING, f"AWS gives this instance a public address; it got the floating IP {name}",
            "", ctx.path())


def _eip_of(ctx: ResourceContext) -> str | None:
    for eip in resources_of(ctx, "AWS::EC2::EIP"):
        if refers_to(ctx, eip, "InstanceId", ctx.name):
            return eip
    for association in resources_of(ctx, "AWS::EC2::EIPAssociation"):
        if refers_to(ctx, association, "InstanceId", ctx.name):
            props = ctx.template.resources[association].properties
            target = ctx.referenced_resource(props.get("AllocationId", props.get("EIP")))
            if target is not None and ctx.template.resources[target].type == "AWS::EC2::EIP":
                return target
    return None


def _gets_public_address(ctx: ResourceContext) -> bool:
    interfaces = ctx.props.get("NetworkInterfaces")
    if isinstance(interfaces, list):
        return any(isinstance(i, dict) and ctx.static(i.get("AssociatePublicIpAddress")) is True
                   and str(ctx.static(i.get("DeviceIndex", 0))) == "0" for i in interfaces)
    subnet = ctx.referenced_resource(ctx.props.get("SubnetId"))
    if "SubnetId" not in ctx.props:
        return True
    if subnet is None or ctx.template.resources[subnet].type != "AWS::EC2::Subnet":
        return False
    value = ctx.static((ctx.template.resources[subnet].properties or {}).get("MapPublicIpOnLaunch", False))
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _inline_volumes(ctx: ResourceContext) -> None:
    volumes = ctx.props.get("Volumes")
    if not isinstance(volumes, list):
        if volumes is not None:
            ctx.gap(VOLUMES, "the volume list is computed at deploy time; dropped",
                    "attach volumes with OS::Cinder::VolumeAttachment", ctx.path("Volumes"))
        return
    for index, item in enumerate(volumes):
        path = ctx.path("Volumes", index)
        if not isinstance(item, dict):
            ctx.gap(VOLUMES, "this volume entry is computed at deploy time; it was dropped",
                    "attach it with OS::Cinder::VolumeAttachment", path)
            continue
        props = {"instance_uuid": ctx.dialect.get_resource(ctx.emitted_name(ctx.name) or ctx.name),
                 "volume_id": ctx.value_at(item.get("VolumeId"), (*path, "VolumeId"))}
        if "Device" in item:
            props["mountpoint"] = ctx.value_at(item["Device"], (*path, "Device"))
            ctx.gap(DEVICE_NAME, "the guest may name the disk differently (e.g. /dev/vdb): KVM does "
                    "not honour requested device names", "mount by label or UUID in the instance", (*path, "Device"))
        ctx.add(f"{ctx.name}Volume{index}", "OS::Cinder::VolumeAttachment", props)


def instance_port(ctx: ResourceContext, name: str) -> str | None:
    """The primary port emitted for an instance of this template, if any."""
    if ctx.status_of(name) is not Status.HOT:
        return None
    for emitted in ctx.emitted_names(name):
        if ctx.emitted(emitted)["type"] == "OS::Neutron::Port":
            return emitted
    return None


def launch_template(ctx: ResourceContext) -> None:
    """No resource of its own: the data is translated where servers or groups use it."""
    ctx.consume(*ctx.props)
    ctx.gap(LAUNCH_TEMPLATE_COPIED, "a launch template has no OpenStack resource: its data is copied into the "
            "servers and scaling groups that use it; kept as OS::Heat::None", "", ("Resources", ctx.name, "Type"))
    ctx.add(ctx.name, "OS::Heat::None")


def launch_template_data(ctx: ResourceContext, spec: Any, path: Path) -> tuple[dict[str, Any], Path] | None:
    """The LaunchTemplateData (and its path) that a ``LaunchTemplate`` specification names."""
    if not isinstance(spec, dict):
        spec = ctx.static(spec)
    if not isinstance(spec, dict):
        ctx.gap(LAUNCH_TEMPLATE, "the launch template is chosen at deploy time", "name it literally",
                path)
        return None
    target = ctx.referenced_resource(spec.get("LaunchTemplateId"))
    if target is None and "LaunchTemplateName" in spec:
        target = ctx.referenced_resource(spec["LaunchTemplateName"])
        wanted = ctx.static(spec["LaunchTemplateName"])
        for name in resources_of(ctx, "AWS::EC2::LaunchTemplate"):
            props = ctx.template.resources[name].properties or {}
            if target is None and isinstance(wanted, str) and ctx.static(props.get("LaunchTemplateName")) == wanted:
                target = name
    resource = ctx.template.resources.get(target) if target else None
    if resource is None or resource.type != "AWS::EC2::LaunchTemplate" or not isinstance(resource.properties, dict) \
            or not isinstance(resource.properties.get("LaunchTemplateData"), dict):
        ctx.gap(LAUNCH_TEMPLATE, "the launch template is not defined in this template, so its "
                "settings could not be copied", "give the image, flavor and other settings directly", path)
        return None
    return resource.properties["LaunchTemplateData"], ("Resources", target, "Properties", "LaunchTemplateData")


__all__ = ["instance_port", "launch_template_data", "require_image_and_flavor", "server_properties"]
