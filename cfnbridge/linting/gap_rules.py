"""Gap codes that the translator's handlers report, mapped to the rule each belongs to.

Rules list their core codes in ``gap_codes``; codes declared in ``resource_maps/*.yaml`` are
classified automatically. This table covers the codes written in handler code. A code
missing here goes to CB3999, and ``tests/test_lint_docs.py`` lists it so it gets a home.
"""

from __future__ import annotations

_BY_RULE: dict[str, tuple[str, ...]] = {
    "CB2007": ("zone",),
    "CB2009": ("region-mapping",),
    "CB3003": ("required-property", "value-not-allowed", "tag-specification", "placement", "incomplete-item"),
    "CB3004": ("acl-approximated", "value-fitted"),
    "CB3005": ("tenancy",),
    "CB3009": ("dynamic-tags", "conditional-item", "dynamic-properties"),
    "CB3102": ("source-dest-check",),
    "CB3013": ("default-network", "external-network", "shared-router", "subnet-network", "subnet-zone",
               "subnet-without-router", "extra-route", "gateway-route", "unsupported-route", "prefix-list",
               "public-ip", "public-ip-on-launch", "floating-ip-id", "floating-ip-port", "interface-attachment",
               "network-interfaces"),
    "CB3014": ("lb-action", "lb-attributes", "lb-condition", "lb-health-check", "lb-membership", "lb-policy",
               "lb-protocol", "lb-redirect", "lb-scheme", "lb-shared-pool", "lb-stickiness", "lb-subnets",
               "lb-target", "lb-type", "lb-unattached-pool", "load-balancer-group"),
    "CB3015": ("rule-without-source", "security-group-name", "security-group-owner", "security-group-rule",
               "bad-port", "dynamic-protocol", "dynamic-rules", "conditional-rules", "conditional-source"),
    "CB3016": ("alarm-action", "alarm-comparison", "alarm-dimensions", "alarm-metric", "alarm-statistic",
               "adjustment-type", "scaling-policy", "mixed-instances", "launch-template"),
    "CB3017": ("nested-template", "member-stack", "wait-handle-signal"),
    "CB3018": ("block-devices", "boot-volume", "scratch-disk", "volumes", "volume-size"),
    "CB3019": ("datastore", "master-user", "subnet-group", "queue-name", "subscription", "alias-record",
               "record-set-group", "record-values", "zone-email"),
    "CB4001": ("allowed-pattern", "number-as-string", "parameter-default", "parameter-constraint"),
    "CB6005": ("master-password", "generated-secret", "private-key"),
}

HANDLER_GAPS: dict[str, str] = {code: rule_id for rule_id, codes in _BY_RULE.items() for code in codes}


def codes_for(rule_id: str) -> tuple[str, ...]:
    return _BY_RULE.get(rule_id, ())
