"""Every gap code written in code, its lint rule and its severity: declared once, here.

The translator reports gaps by these names (``ctx.gap(EXPORT, message)``, no severity: the
code carries it), so a misspelt code fails when its module is imported. A rule has one
severity, so every code of a rule has the same one: ``_code`` refuses a code whose severity
differs from an earlier code of its rule, and the registry refuses a rule class whose
severity differs from its codes'. Where the cases of one concern differ in severity they
are sibling codes under sibling rules: ``CBfSnn`` beside ``CBf0nn``, with S = 2 for error,
3 for warning, 4 for info (CB3214 is CB3014's error sibling).

Codes that resource maps declare (``resource_maps/*.yaml``) live in the maps as data, with
the severity of their entry; a map entry without a code takes the code of where it stands
at its severity (``MAP_DEFAULTS``), and a declared one goes to that code's rule
(``cfnbridge.translation.maps.declared_gaps``).
"""

from __future__ import annotations

from typing import Any

from cfnbridge.severity import SEVERITIES

RULE_OF: dict[str, str] = {}
SEVERITY_OF: dict[str, str] = {}
RULE_SEVERITY: dict[str, str] = {}


def _code(code: str, rule: str, severity: str) -> str:
    if severity not in SEVERITIES:
        raise ValueError(f"gap code {code!r}: unknown severity {severity!r}")
    if RULE_SEVERITY.setdefault(rule, severity) != severity:
        raise ValueError(f"gap code {code!r} is {severity} but {rule} is {RULE_SEVERITY[rule]}: one rule, one "
                         f"severity (declare it under the {severity} sibling of {rule})")
    if code in RULE_OF:
        raise ValueError(f"gap code {code!r} is declared twice")
    RULE_OF[code] = rule
    SEVERITY_OF[code] = severity
    return code


def codes_for(rule_id: str) -> tuple[str, ...]:
    """The gap codes in code that belong to ``rule_id``, in the order they are declared."""
    return tuple(code for code, rule in RULE_OF.items() if rule == rule_id)


E, W, I = "error", "warning", "info"  # noqa: E741 - read as cfn-lint's E/W/I prefixes

# CB0002: Property AWS does not know
UNKNOWN_PROPERTY = _code("unknown-property", "CB0002", E)

# CB1002: Transform (macro) cannot run on Heat
TRANSFORM = _code("transform", "CB1002", E)

# CB1003: Top-level section dropped for Heat / CB1403: not needed on Heat
RULES_DROPPED = _code("rules-dropped", "CB1003", W)
METADATA_DROPPED = _code("metadata-dropped", "CB1403", I)

# CB1004: Fn::ForEach has no Heat equivalent
FOREACH = _code("foreach", "CB1004", E)
FOREACH_DEFAULT = _code("foreach-default", "CB1304", W)

# CB2001: Intrinsic function with no Heat equivalent
UNKNOWN_FUNCTION = _code("unknown-function", "CB2001", E)
UNSUPPORTED_FUNCTION = _code("unsupported-function", "CB2001", E)
CFN_SYNTAX = _code("cfn-syntax", "CB2001", E)
CONDITION_VALUE = _code("condition-value", "CB2001", E)

# CB2002: Function replaced by its value at translation time
FUNCTION_EVALUATED = _code("function-evaluated", "CB2002", I)

# CB2003: Pseudo parameter differs / CB2203: has no OpenStack value / CB2403: has an OpenStack equivalent
PSEUDO_PARAMETER = _code("pseudo-parameter", "CB2003", W)
PSEUDO_PARAMETER_MISSING = _code("pseudo-parameter-missing", "CB2203", E)
PSEUDO_PARAMETER_MAPPED = _code("pseudo-parameter-mapped", "CB2403", I)

# CB2004: Reference to an undefined name
UNDEFINED_REFERENCE = _code("undefined-reference", "CB2004", E)

# CB2005: AWS::NoValue needs care on Heat / CB2405: AWS::NoValue written as null
NOVALUE = _code("novalue", "CB2005", W)
NOVALUE_NULL = _code("novalue-null", "CB2405", I)

# CB2006: Fn::Base64 dropped
BASE64_DROPPED = _code("base64-dropped", "CB2006", I)

