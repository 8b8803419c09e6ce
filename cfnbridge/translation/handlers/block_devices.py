"""Block device mappings: a server's disks as Nova block devices and Cinder volumes.

The root device becomes the boot disk (an image copied to a volume when AWS set EBS
settings for it), other EBS devices become volumes, ephemeral ones scratch disks; every
EBS setting Cinder cannot honour is reported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import (
    BLOCK_DEVICES,
    BOOT_VOLUME,
    EBS_SNAPSHOT,
    SCRATCH_DISK,
)
from cfnbridge.translation import maps, transforms

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

Path = tuple[Any, ...]
_ROOT_DEVICES = frozenset({"/dev/xvda", "/dev/xvda1", "/dev/sda", "/dev/sda1", "/dev/nvme0n1", "xvda", "sda1"})
_VOLUME_GAP_KEYS = ("VolumeType", "Iops", "Throughput", "Encrypted", "KmsKeyId")

def _block_devices(ctx: ResourceContext, value: Any, path: Path, server: dict[str, Any]) -> list[Any]:
    """EBS mappings as block_device_mapping_v2: root volume, snapshot volumes, scratch disks."""
    from cfnbridge.translation.properties import map_mapping

    static = value if isinstance(value, list) else ctx.static(value)
    if not isinstance(static, list):
        ctx.gap(BLOCK_DEVICES, "the block device mappings are computed at deploy time; dropped",
                "write them out literally", path)
        return []
    volume_spec = maps.lookup("AWS::EC2::Volume").properties
    out = []
    for index, mapping in enumerate(static):
        item_path = (*path, index)
        if not isinstance(mapping, dict):
            continue
        if "NoDevice" in mapping or "VirtualName" in mapping:
            ctx.gap(BLOCK_DEVICES, "instance-store and suppressed devices come from the flavor on Nova; "
                    "the mapping was dropped", "pick a flavor with ephemeral disk", item_path)
            continue
        ebs = mapping.get("Ebs")
        if not isinstance(ebs, dict):
            continue
        ebs_path = (*item_path, "Ebs")
        map_mapping(ctx, volume_spec, {k: ebs[k] for k in _VOLUME_GAP_KEYS if k in ebs}, ebs_path, "OS::Nova::Server")
        device = ctx.static(mapping.get("DeviceName"))
        entry: dict[str, Any] = {}
        if isinstance(device, str):
            entry["device_name"] = device.removeprefix("/dev/")
        size = transforms.integer(ctx, ebs["VolumeSize"], (*ebs_path, "VolumeSize")) if "VolumeSize" in ebs else None
        delete = transforms.boolean(ctx, ebs["DeleteOnTermination"], (*ebs_path, "DeleteOnTermination")) \
            if "DeleteOnTermination" in ebs else True
        root = isinstance(device, str) and device in _ROOT_DEVICES
        if "SnapshotId" in ebs:
            ctx.gap(EBS_SNAPSHOT, "an EBS snapshot id means nothing to Cinder",
                    "pass the id of a Cinder snapshot", (*ebs_path, "SnapshotId"))
            entry.update(snapshot_id=ctx.value_at(ebs["SnapshotId"], (*ebs_path, "SnapshotId")),
                         boot_index=0 if root else -1)
        elif root:
            if "image" in server:
                entry["image"] = server.pop("image")
            entry["boot_index"] = 0
            ctx.gap(BOOT_VOLUME, "the root device became a boot volume created from the image",
                    "", item_path)
        else:
            ctx.gap(SCRATCH_DISK, "a new blank EBS volume became a local ephemeral disk: the flavor "
                    "must allow that much ephemeral storage, and the disk does not outlive the server",
                    "or create an OS::Cinder::Volume and attach it", item_path)
            entry.update(ephemeral_size=size if size is not None else 1, boot_index=-1)
            out.append(entry)
            continue
        if size is not None:
            entry["volume_size"] = size
        entry["delete_on_termination"] = delete
        out.append(entry)
    return out
