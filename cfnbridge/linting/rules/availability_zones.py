"""CB2007: Fn::GetAZs becomes a list of zones from the site."""

from cfnbridge.linting.rule import Rule


class AvailabilityZones(Rule):
    """``Fn::GetAZs`` lists the region's zones on AWS. Heat ignores the region and many
    OpenStack clouds have a single zone (``nova``), so the list becomes a parameter or the
    site profile's zones."""

    id = "CB2007"
    severity = "info"
    summary = "Fn::GetAZs depends on the site's zones"
