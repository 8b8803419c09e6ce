"""CB3010: AMI ids become Glance images; its siblings of other severities (CB3210, CB3410)."""

from cfnbridge.linting.rule import Rule


class Image(Rule):
    """An AMI id means nothing to Glance. Without an entry in the site profile the image becomes
    a parameter that someone must fill with a Glance image name or id."""

    id = "CB3010"
    severity = "warning"
    summary = "AMI needs a Glance image"


class ImageUnknown(Rule):
    """The AMI is computed at deploy time (a condition, a function), so it could not be replaced by a
    Glance image: an AMI id names no Glance image, and the server will not boot."""

    id = "CB3210"
    severity = "error"
    summary = "Image may not resolve on OpenStack"


class ImageFromProfile(Rule):
    """Every AMI the mapping can pick is mapped to a Glance image in the site profile, so the lookup picks
    real images."""

    id = "CB3410"
    severity = "info"
    summary = "Image taken from the site profile"
