"""CB2009: Fn::FindInMap keyed at deploy time becomes a json parameter; its siblings of other severities (CB2309)."""

from cfnbridge.linting.rule import Rule


class MappingLookup(Rule):
    """HOT has no Mappings section. A lookup whose keys are known only at deploy time (a
    parameter, the region) reads the mapping from a ``json`` parameter with a ``get_param``
    path; its AWS-specific values (AMI ids, instance types) still need reviewing."""

    id = "CB2009"
    severity = "info"
    summary = "Mapping lookup moved to a json parameter"


class RegionMapping(Rule):
    """A ``Fn::FindInMap`` keyed by ``AWS::Region``: OpenStack regions have other names, so the Region
    parameter defaults to one of the mapping's keys and that AWS region's values are used."""

    id = "CB2309"
    severity = "warning"
    summary = "Mapping keyed by AWS region"
