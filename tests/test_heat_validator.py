"""Heat's own validation, offline: what it accepts and how it words what it rejects.

The assertions quote Heat's messages because translated templates are judged by them;
if a Heat upgrade rewords one, these tests say so before a translation test misreads it.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

pytest.importorskip("heat")

from cfnbridge.testing.heat_validator import resource_schemas, validate  # noqa: E402
from tests.conftest import corpus_key, corpus_templates  # noqa: E402

REPO = Path(__file__).resolve().parent.parent

VALID_HOT = """\
heat_template_version: 2021-04-16
parameters:
  image: {type: string, constraints: [{custom_constraint: glance.image}]}
  flavor: {type: string, constraints: [{custom_constraint: nova.flavor}]}
  cidr: {type: string, default: 10.0.0.0/24}
resources:
  net:
    type: OS::Neutron::Net
  subnet:
    type: OS::Neutron::Subnet
    properties:
      network: {get_resource: net}
      cidr: {get_param: cidr}
  server:
    type: OS::Nova::Server
    properties:
      image: {get_param: image}
      flavor: {get_param: flavor}
      networks: [{network: {get_resource: net}}]
outputs:
  address:
    value: {get_attr: [server, networks]}
  subnet_cidr:
    value: {get_attr: [subnet, cidr]}
"""


def hot(resources: str, outputs: str = "") -> str:
    """A HOT template around the given (indented) resources and outputs sections."""
    text = "heat_template_version: 2021-04-16\nresources:\n" + resources
    return text + ("outputs:\n" + outputs if outputs else "")


def test_valid_hot_template_has_no_errors() -> None:
    assert validate(VALID_HOT) == []


def test_parsed_mapping_is_accepted_like_text() -> None:
    import yaml

    assert validate(yaml.safe_load(VALID_HOT)) == []


def test_misspelled_property() -> None:
    errors = validate(VALID_HOT.replace("flavor: {get_param: flavor}", "flavour: m1.small"))
    assert any("resources.server.properties: Unknown Property flavour" in e for e in errors)


def test_bad_property_nested_in_security_group_rule() -> None:
    errors = validate(
        hot(
            "  sg:\n    type: OS::Neutron::SecurityGroup\n    properties:\n"
            "      rules: [{protocol: tcp, port_range_min: 22, port_range_maxx: 22}]\n"
        )
    )
    assert errors == [
        "Property error: resources.sg.properties.rules[0]: Unknown Property port_range_maxx"
    ]


def test_wrong_type_in_nested_property() -> None:
    errors = validate(
        hot(
            "  sg:\n    type: OS::Neutron::SecurityGroup\n    properties:\n"
            "      rules: [{protocol: tcp, port_range_min: ssh}]\n"
        )
    )
    assert "rules[0].port_range_min: Value 'ssh' is not an integer" in errors[0]


def test_bad_get_attr_attribute() -> None:
    errors = validate(VALID_HOT.replace("[server, networks]", "[server, public_ip]"))
    assert errors == [
        "outputs.address.value.get_attr: The Referenced Attribute (server public_ip) "
        "is incorrect."
    ]


def test_bad_reference() -> None:
    errors = validate(VALID_HOT.replace("{get_resource: net}}]", "{get_resource: nett}}]"))
    assert 'The specified reference "nett"' in errors[0]


def test_unknown_function_is_rejected_by_a_typed_property() -> None:
    errors = validate(
        hot("  net:\n    type: OS::Neutron::Net\n    properties:\n"
            "      name: {str_sub: [a, b]}\n")
    )
    assert errors == [
        "Property error: resources.net.properties.name: "
        "Value must be a string; got {'str_sub': ['a', 'b']}"
    ]


def test_function_removed_from_hot_version() -> None:
    errors = validate(
        hot("  net:\n    type: OS::Neutron::Net\n    properties:\n"
            "      name: {Fn::Select: [0, [a]]}\n")
    )
    assert "The function Fn::Select is not supported in this version of HOT" in errors[0]


def test_unknown_resource_type() -> None:
    errors = validate(hot("  net:\n    type: OS::Neutron::Nett\n"))
    assert errors == ["The Resource Type (OS::Neutron::Nett) could not be found."]


def test_every_broken_resource_is_reported() -> None:
    errors = validate(
        hot(
            "  a:\n    type: OS::Neutron::Net\n    properties: {nme: x}\n"
            "  b:\n    type: OS::Neutron::Net\n    properties: {shared: maybe}\n",
            "  o:\n    value: {get_attr: [a, nope]}\n",
        )
    )
    assert len(errors) == 3
    assert any("Unknown Property nme" in e for e in errors)
    assert any('"maybe" is not a valid boolean' in e for e in errors)
    assert any("The Referenced Attribute (a nope) is incorrect." in e for e in errors)


def _cfn(resources: dict, **sections: object) -> dict:
    return {"AWSTemplateFormatVersion": "2010-09-09", **sections, "Resources": resources}


def test_fn_sub_in_cfn_template() -> None:
    template = _cfn(
        {"Vpc": {"Type": "AWS::EC2::VPC",
                 "Properties": {"CidrBlock": {"Fn::Sub": "10.${Octet}.0.0/16"}}}},
        Parameters={"Octet": {"Type": "String", "Default": "0"}},
    )
    errors = validate(json.dumps(template))
    assert errors == [
        "Property error: Resources.Vpc.Properties.CidrBlock: "
        "Value must be a string; got {'Fn::Sub': '10.${Octet}.0.0/16'}"
    ]


def test_not_implemented_aws_property() -> None:
    template = _cfn(
        {"Host": {"Type": "AWS::EC2::Instance",
                  "Properties": {"ImageId": {"Ref": "Image"}, "InstanceType": "m1.small",
                                 "SourceDestCheck": False}}},
        Parameters={"Image": {"Type": "String"}},
    )
    assert validate(template) == [
        "Property error: Resources.Host.Properties: Property SourceDestCheck not implemented yet"
    ]


def test_cfn_rejections_from_facts() -> None:
    assert validate(_cfn({}, Metadata={})) == ["The template section is invalid: Metadata"]
    keyname = {"Key": {"Type": "AWS::EC2::KeyPair::KeyName"}}
    assert validate(_cfn({}, Parameters=keyname)) == [
        "Invalid type (AWS::EC2::KeyPair::KeyName)"
    ]


def test_get_azs_and_provider_templates_work_offline() -> None:
    template = _cfn(
        {"Alarm": {"Type": "AWS::CloudWatch::Alarm",
                   "Properties": {"MetricName": "CPU", "Namespace": "x", "Statistic": "Average",
                                  "Period": "60", "EvaluationPeriods": "1", "Threshold": "50",
                                  "ComparisonOperator": "GreaterThanThreshold"}},
         "Volume": {"Type": "AWS::EC2::Volume",
                    "Properties": {"Size": "1",
                                   "AvailabilityZone": {"Fn::Select": [0, {"Fn::GetAZs": ""}]}}}}
    )
    assert validate(template) == []


ASG = """\
  net:
    type: OS::Neutron::Net
  asg:
    type: OS::Heat::AutoScalingGroup
    properties:
      min_size: 1
      max_size: 3
      resource:
        type: OS::Nova::Server
        properties:
          image: {get_param: image}
          flavor: m1.small
          networks: [{network: {get_resource: net}}]
