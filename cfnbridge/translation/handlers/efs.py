"""EFS file systems as Manila NFS shares that their clients may actually mount.

EFS is reached through mount targets: one NFS endpoint per subnet, guarded by security
groups. Manila has no mount targets; a share is exported on the site's storage network
and opened per client address with access rules. So the NFS (2049) ingress of the mount
targets' groups becomes ``access_rules`` (a CIDR as it is; a client group as the mount
target's subnet, whose servers were the ones AWS let in), and where no address is known
the clients' CIDR becomes a parameter. Scripts that mount ``<fs id>.efs.<region>.amazonaws.com``
cannot work: Ref to the file system gives the share's export location, which is what to mount.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from cfnbridge import intrinsics as fn
from cfnbridge.gap_codes import SHARE_ACCESS, SHARE_EXPORT, SHARE_MOUNT
from cfnbridge.references import all_functions
from cfnbridge.template import Template

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

NFS_PORT = 2049
_EFS_MOUNT = re.compile(r"\.efs\.|mount\s+(?:-\S+\s+)*-t\s+efs\b|amazon-efs-utils")


def file_system(ctx: ResourceContext) -> None:
    """AWS::EFS::FileSystem -> OS::Manila::Share with access rules for its mount targets' clients."""
    properties: dict[str, Any] = {"share_protocol": "NFS", "size": 10}
    properties.update(ctx.map_properties())
    rules = _access_rules(ctx)
    if rules:
        properties["access_rules"] = rules
    ctx.add(ctx.name, "OS::Manila::Share", properties)
    _report_efs_mounts(ctx)


def mount_target(ctx: ResourceContext) -> None:
    """A placeholder that waits for the share, so servers that waited for the mount target still do."""
    ctx.consume("FileSystemId", "SubnetId", "SecurityGroups")
    ctx.map_properties()
    share = ctx.referenced_resource(ctx.props.get("FileSystemId"))
    ctx.gap(SHARE_EXPORT, "Manila has no mount targets: the share is exported on the site's storage "
            "network; this mount target's clients were given access rules on the share", "", ctx.path())
    ctx.add(ctx.name, "OS::Heat::None", None, **({"depends_on": ctx.emitted_name(share) or share} if share else {}))


def _access_rules(ctx: ResourceContext) -> list[dict[str, Any]]:
    """One rw ip rule per client CIDR of the file system's mount targets (a parameter where none is known)."""
    targets = ctx.index(_mount_targets).get(ctx.name, [])
    if not targets:
        ctx.gap(SHARE_ACCESS, "the file system has no mount targets in this template, so the share "
                "gets no access rules and no client can mount it", "add access_rules (access_type ip, the "
                "clients' CIDR) to the share, or 'openstack share access create'", ctx.path())
        return []
    cidrs: list[Any] = []
    unknown: list[str] = []
    for target in targets:
        found = _target_cidrs(ctx, target)
        if found is None:
            unknown.append(target)
        for cidr in found or []:
            if cidr not in cidrs:
                cidrs.append(cidr)
    if unknown:
        name = ctx.name + "ClientCidr"
        ctx.gap(SHARE_ACCESS, f"the clients of the mount target(s) {', '.join(unknown)} have no address "
                f"range known in the template (their subnet or security group comes from outside); the share is "
                f"opened to the parameter {name!r}", "pass the CIDR of the subnet the clients run in",
                ("Resources", unknown[0]))
        cidrs.append(ctx.parameter(name, {"type": "string", "description": f"CIDR of the clients of {ctx.name}",
                                          "constraints": [{"custom_constraint": "net_cidr"}]}))
    return [{"access_type": "ip", "access_to": cidr, "access_level": "rw"} for cidr in cidrs]


def _target_cidrs(ctx: ResourceContext, target: str) -> list[Any] | None:
    """The CIDRs a mount target admits on NFS; None when they cannot be known from the template."""
    props = ctx.template.resources[target].properties
    groups = props.get("SecurityGroups") if isinstance(props, dict) else None
    cidrs: list[Any] = []
    by_group = False
    for group in groups if isinstance(groups, list) else []:
        name = ctx.referenced_resource(group)
        if name is None or ctx.template.resources[name].type != "AWS::EC2::SecurityGroup":
            return None  # a group from outside: its rules are unknown
        for rule in _nfs_ingress(ctx, name):
            cidr = ctx.static(rule.get("CidrIp"))
            if isinstance(cidr, str):
                cidrs.append(cidr)
            elif "CidrIp" in rule:
                cidrs.append(ctx.value_at(rule["CidrIp"], ("Resources", name)))
            elif "SourceSecurityGroupId" in rule or "SourceSecurityGroupName" in rule:
                by_group = True
    if by_group or not groups:
        subnet = _subnet_cidr(ctx, props.get("SubnetId") if isinstance(props, dict) else None)
        if subnet is None:
            return None
        cidrs.append(subnet)
    return cidrs


