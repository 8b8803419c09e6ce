"""CB3011: EC2 instance types become Nova flavors."""

from cfnbridge.linting.rule import Rule


class Flavor(Rule):
    """EC2 instance types are not Nova flavors. Without a rule in the site profile the type
    becomes a parameter naming a flavor of similar size."""

    id = "CB3011"
    severity = "warning"
    summary = "Instance type needs a Nova flavor"
