"""CB3018: block storage differs on Cinder; its siblings of other severities (CB3418)."""

from cfnbridge.linting.rule import Rule


class Storage(Rule):
    """Block device mappings, boot volumes, instance-store scratch disks and volume sizes
    become Nova block devices and Cinder volumes; volume types, scratch disks and minimum
    sizes differ by site."""

    id = "CB3018"
    severity = "warning"
    summary = "Block storage differs on Cinder"


class BootVolume(Rule):
    """The root device became a boot volume (or stays Nova's local disk) with the same size; nothing
    changes for the instance."""

    id = "CB3418"
    severity = "info"
    summary = "Block storage Nova gives another way"