def _nfs_ingress(ctx: ResourceContext, group: str) -> list[dict[str, Any]]:
    """The ingress rules of ``group`` (inline and separate) that admit TCP 2049."""
    props = ctx.template.resources[group].properties
    rules = [r for r in (props.get("SecurityGroupIngress") or []) if isinstance(r, dict)] \
        if isinstance(props, dict) and isinstance(props.get("SecurityGroupIngress"), list) else []
    for resource in ctx.template.resources.values():
        if resource.type == "AWS::EC2::SecurityGroupIngress" and isinstance(resource.properties, dict) \
                and ctx.referenced_resource(resource.properties.get("GroupId")) == group:
            rules.append(resource.properties)
    return [r for r in rules if _admits_nfs(ctx, r)]


def _admits_nfs(ctx: ResourceContext, rule: dict[str, Any]) -> bool:
    protocol = str(ctx.static(rule.get("IpProtocol"))).lower()
    if protocol in ("-1", "all"):
        return True
    if protocol not in ("tcp", "6"):
        return False
    low, high = ctx.static(rule.get("FromPort")), ctx.static(rule.get("ToPort"))
    try:
        return int(low) <= NFS_PORT <= int(high)
    except (TypeError, ValueError):
        return True  # a port chosen at deploy time may be NFS's


def _subnet_cidr(ctx: ResourceContext, subnet: Any) -> Any:
    """The CIDR of a subnet of this template, known before deployment; else None."""
    name = ctx.referenced_resource(subnet)
    if name is None or ctx.template.resources[name].type != "AWS::EC2::Subnet":
        return None
    props = ctx.template.resources[name].properties
    cidr = ctx.static(props.get("CidrBlock")) if isinstance(props, dict) else None
    return cidr if isinstance(cidr, str) else None


def _mount_targets(template: Template) -> dict[str, list[str]]:
    """File system name -> its mount targets, in source order (built once per template)."""
    found: dict[str, list[str]] = {}
    for name, resource in template.resources.items():
        props = resource.properties if isinstance(resource.properties, dict) else {}
        target = props.get("FileSystemId") if resource.type == "AWS::EFS::MountTarget" else None
        if isinstance(target, fn.Ref) and target.target in template.resources:
            found.setdefault(target.target, []).append(name)
    return found


def _report_efs_mounts(ctx: ResourceContext) -> None:
    """An error where a script mounts the EFS DNS name or uses the EFS mount helper."""
    systems = [n for n, r in ctx.template.resources.items() if r.type == "AWS::EFS::FileSystem"]
    seen: set[tuple[Any, ...]] = set()
    for function, path in all_functions(ctx.template):
        if len(path) < 2 or path[0] not in ("Resources", "Outputs") or not _mounts_efs(function):
            continue
        if "UserData" in path:
            continue  # a server's user data: its mounts are pointed at the share (bootstrap.mounts)
        named = {t for _, t, _ in _nested_targets(function)} & set(systems)
        if (named and ctx.name not in named) or (not named and systems[0] != ctx.name) or path[:2] in seen:
            continue
        seen.add(path[:2])
        ctx.gap(SHARE_MOUNT, "this script mounts EFS (its DNS name <fs id>.efs.<region>.amazonaws.com or "
                "the efs mount helper), which does not exist on OpenStack; Ref to the file system now gives the "
                "Manila share's export location (host:/path), which is itself the NFS source to mount",
                f"mount -t nfs <export location> <dir>, the location from {{get_attr: [{ctx.name}, "
                "export_locations, 0]} (a Ref to the file system)", path)


def _mounts_efs(function: fn.Intrinsic) -> bool:
    if isinstance(function, fn.Sub):
        return any(kind == "text" and _EFS_MOUNT.search(text) for kind, text in function.parts())
    if isinstance(function, fn.Join) and isinstance(function.args, list) and len(function.args) == 2:
        items = function.args[1]
        return isinstance(items, list) and any(isinstance(i, str) and _EFS_MOUNT.search(i) for i in items)
    return False


def _nested_targets(function: fn.Intrinsic) -> list[tuple[str, str, str | None]]:
    return [ref for inner, _ in fn.walk(function) for ref in inner.references()]
