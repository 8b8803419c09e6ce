"""Every gap code written in code, and the lint rule it belongs to: declared once, here.

The translator reports gaps by these names (``from cfnbridge.gap_codes import EXPORT``), so a
misspelt code fails when its module is imported. Codes that resource maps declare
(``resource_maps/*.yaml``) live in the maps as data and are classified by where they stand
there (``cfnbridge.linting.registry.rule_for_gap``). A code whose rule id is unknown fails the
registry at import time.
"""

from __future__ import annotations

RULE_OF: dict[str, str] = {}


def _code(code: str, rule: str) -> str:
    RULE_OF[code] = rule
    return code


def codes_for(rule_id: str) -> tuple[str, ...]:
    """The gap codes in code that belong to ``rule_id``, in the order they are declared."""
    return tuple(code for code, rule in RULE_OF.items() if rule == rule_id)


# CB0002: Property AWS does not know
UNKNOWN_PROPERTY = _code("unknown-property", "CB0002")

# CB1002: Transform (macro) cannot run on Heat
TRANSFORM = _code("transform", "CB1002")

# CB1003: Top-level section dropped for Heat
METADATA_DROPPED = _code("metadata-dropped", "CB1003")
RULES_DROPPED = _code("rules-dropped", "CB1003")

# CB1004: Fn::ForEach has no Heat equivalent
FOREACH = _code("foreach", "CB1004")

# CB2001: Intrinsic function with no Heat equivalent
UNKNOWN_FUNCTION = _code("unknown-function", "CB2001")
UNSUPPORTED_FUNCTION = _code("unsupported-function", "CB2001")
CFN_SYNTAX = _code("cfn-syntax", "CB2001")
CONDITION_VALUE = _code("condition-value", "CB2001")

# CB2002: Function replaced by its value at translation time
FUNCTION_EVALUATED = _code("function-evaluated", "CB2002")

# CB2003: Pseudo parameter differs on OpenStack
PSEUDO_PARAMETER = _code("pseudo-parameter", "CB2003")

# CB2004: Reference to an undefined name
UNDEFINED_REFERENCE = _code("undefined-reference", "CB2004")

# CB2005: AWS::NoValue needs care on Heat
NOVALUE = _code("novalue", "CB2005")

# CB2006: Fn::Base64 dropped
BASE64_DROPPED = _code("base64-dropped", "CB2006")

# CB2007: Fn::GetAZs depends on the site's zones
AVAILABILITY_ZONES = _code("availability-zones", "CB2007")
ZONE = _code("zone", "CB2007")

# CB2009: Mapping lookup moved to a json parameter
MAPPING_PARAMETER = _code("mapping-parameter", "CB2009")
REGION_MAPPING = _code("region-mapping", "CB2009")

# CB3001: Resource type has no OpenStack translation
HEALTH_CHECK = _code("health-check", "CB3001")
LAUNCH_CONFIGURATION = _code("launch-configuration", "CB3001")
TLS_CERTIFICATE = _code("tls-certificate", "CB3001")
UNSUPPORTED_TYPE = _code("unsupported-type", "CB3001")
VPN = _code("vpn", "CB3001")

# CB3002: Resource type only approximated on OpenStack
APPROXIMATION = _code("approximation", "CB3002")
NAT_GATEWAY = _code("nat-gateway", "CB3002")
NATIVE_TYPE = _code("native-type", "CB3002")

# CB3003: Property not translated
DEAD_LETTER = _code("dead-letter", "CB3003")
INCOMPLETE_ITEM = _code("incomplete-item", "CB3003")
PLACEMENT = _code("placement", "CB3003")
PROPERTY_DROPPED = _code("property-dropped", "CB3003")
REQUIRED_PROPERTY = _code("required-property", "CB3003")
TAG_SPECIFICATION = _code("tag-specification", "CB3003")
UNSUPPORTED_PROPERTY = _code("unsupported-property", "CB3003")
VALUE_NOT_ALLOWED = _code("value-not-allowed", "CB3003")

# CB3004: Property only approximated
ACL_APPROXIMATED = _code("acl-approximated", "CB3004")
DEVICE_NAME = _code("device-name", "CB3004")
EBS_SNAPSHOT = _code("ebs-snapshot", "CB3004")
PROPERTY_APPROXIMATED = _code("property-approximated", "CB3004")
STATIC_WEBSITE = _code("static-website", "CB3004")
VALUE_FITTED = _code("value-fitted", "CB3004")

