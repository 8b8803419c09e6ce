"""CB3010: AMI ids become Glance images."""

from cfnbridge.linting.rule import Rule


class Image(Rule):
    """An AMI id means nothing to Glance. Without an entry in the site profile the image becomes
    a parameter that someone must fill with a Glance image name or id."""

    id = "CB3010"
    severity = "warning"
    summary = "AMI needs a Glance image"
