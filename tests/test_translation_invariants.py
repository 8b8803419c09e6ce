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


def _configurations(template) -> list[dict[str, Any]]:
    """The parameter defaults, then each parameter the conditions read set to each allowed value
    (or, without allowed values, empty and given)."""
    from cfnbridge.references import all_references

    read = sorted({r.target for r in all_references(template) if r.source[0] == "Conditions"
                   and r.kind == "Ref" and r.target in template.parameters})
    found: list[dict[str, Any]] = [{}]
    for name in read:
        allowed = template.parameters[name].allowed_values
        found += [{name: value} for value in (allowed or ["", "given"])]
    return found


def _aws_exists(evaluator, condition: str | None) -> bool:
    return condition is None or evaluator.condition(condition) is True


def _aws_gateway(template, evaluator, tables: set[str]) -> bool:
    """Whether, under ``evaluator``'s values, a default route of ``tables`` leads to an internet or NAT gateway."""
    for resource in template.resources.values():
        props = resource.properties if isinstance(resource.properties, dict) else {}
        table = props.get("RouteTableId")
        if (resource.type == "AWS::EC2::Route" and ("GatewayId" in props or "NatGatewayId" in props)
                and props.get("DestinationCidrBlock", props.get("DestinationIpv6CidrBlock")) in ("0.0.0.0/0", "::/0")
                and getattr(table, "target", None) in tables and _aws_exists(evaluator, resource.condition)
                and _aws_exists(evaluator, template.resources[table.target].condition)):
            return True
    return False


def _example_or_corpus_id(path) -> str:
    return f"examples/{path.parent.name}" if path.is_relative_to(EXAMPLES) else corpus_id(path)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*/template.yaml")) + corpus_templates(),
                         ids=_example_or_corpus_id)
def test_databases_shares_and_routers_mean_what_aws_did(path) -> None:
    """Over every example and corpus template: each Trove instance can be created (datastore or source, flavor, size),
    a cluster's members are replicas, never independent databases; each Manila share opens to its clients
    or says why not; and under each configuration of the parameters a router has an external gateway
    (SNAT) exactly when the source had a default route to an internet or NAT gateway."""
    from cfnbridge.evaluation import Evaluator
    from tests.hot_conditions import truth

    try:
        source = cfnbridge.load(path)
        result = cfnbridge.translate(source)
    except cfnbridge.CfnBridgeError:
        return
    resources = result.template.get("resources") or {}
    for name, body in resources.items():
        properties = body.get("properties") or {}
        if body["type"] == "OS::Trove::Instance":
            assert "datastore_type" in properties or "replica_of" in properties, f"{name}: no datastore"
            assert "flavor" in properties and "size" in properties, f"{name}: Trove needs a flavor and a size"
            origin = source.resources.get(name)
            member = origin is not None and origin.type == "AWS::RDS::DBInstance" and getattr(
                (origin.properties or {}).get("DBClusterIdentifier"), "target", None) in source.resources
            assert not member or "replica_of" in properties, f"{name}: a cluster member became its own database"
        if body["type"] == "OS::Manila::Share" and not properties.get("access_rules"):
            assert any(g.code == "share-access" and g.resource == name for g in result.gaps), \
                f"{name}: a share nobody may mount, without a word"
    routers = [n for n, b in resources.items() if b["type"] == "OS::Neutron::Router" and n in source.resources]
    for values in _configurations(source) if routers else ():
        evaluator = Evaluator(source, parameters=values, use_defaults=True)
        for router in routers:
            vpc = getattr(source.resources[router].properties.get("VpcId"), "target", None)
            tables = {t for t, r in source.resources.items() if r.type == "AWS::EC2::RouteTable"
                      and getattr(r.properties.get("VpcId"), "target", None) == vpc} if vpc else {router}
            if not any(_aws_exists(evaluator, source.resources[t].condition) for t in tables):
                continue
            body = resources[router]
            assert "condition" not in body or truth(result.template, body["condition"], values), \
                f"{router} is missing with {values or 'the defaults'}, while its route tables exist"
            info = (body.get("properties") or {}).get("external_gateway_info")
            gateway = info is not None and (not (isinstance(info, dict) and list(info) == ["if"])
                                            or truth(result.template, info["if"][0], values))
            assert gateway == _aws_gateway(source, evaluator, tables), \
                f"{router}: external gateway {'with' if gateway else 'without'} a default route, {values}"