# CB3005: Property not implemented by Heat
NOT_IMPLEMENTED = _code("not-implemented", "CB3005")
TENANCY = _code("tenancy", "CB3005")

# CB3006: Attribute has no OpenStack value
UNSUPPORTED_ATTRIBUTE = _code("unsupported-attribute", "CB3006")

# CB3007: Attribute only approximated
DNS_NAME = _code("dns-name", "CB3007")

# CB3008: Reference to a resource that is not translated
REFERENCE_TO_OMITTED = _code("reference-to-omitted", "CB3008")
OUTPUT_REMOVED = _code("output-removed", "CB3008")
REFERENCE_PARAMETER = _code("reference-parameter", "CB3008")
DEPENDS_ON_DROPPED = _code("depends-on-dropped", "CB3008")

# CB3009: Value known only at deploy time
UNWRITABLE_VALUE = _code("unwritable-value", "CB3009")
CONDITIONAL_ITEM = _code("conditional-item", "CB3009")
DYNAMIC_PROPERTIES = _code("dynamic-properties", "CB3009")
DYNAMIC_STRUCTURE = _code("dynamic-structure", "CB3009")
DYNAMIC_TAG_KEY = _code("dynamic-tag-key", "CB3009")
DYNAMIC_TAGS = _code("dynamic-tags", "CB3009")

# CB3010: AMI needs a Glance image
IMAGE = _code("image", "CB3010")

# CB3011: Instance type needs a Nova flavor
FLAVOR = _code("flavor", "CB3011")

# CB3012: cfn-init needs heat-cfntools in the image
CFN_INIT = _code("cfn-init", "CB3012")

# CB3013: Network model differs on Neutron
DEFAULT_NETWORK = _code("default-network", "CB3013")
EXTERNAL_NETWORK = _code("external-network", "CB3013")
EXTRA_ROUTE = _code("extra-route", "CB3013")
FLOATING_IP_ID = _code("floating-ip-id", "CB3013")
FLOATING_IP_PORT = _code("floating-ip-port", "CB3013")
GATEWAY_ROUTE = _code("gateway-route", "CB3013")
INTERFACE_ATTACHMENT = _code("interface-attachment", "CB3013")
NETWORK_INTERFACES = _code("network-interfaces", "CB3013")
PREFIX_LIST = _code("prefix-list", "CB3013")
PUBLIC_IP = _code("public-ip", "CB3013")
PUBLIC_IP_ON_LAUNCH = _code("public-ip-on-launch", "CB3013")
SHARED_ROUTER = _code("shared-router", "CB3013")
SUBNET_NETWORK = _code("subnet-network", "CB3013")
SUBNET_POOL = _code("subnet-pool", "CB3013")
SUBNET_WITHOUT_ROUTER = _code("subnet-without-router", "CB3013")
SUBNET_ZONE = _code("subnet-zone", "CB3013")
UNSUPPORTED_ROUTE = _code("unsupported-route", "CB3013")

# CB3014: Load balancer semantics differ on Octavia
LB_ACTION = _code("lb-action", "CB3014")
LB_ATTRIBUTES = _code("lb-attributes", "CB3014")
LB_CONDITION = _code("lb-condition", "CB3014")
LB_HEALTH_CHECK = _code("lb-health-check", "CB3014")
LB_MEMBERSHIP = _code("lb-membership", "CB3014")
LB_POLICY = _code("lb-policy", "CB3014")
LB_PROTOCOL = _code("lb-protocol", "CB3014")
LB_REDIRECT = _code("lb-redirect", "CB3014")
LB_SCHEME = _code("lb-scheme", "CB3014")
LB_SHARED_POOL = _code("lb-shared-pool", "CB3014")
LB_STICKINESS = _code("lb-stickiness", "CB3014")
LB_SUBNETS = _code("lb-subnets", "CB3014")
LB_TARGET = _code("lb-target", "CB3014")
LB_TYPE = _code("lb-type", "CB3014")
LB_UNATTACHED_POOL = _code("lb-unattached-pool", "CB3014")
LOAD_BALANCER_GROUP = _code("load-balancer-group", "CB3014")