# CB2007: Fn::GetAZs depends on the site's zones
AVAILABILITY_ZONES = _code("availability-zones", "CB2007", I)

# CB2009: Mapping lookup moved to a json parameter / CB2309: mapping keyed by AWS region
MAPPING_PARAMETER = _code("mapping-parameter", "CB2009", I)
REGION_MAPPING = _code("region-mapping", "CB2309", W)

# CB3001: Resource type has no OpenStack translation / CB3301: left out / CB3401: not needed
LAUNCH_CONFIGURATION = _code("launch-configuration", "CB3001", E)
UNSUPPORTED_TYPE = _code("unsupported-type", "CB3001", E)
VPN = _code("vpn", "CB3001", E)
TYPE_LEFT_OUT = _code("type-left-out", "CB3301", W)
TYPE_NOT_NEEDED = _code("type-not-needed", "CB3401", I)

# CB3002: Resource type only approximated / CB3402: replaced by an equivalent
APPROXIMATION = _code("approximation", "CB3002", W)
NAT_EGRESS = _code("nat-egress", "CB3002", W)
NATIVE_TYPE = _code("native-type", "CB3002", W)
NAT_GATEWAY = _code("nat-gateway", "CB3402", I)
TYPE_STAND_IN = _code("type-stand-in", "CB3402", I)

# CB3003: Property not translated / CB3203: ... so the resource will not work / CB3403: not needed
DEAD_LETTER = _code("dead-letter", "CB3003", W)
INCOMPLETE_ITEM = _code("incomplete-item", "CB3003", W)
PLACEMENT = _code("placement", "CB3003", W)
PROPERTY_DROPPED = _code("property-dropped", "CB3003", W)
UNSUPPORTED_PROPERTY = _code("unsupported-property", "CB3003", W)
VALUE_NOT_ALLOWED = _code("value-not-allowed", "CB3003", W)
LAUNCH_FROM_INSTANCE = _code("launch-from-instance", "CB3203", E)
PROPERTY_LOST = _code("property-lost", "CB3203", E)
REQUIRED_PROPERTY = _code("required-property", "CB3203", E)
SECONDARY_ADDRESSES = _code("secondary-addresses", "CB3203", E)
LAUNCH_SETTING = _code("launch-setting", "CB3403", I)
PROPERTY_NOT_NEEDED = _code("property-not-needed", "CB3403", I)
TAG_SPECIFICATION = _code("tag-specification", "CB3403", I)

# CB3004: Property only approximated / CB3404: translated to an equivalent
ACL_APPROXIMATED = _code("acl-approximated", "CB3004", W)
EBS_SNAPSHOT = _code("ebs-snapshot", "CB3004", W)
PROPERTY_APPROXIMATED = _code("property-approximated", "CB3004", W)
STATIC_WEBSITE = _code("static-website", "CB3004", W)
DEAD_LETTER_SETTINGS = _code("dead-letter-settings", "CB3404", I)
DEVICE_NAME = _code("device-name", "CB3404", I)
PROPERTY_EQUIVALENT = _code("property-equivalent", "CB3404", I)
VALUE_FITTED = _code("value-fitted", "CB3404", I)

# CB3005: Property not implemented by Heat
NOT_IMPLEMENTED = _code("not-implemented", "CB3005", W)
TENANCY = _code("tenancy", "CB3005", W)

# CB3006: Attribute has no OpenStack value
UNSUPPORTED_ATTRIBUTE = _code("unsupported-attribute", "CB3006", E)

# CB3007: Attribute only approximated / CB3407: read from an equivalent
ATTRIBUTE_APPROXIMATED = _code("attribute-approximated", "CB3007", W)
DNS_NAME = _code("dns-name", "CB3007", W)
ATTRIBUTE_EQUIVALENT = _code("attribute-equivalent", "CB3407", I)

# CB3008: Reference to a resource that is not translated / CB3308: to a placeholder or removed part
# CB3408: a dependency on it dropped
REFERENCE_TO_OMITTED = _code("reference-to-omitted", "CB3008", E)
OUTPUT_REMOVED = _code("output-removed", "CB3308", W)
REFERENCE_PARAMETER = _code("reference-parameter", "CB3308", W)
REFERENCE_TO_PLACEHOLDER = _code("reference-to-placeholder", "CB3308", W)
DEPENDS_ON_DROPPED = _code("depends-on-dropped", "CB3408", I)

