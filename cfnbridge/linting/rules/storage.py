"""CB3018: block storage differs on Cinder."""

from cfnbridge.linting.rule import Rule


class Storage(Rule):
    """Block device mappings, boot volumes, instance-store scratch disks and volume sizes
    become Nova block devices and Cinder volumes; volume types, scratch disks and minimum
    sizes differ by site."""

    id = "CB3018"
    severity = "warning"
    summary = "Block storage differs on Cinder"
