"""CB3005: properties Heat's AWS resources declare but do not implement."""

from cfnbridge.linting.rule import Rule


class NotImplemented(Rule):
    """Heat's own AWS resource classes mark some properties as not implemented (Instance
    Tenancy, Monitoring, BlockDeviceMappings' Iops …); setting one makes Heat fail with
    "Property X not implemented yet"."""

    id = "CB3005"
    severity = "warning"
    summary = "Property not implemented by Heat"