# CB3009: Value known only at deploy time / CB3209: ... where the translation needs to read it
CONDITIONAL_ITEM = _code("conditional-item", "CB3009", W)
DYNAMIC_STRUCTURE = _code("dynamic-structure", "CB3009", W)
DYNAMIC_TAG_KEY = _code("dynamic-tag-key", "CB3009", W)
DYNAMIC_TAGS = _code("dynamic-tags", "CB3009", W)
DYNAMIC_PROPERTIES = _code("dynamic-properties", "CB3209", E)
UNREADABLE_STRUCTURE = _code("unreadable-structure", "CB3209", E)
UNWRITABLE_VALUE = _code("unwritable-value", "CB3209", E)

# CB3010: AMI needs a Glance image / CB3210: image may not resolve / CB3410: image from the site profile
IMAGE = _code("image", "CB3010", W)
IMAGE_UNKNOWN = _code("image-unknown", "CB3210", E)
IMAGE_FROM_PROFILE = _code("image-from-profile", "CB3410", I)

# CB3011: Instance type needs a Nova flavor
FLAVOR = _code("flavor", "CB3011", W)

# CB3012: cfn-init needs heat-cfntools in the image
CFN_INIT = _code("cfn-init", "CB3012", E)

# CB3013: Network model differs on Neutron / CB3213: network will not work / CB3413: Neutron does it itself
FLOATING_IP_ID = _code("floating-ip-id", "CB3013", W)
FLOATING_IP_PORT = _code("floating-ip-port", "CB3013", W)
GATEWAY_ROUTE = _code("gateway-route", "CB3013", W)
NETWORK_INTERFACES = _code("network-interfaces", "CB3013", W)
PUBLIC_IP = _code("public-ip", "CB3013", W)
PUBLIC_IP_ON_LAUNCH = _code("public-ip-on-launch", "CB3013", W)
SHARED_ROUTER = _code("shared-router", "CB3013", W)
SUBNET_POOL = _code("subnet-pool", "CB3013", W)
SUBNET_WITHOUT_ROUTER = _code("subnet-without-router", "CB3013", W)
GATEWAY_NOT_SET = _code("gateway-not-set", "CB3213", E)
INTERFACE_NOT_ATTACHED = _code("interface-not-attached", "CB3213", E)
PREFIX_LIST = _code("prefix-list", "CB3213", E)
UNSUPPORTED_ROUTE = _code("unsupported-route", "CB3213", E)
DEFAULT_NETWORK = _code("default-network", "CB3413", I)
EXTERNAL_NETWORK = _code("external-network", "CB3413", I)
EXTRA_ROUTE = _code("extra-route", "CB3413", I)
GATEWAY_ATTACHED = _code("gateway-attached", "CB3413", I)
INTERFACE_ATTACHMENT = _code("interface-attachment", "CB3413", I)
JOINED_ROUTER = _code("joined-router", "CB3413", I)
PUBLIC_IP_FLOATING = _code("public-ip-floating", "CB3413", I)
SUBNET_NETWORK = _code("subnet-network", "CB3413", I)
SUBNET_ZONE = _code("subnet-zone", "CB3413", I)

