"""What Nova and Neutron would do with the output, checked over every corpus template.

Heat's validator is necessary, not sufficient: an empty image, an image-to-volume mapping
without a size, a security group rule that may end up with no source (open to everyone) and
a floating IP held for nothing all pass it. These invariants hold for every template, with
no profile and with the example site profile.
"""

from __future__ import annotations

from typing import Any

import pytest

import cfnbridge
from tests.conftest import EXAMPLES, corpus_id, corpus_templates

PROFILES = {"no-profile": None, "site-profile": EXAMPLES / "site-profile.yaml"}


def _translate(path, profile) -> dict[str, Any] | None:
    try:
        return cfnbridge.translate(cfnbridge.load(path), profile=profile).template
    except cfnbridge.CfnBridgeError:
        return None  # known-bad inputs are tested for their errors elsewhere


def _servers(doc: dict[str, Any]):
    for name, body in (doc.get("resources") or {}).items():
        if body.get("type") == "OS::Nova::Server":
            yield name, body.get("properties") or {}
        member = (body.get("properties") or {}).get("resource") if body.get("type") == "OS::Heat::AutoScalingGroup" \
            else None
        if isinstance(member, dict) and member.get("type") == "OS::Nova::Server":
            yield name, member.get("properties") or {}


def _resolve(value: Any, parameters: dict[str, Any]) -> Any:
    """A value under the parameters' defaults (get_param with a path into a json default); ``...``
    where a parameter has no default (the user gives it) or the value is not a parameter read."""
    if not (isinstance(value, dict) and len(value) == 1 and "get_param" in value):
        return value if not isinstance(value, dict) else ...
    args = value["get_param"] if isinstance(value["get_param"], list) else [value["get_param"]]
    spec = parameters.get(args[0])
    if spec is None or "default" not in spec:
        return ...
    current = spec["default"]
    for step in args[1:]:
        step = _resolve(step, parameters)
        if step is ...:
            return ...
        if isinstance(current, dict):
            current = current.get(step, "")  # Heat's get_param path gives '' for a missing key
        elif isinstance(current, list) and isinstance(step, int):
            current = current[step] if step < len(current) else ""
        else:
            return ...
    return current


def _rules(doc: dict[str, Any]):
    """(resource, rule, guarded) for every Neutron rule: inline rules and SecurityGroupRule resources."""
    for name, body in (doc.get("resources") or {}).items():
        properties = body.get("properties") or {}
        if body.get("type") == "OS::Neutron::SecurityGroup":
            for rule in properties.get("rules") or []:
                guarded = isinstance(rule, dict) and list(rule) == ["if"] and len(rule["if"]) == 2
                yield name, rule["if"][1] if guarded else rule, guarded
        elif body.get("type") == "OS::Neutron::SecurityGroupRule":
            yield name, properties, "condition" in body


def _may_lack_a_source(rule: dict[str, Any], conditions: dict[str, Any]) -> bool:
    """Whether some combination of conditions leaves the rule with no remote side."""
    sources = [rule[key] for key in ("remote_ip_prefix", "remote_group", "remote_group_id") if key in rule]
    if rule.get("remote_mode") == "remote_group_id" and "remote_group_id" not in rule:
        return False  # the group itself
    if not sources:
        return True
    if any(not (isinstance(source, dict) and list(source) == ["if"]) for source in sources):
        return False  # one source is always there
    present = {source["if"][0] for source in sources if len(source["if"]) == 2}
    negations = {name for name, expression in conditions.items()
                 if isinstance(expression, dict) and expression.get("not") in present}
    return not (present & negations)


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("path", corpus_templates(), ids=corpus_id)
def test_what_openstack_would_do_is_what_aws_did(path, profile) -> None:
    doc = _translate(path, PROFILES[profile])
    if doc is None:
        return
    parameters = doc.get("parameters") or {}
    for name, server in _servers(doc):
        image = server.get("image")
        assert image != "" and _resolve(image, parameters) != "", f"{name} boots from an empty image"
        if image is None:
            assert server.get("block_device_mapping_v2"), f"{name} has neither an image nor a boot volume"
        for device in server.get("block_device_mapping_v2") or []:
            if isinstance(device, dict) and "image" in device and device.get("destination_type", "volume") == "volume":
                assert "volume_size" in device, f"{name}: an image copied to a volume needs a size (Nova refuses)"
    conditions = doc.get("conditions") or {}
    for name, rule, guarded in _rules(doc):
        if isinstance(rule, dict) and not guarded:
            assert not _may_lack_a_source(rule, conditions), f"{name}: a rule that may have no source is open to all"
    resources = doc.get("resources") or {}
    associated = {str((body.get("properties") or {}).get("floatingip_id")) for body in resources.values()
                  if body.get("type") == "OS::Neutron::FloatingIPAssociation"}
    source = cfnbridge.load(path)
    for name, body in resources.items():
        if body.get("type") == "OS::Neutron::FloatingIP" and "port_id" not in (body.get("properties") or {}):
            used = any(reference.target == name for reference in _references(source))
            assert not used or str({"get_resource": name}) in associated, f"{name}: a floating IP held for nothing"


def _references(template):
    from cfnbridge.references import all_references

    return [r for r in all_references(template) if r.source[0] == "Resources" and r.kind in ("Ref", "GetAtt")]


def test_the_source_check_sees_an_open_rule() -> None:
    """The rule check itself: a rule whose only source is conditional, unguarded, is caught."""
    conditions = {"C": {"equals": [1, 1]}, "NotC": {"not": "C"}}
    assert _may_lack_a_source({"remote_ip_prefix": {"if": ["C", "10.0.0.0/8"]}}, conditions)
    assert not _may_lack_a_source({"remote_ip_prefix": {"if": ["NotC", "0.0.0.0/0"]},
                                   "remote_group_id": {"if": ["C", "g"]}}, conditions)
    assert _may_lack_a_source({"direction": "ingress"}, conditions)