# CB3015: Security group rule changes meaning on Neutron
BAD_PORT = _code("bad-port", "CB3015")
CONDITIONAL_RULES = _code("conditional-rules", "CB3015")
GROUP_LISTS = _code("group-lists", "CB3015")
CONDITIONAL_SOURCE = _code("conditional-source", "CB3015")
DYNAMIC_PROTOCOL = _code("dynamic-protocol", "CB3015")
DYNAMIC_RULES = _code("dynamic-rules", "CB3015")
RULE_WITHOUT_SOURCE = _code("rule-without-source", "CB3015")
SECURITY_GROUP_NAME = _code("security-group-name", "CB3015")
SECURITY_GROUP_OWNER = _code("security-group-owner", "CB3015")
SECURITY_GROUP_RULE = _code("security-group-rule", "CB3015")

# CB3016: Scaling or alarm semantics differ
ADJUSTMENT_TYPE = _code("adjustment-type", "CB3016")
ALARM_ACTION = _code("alarm-action", "CB3016")
ALARM_COMPARISON = _code("alarm-comparison", "CB3016")
ALARM_DIMENSIONS = _code("alarm-dimensions", "CB3016")
ALARM_METRIC = _code("alarm-metric", "CB3016")
ALARM_STATISTIC = _code("alarm-statistic", "CB3016")
LAUNCH_TEMPLATE = _code("launch-template", "CB3016")
MIXED_INSTANCES = _code("mixed-instances", "CB3016")
SCALING_POLICY = _code("scaling-policy", "CB3016")

# CB3017: Nested stack or wait condition needs rework
MEMBER_STACK = _code("member-stack", "CB3017")
NESTED_TEMPLATE = _code("nested-template", "CB3017")
WAIT_HANDLE_SIGNAL = _code("wait-handle-signal", "CB3017")

# CB3018: Block storage differs on Cinder
BLOCK_DEVICES = _code("block-devices", "CB3018")
BOOT_VOLUME = _code("boot-volume", "CB3018")
SCRATCH_DISK = _code("scratch-disk", "CB3018")
VOLUME_SIZE = _code("volume-size", "CB3018")
VOLUMES = _code("volumes", "CB3018")

# CB3019: Managed service differs on OpenStack
ALIAS_RECORD = _code("alias-record", "CB3019")
DATASTORE = _code("datastore", "CB3019")
MASTER_USER = _code("master-user", "CB3019")
QUEUE_NAME = _code("queue-name", "CB3019")
RECORD_SET_GROUP = _code("record-set-group", "CB3019")
RECORD_VALUES = _code("record-values", "CB3019")
SUBNET_GROUP = _code("subnet-group", "CB3019")
SUBSCRIPTION = _code("subscription", "CB3019")
ZONE_EMAIL = _code("zone-email", "CB3019")

# CB3102: SourceDestCheck is not implemented by Heat
SOURCE_DEST_CHECK = _code("source-dest-check", "CB3102")

# CB3999: Other translation gap

# CB4001: Parameter type unknown to Heat
ALLOWED_PATTERN = _code("allowed-pattern", "CB4001")
NUMBER_AS_STRING = _code("number-as-string", "CB4001")
PARAMETER_CONSTRAINT = _code("parameter-constraint", "CB4001")
PARAMETER_DEFAULT = _code("parameter-default", "CB4001")
PARAMETER_TYPE = _code("parameter-type", "CB4001")

# CB4002: Output export is ignored by Heat
EXPORT = _code("export", "CB4002")

# CB4003: Fn::ImportValue has no Heat equivalent
IMPORT_VALUE = _code("import-value", "CB4003")

# CB5001: DeletionPolicy differs on Heat
DELETION_POLICY = _code("deletion-policy", "CB5001")

# CB5002: UpdateReplacePolicy is ignored by Heat
UPDATE_REPLACE_POLICY = _code("update-replace-policy", "CB5002")

# CB5003: CreationPolicy is ignored by Heat
CREATION_POLICY = _code("creation-policy", "CB5003")

# CB5004: UpdatePolicy has no Heat equivalent
UPDATE_POLICY = _code("update-policy", "CB5004")

# CB6005: Secret handling differs on OpenStack
GENERATED_SECRET = _code("generated-secret", "CB6005")
MASTER_PASSWORD = _code("master-password", "CB6005")
PRIVATE_KEY = _code("private-key", "CB6005")