# CB3014: Load balancer semantics differ on Octavia / CB3214: feature missing / CB3414: harmless detail
LB_ACTION = _code("lb-action", "CB3014", W)
LB_CONDITION = _code("lb-condition", "CB3014", W)
LB_HEALTH_CHECK = _code("lb-health-check", "CB3014", W)
LB_POLICY = _code("lb-policy", "CB3014", W)
LB_PROTOCOL = _code("lb-protocol", "CB3014", W)
LB_REDIRECT = _code("lb-redirect", "CB3014", W)
LB_SCHEME = _code("lb-scheme", "CB3014", W)
LB_SHARED_POOL = _code("lb-shared-pool", "CB3014", W)
LB_SUBNETS = _code("lb-subnets", "CB3014", W)
LB_TARGET = _code("lb-target", "CB3014", W)
LB_UNATTACHED_POOL = _code("lb-unattached-pool", "CB3014", W)
TLS_CERTIFICATE = _code("tls-certificate", "CB3014", W)
LB_ACTION_LOST = _code("lb-action-lost", "CB3214", E)
LB_MEMBERSHIP = _code("lb-membership", "CB3214", E)
LB_PROTOCOL_LOST = _code("lb-protocol-lost", "CB3214", E)
LB_SECURITY_GROUPS = _code("lb-security-groups", "CB3214", E)
LB_TARGET_TYPE = _code("lb-target-type", "CB3214", E)
LB_TYPE = _code("lb-type", "CB3214", E)
LOAD_BALANCER_GROUP = _code("load-balancer-group", "CB3214", E)
LB_ATTRIBUTES = _code("lb-attributes", "CB3414", I)
LB_HEALTH_DEFAULT = _code("lb-health-default", "CB3414", I)
LB_STICKINESS = _code("lb-stickiness", "CB3414", I)
LB_TARGET_ZONE = _code("lb-target-zone", "CB3414", I)
TLS_PASSTHROUGH = _code("tls-passthrough", "CB3414", I)

# CB3015: Security group rule changes meaning / CB3215: rule dropped / CB3415: kept with the same meaning
CONDITIONAL_SOURCE = _code("conditional-source", "CB3015", W)
DYNAMIC_PROTOCOL = _code("dynamic-protocol", "CB3015", W)
BAD_PORT = _code("bad-port", "CB3215", E)
DYNAMIC_RULES = _code("dynamic-rules", "CB3215", E)
GROUP_LISTS = _code("group-lists", "CB3215", E)
RULE_WITHOUT_SOURCE = _code("rule-without-source", "CB3215", E)
SECURITY_GROUP_RULE = _code("security-group-rule", "CB3215", E)
CONDITIONAL_RULES = _code("conditional-rules", "CB3415", I)
CONDITIONAL_SOURCE_KEPT = _code("conditional-source-kept", "CB3415", I)
SECURITY_GROUP_NAME = _code("security-group-name", "CB3415", I)
SECURITY_GROUP_OWNER = _code("security-group-owner", "CB3415", I)

# CB3016: Scaling or alarm semantics differ / CB3416: handled another way
ADJUSTMENT_TYPE = _code("adjustment-type", "CB3016", W)
ALARM_ACTION = _code("alarm-action", "CB3016", W)
ALARM_COMPARISON = _code("alarm-comparison", "CB3016", W)
ALARM_DIMENSIONS = _code("alarm-dimensions", "CB3016", W)
ALARM_METRIC = _code("alarm-metric", "CB3016", W)
ALARM_STATISTIC = _code("alarm-statistic", "CB3016", W)
HEALTH_CHECK = _code("health-check", "CB3016", W)
LAUNCH_TEMPLATE = _code("launch-template", "CB3016", W)
MIXED_INSTANCES = _code("mixed-instances", "CB3016", W)
SCALING_POLICY = _code("scaling-policy", "CB3016", W)
LAUNCH_TEMPLATE_COPIED = _code("launch-template-copied", "CB3416", I)

# CB3017: Nested stack or wait condition needs rework / CB3217: will not signal / CB3417: member stack
NESTED_TEMPLATE = _code("nested-template", "CB3017", W)
WAIT_HANDLE_SIGNAL = _code("wait-handle-signal", "CB3217", E)
MEMBER_STACK = _code("member-stack", "CB3417", I)

# CB3018: Block storage differs on Cinder / CB3418: Nova gives it another way
BLOCK_DEVICES = _code("block-devices", "CB3018", W)
SCRATCH_DISK = _code("scratch-disk", "CB3018", W)
VOLUME_SIZE = _code("volume-size", "CB3018", W)
VOLUMES = _code("volumes", "CB3018", W)
BOOT_VOLUME = _code("boot-volume", "CB3418", I)