"""


def test_asg_member_definition_is_validated() -> None:
    params = "parameters:\n  image: {type: string}\n"
    good = hot(ASG).replace("resources:\n", params + "resources:\n", 1)
    assert validate(good) == []
    bad = good.replace("flavor: m1.small", "flavour: m1.small")
    assert validate(bad) == [
        "resources.asg.properties.resource: "
        "Property error: resources.asg.properties: Unknown Property flavour"
    ]


def test_resource_group_member_definition_is_validated() -> None:
    errors = validate(
        hot(
            "  group:\n    type: OS::Heat::ResourceGroup\n    properties:\n      count: 2\n"
            "      resource_def:\n        type: OS::Neutron::Net\n"
            "        properties: {name: 'n-%index%', shared: maybe}\n"
        )
    )
    assert len(errors) == 1
    assert errors[0].startswith("resources.group.properties.resource_def: ")
    assert '"maybe" is not a valid boolean' in errors[0]


def test_nested_template_in_files_is_validated() -> None:
    nested = hot("  net:\n    type: OS::Neutron::Net\n    properties: {nam: x}\n")
    errors = validate(hot("  inner:\n    type: inner.yaml\n"), files={"inner.yaml": nested})
    assert errors == [
        "files[inner.yaml]: Property error: resources.net.properties: Unknown Property nam"
    ]


def test_unparsable_input_is_reported_not_raised() -> None:
    assert validate("resources: {}\n") == ["Template format version not found."]
    assert validate("foo: [")[0].startswith("Error parsing template")


def test_heat_cfn_corpus_validates_without_exceptions() -> None:
    paths = [p for p in corpus_templates() if corpus_key(p).startswith("heat-cfn/") and p.suffix in
             (".template", ".yaml")]
    assert len(paths) >= 12  # 13 in the vendored sample
    clean = []
    for path in paths:
        errors = validate(path.read_text(encoding="utf-8"))
        assert isinstance(errors, list)
        assert all(isinstance(e, str) for e in errors)
        # A Python exception inside Heat would show up as "SomeError: ..." (see _message).
        assert not any(e.split(":")[0].endswith(("Error", "Exception")) for e in errors), errors
        if not errors:
            clean.append(path)
    print(f"heat-cfn: {len(clean)}/{len(paths)} templates validate clean")
    # Upstream keeps the broken ones (dependency cycles) under F17/invalid.
    assert all("invalid" not in p.parts for p in clean)
    assert len(clean) >= len(paths) - sum(1 for p in paths if "invalid" in p.parts)


def test_per_call_cost_after_warm_up() -> None:
    validate(VALID_HOT)
    runs = 20
    start = time.perf_counter()
    for _ in range(runs):
        validate(VALID_HOT)
    per_call = (time.perf_counter() - start) / runs
    print(f"validate(): {per_call * 1000:.1f} ms per call")
    assert per_call < 0.25  # generous: only a regression to per-call setup should fail this


def test_resource_schemas_cover_types_properties_and_attributes() -> None:
    schemas = resource_schemas()
    server = schemas["OS::Nova::Server"]
    assert server["properties"]["flavor"]["required"] is True
    assert server["properties"]["flavor"]["custom_constraint"] == "nova.flavor"
    assert "networks" in server["attributes"]
    rules = schemas["OS::Neutron::SecurityGroup"]["properties"]["rules"]
    assert rules["type"] == "List"
    assert "remote_mode" in rules["schema"]["*"]["schema"]
    instance = schemas["AWS::EC2::Instance"]["properties"]
    assert instance["SourceDestCheck"]["implemented"] is False
    assert "AWS::CloudWatch::Alarm" in schemas  # provider template from environment.d


def test_committed_schema_dump_matches_installed_heat() -> None:
    from cfnbridge.testing.heat_validator import heat_version

    dump = json.loads((REPO / "resource_maps" / "heat_schemas.json").read_text())
    if dump["heat_version"] != heat_version():
        pytest.skip(f"dump is from heat {dump['heat_version']}, installed {heat_version()}")
    assert dump["types"] == resource_schemas()