# CB3019: Managed service differs on OpenStack / CB3219: will not work / CB3419: harmless detail
DATASTORE = _code("datastore", "CB3019", W)
MASTER_USER = _code("master-user", "CB3019", W)
SUBNET_GROUP = _code("subnet-group", "CB3019", W)
SUBSCRIPTION = _code("subscription", "CB3019", W)
ZONE = _code("zone", "CB3019", W)
ALIAS_RECORD = _code("alias-record", "CB3219", E)
NO_DATASTORE = _code("no-datastore", "CB3219", E)
RECORD_SET_GROUP = _code("record-set-group", "CB3219", E)
RECORD_VALUES = _code("record-values", "CB3219", E)
RECORD_WITHOUT_ZONE = _code("record-without-zone", "CB3219", E)
SUBSCRIPTION_LOST = _code("subscription-lost", "CB3219", E)
QUEUE_NAME = _code("queue-name", "CB3419", I)
SUBNET_GROUP_NETWORK = _code("subnet-group-network", "CB3419", I)
SUBSCRIPTION_EMAIL = _code("subscription-email", "CB3419", I)
ZONE_EMAIL = _code("zone-email", "CB3419", I)

# CB3102: SourceDestCheck is not implemented by Heat
SOURCE_DEST_CHECK = _code("source-dest-check", "CB3102", W)

# CB3999: Other translation gap

# CB4001: Parameter type unknown to Heat / CB4401: checked less strictly on Heat
ALLOWED_PATTERN = _code("allowed-pattern", "CB4001", W)
PARAMETER_DEFAULT = _code("parameter-default", "CB4001", W)
SSM_PARAMETER_TYPE = _code("ssm-parameter-type", "CB4001", W)
NUMBER_AS_STRING = _code("number-as-string", "CB4401", I)
PARAMETER_CONSTRAINT = _code("parameter-constraint", "CB4401", I)
PARAMETER_TYPE = _code("parameter-type", "CB4401", I)
PROFILE_DEFAULT = _code("profile-default", "CB4401", I)

# CB4002: Output export is ignored by Heat
EXPORT = _code("export", "CB4002", W)

# CB4003: Fn::ImportValue has no Heat equivalent
IMPORT_VALUE = _code("import-value", "CB4003", W)

# CB5001: DeletionPolicy differs on Heat / CB5301: a Snapshot policy becomes Retain
DELETION_POLICY = _code("deletion-policy", "CB5001", I)
SNAPSHOT_POLICY = _code("snapshot-policy", "CB5301", W)
DELETION_POLICY_CHOSEN = _code("deletion-policy-chosen", "CB5301", W)
DELETION_POLICY_UNKNOWN = _code("deletion-policy-unknown", "CB5201", E)

# CB5002: UpdateReplacePolicy is ignored by Heat
UPDATE_REPLACE_POLICY = _code("update-replace-policy", "CB5002", W)

# CB5003: CreationPolicy is ignored by Heat
CREATION_POLICY = _code("creation-policy", "CB5003", W)

# CB5004: UpdatePolicy has no Heat equivalent / CB5404: a setting Heat does without
UPDATE_POLICY = _code("update-policy", "CB5004", W)
UPDATE_SETTING = _code("update-setting", "CB5404", I)

# CB6005: Secret handling differs on OpenStack / CB6405: generated another way
MASTER_PASSWORD = _code("master-password", "CB6005", W)
GENERATED_SECRET = _code("generated-secret", "CB6005", W)
PRIVATE_KEY = _code("private-key", "CB6005", W)
SECRET_GENERATED = _code("secret-generated", "CB6405", I)


# A map entry without a code of its own: the code of where it stands, at its severity. Places:
# ``type`` (omitted: no hot.type), ``kept-type`` (hot.type with a gap), ``native-type`` (native.gap),
# ``property`` (dropped) / ``approximated-property`` (with ``to``), ``attribute`` (no value) /
# ``approximated-attribute`` (with ``to``).
MAP_DEFAULTS: dict[tuple[str, str], str] = {
    ("type", E): UNSUPPORTED_TYPE, ("type", W): TYPE_LEFT_OUT, ("type", I): TYPE_NOT_NEEDED,
    ("kept-type", W): APPROXIMATION, ("kept-type", I): TYPE_STAND_IN,
    ("native-type", W): NATIVE_TYPE, ("native-type", I): TYPE_STAND_IN,
    ("property", E): PROPERTY_LOST, ("property", W): PROPERTY_DROPPED, ("property", I): PROPERTY_NOT_NEEDED,
    ("approximated-property", W): PROPERTY_APPROXIMATED, ("approximated-property", I): PROPERTY_EQUIVALENT,
    ("attribute", E): UNSUPPORTED_ATTRIBUTE,
    ("approximated-attribute", W): ATTRIBUTE_APPROXIMATED, ("approximated-attribute", I): ATTRIBUTE_EQUIVALENT,
}

for (_place, _severity), _default in MAP_DEFAULTS.items():
    assert SEVERITY_OF[_default] == _severity, (_place, _severity, _default)


def map_default(place: str, severity: str) -> str:
    """The code a map entry at ``place`` and ``severity`` takes when it names none."""
    found = MAP_DEFAULTS.get((place, severity))
    if found is None:
        raise ValueError(f"a {place} gap at severity {severity!r} has no default code: give the entry a code "
                         "declared in cfnbridge/gap_codes.py, or choose another severity")
    return found


def map_code(entry: dict[str, Any], place: str) -> str:
    """The code of a map's gap entry (``{severity, message, code?}``) at ``place``."""
    return entry.get("code") or map_default(place, entry["severity"])

# Data services (CB3019 and its siblings): Aurora/RDS clusters, EFS shares
DB_CLUSTER = _code("db-cluster", "CB3019", W)
SHARE_ACCESS = _code("share-access", "CB3019", W)
DB_CLUSTER_MEMBER = _code("db-cluster-member", "CB3419", I)
SHARE_EXPORT = _code("share-export", "CB3419", I)
SHARE_MOUNT_POINTED = _code("share-mount-pointed", "CB3419", I)
SHARE_MOUNT = _code("share-mount", "CB3219", E)

# CB3020: AWS call in a script fails on OpenStack / CB3320: works only with internet access or
# means something else / CB3420: harmless AWS helper in a script
SCRIPT_AWS_CALL = _code("script-aws-call", "CB3020", E)
SCRIPT_CREDENTIALS = _code("script-credentials", "CB3020", E)
SCRIPT_EFS_MOUNT = _code("script-efs-mount", "CB3020", E)
SCRIPT_AWS_TOOL_FAILS = _code("script-aws-tool-fails", "CB3020", E)
SCRIPT_AWS_CALL_ENDPOINT = _code("script-aws-call-endpoint", "CB3320", W)
SCRIPT_AWS_ENDPOINT = _code("script-aws-endpoint", "CB3320", W)
SCRIPT_METADATA = _code("script-metadata", "CB3320", W)
SCRIPT_AWS_TOOL = _code("script-aws-tool", "CB3320", W)
SCRIPT_AWS_TOOL_HARMLESS = _code("script-aws-tool-harmless", "CB3420", I)
NESTED_TEMPLATE_BROKEN = _code("nested-template-broken", "CB3217", E)
NESTED_TEMPLATE_NOTE = _code("nested-template-note", "CB3417", I)
GATEWAY_ROUTE_CONDITION = _code("gateway-route-condition", "CB3413", I)
DATASTORE_UNKNOWN = _code("datastore-unknown", "CB3219", E)
DATASTORE_MAPPED = _code("datastore-mapped", "CB3419", I)

# CB3040: cfn-init runs on a stock image (translated to a cloud-init bootstrap)
BOOTSTRAP = _code("bootstrap", "CB3040", I)
CFN_INIT_NOT_CALLED = _code("cfn-init-not-called", "CB3040", I)

# CB3041: Part of the server bootstrap not translated (cfn-init or cfn-signal)
BOOTSTRAP_UNTRANSLATED = _code("bootstrap-untranslated", "CB3041", E)
SIGNAL_UNTRANSLATED = _code("signal-untranslated", "CB3041", E)

# CB3042: Bootstrap step approximated (it runs, but not exactly as cfn-init would)
BOOTSTRAP_APPROXIMATED = _code("bootstrap-approximated", "CB3042", W)
CFN_HUP = _code("cfn-hup", "CB3042", W)
SIGNAL_APPROXIMATED = _code("signal-approximated", "CB3042", W)
