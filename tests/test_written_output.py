"""What the CLI writes for templates that used to crash it or produce output Heat refused.

Each template under tests/data/written goes through ``cfnbridge translate -o`` in both modes,
with and without ``--placeholder``; the file is read back the way Heat reads it and must be
valid, free of CloudFormation syntax and of dangling references, with every change reported.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cfnbridge.cli import main
from tests.test_translate_corpus import MODES, _problems

DATA = Path(__file__).parent / "data" / "written"
TEMPLATES = sorted(DATA.glob("*.yaml"))


def _translate(path: Path, mode: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[dict, list]:
    to, _, placeholder = mode.partition("+")
    out, gaps = tmp_path / "out.yaml", tmp_path / "gaps.json"
    code = main(["translate", str(path), "--to", to, "-o", str(out), "--gaps", "json", "--gaps-out", str(gaps),
                 *(["--placeholder"] if placeholder else [])])
    assert "Traceback" not in capsys.readouterr().err
    assert code in (0, 1)
    return yaml.safe_load(out.read_text(encoding="utf-8")), json.loads(gaps.read_text(encoding="utf-8"))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.stem)
def test_written_output_is_valid(path: Path, mode: str, tmp_path: Path, capsys, heat_validate) -> None:
    doc, gaps = _translate(path, mode, tmp_path, capsys)
    assert _problems(doc, mode.partition("+")[0]) == []
    assert heat_validate(yaml.safe_dump(doc)) == []
    assert all(gap["location"]["file"] == str(path) for gap in gaps)


def test_values_openstack_cannot_give_are_reported_where_they_were(tmp_path: Path, capsys) -> None:
    path = DATA / "unavailable_values.yaml"
    doc, gaps = _translate(path, "hot", tmp_path, capsys)
    found = {(gap["code"], gap["path"]) for gap in gaps}
    # the output reading the omitted function goes, said at its line
    assert "FunctionArn" not in doc.get("outputs", {})
    assert ("output-removed", "Outputs/FunctionArn") in found
    # NoValue compared in a condition stays an operand (null), not a dropped one
    assert doc["conditions"]["Never"] == {"equals": [None, "x"]}
    # the rule keeps its group source; NoValue as its CIDR adds no remote_ip_prefix
    (rule,) = doc["resources"]["Group"]["properties"]["rules"]
    assert rule["remote_mode"] == "remote_group_id" and rule["remote_group_id"] == {"get_resource": "Other"}
    assert "remote_ip_prefix" not in rule

    kept, gaps = _translate(path, "hot+placeholder", tmp_path, capsys)
    assert kept["resources"]["Fn"] == {"type": "OS::Heat::None"}
    assert "FunctionArn" not in kept.get("outputs", {})


def test_conditions_use_only_what_heat_allows_there(tmp_path: Path, capsys) -> None:
    doc, _ = _translate(DATA / "condition_split.yaml", "hot", tmp_path, capsys)
    assert doc["conditions"]["FirstIsA"] == {"equals": [
        {"yaql": {"expression": "$.data.text.split($.data.delimiter)[0]",
                  "data": {"text": {"get_param": "Zones"}, "delimiter": ","}}}, "a"]}


def test_conditional_sources_keep_both_alternatives_and_never_open_a_rule(tmp_path: Path, capsys) -> None:
    """Neutron opens a rule with no source to everyone: each source keeps its condition, and a rule
    whose sources may all be absent exists only when one is there."""
    doc, gaps = _translate(DATA / "conditional_sources.yaml", "hot", tmp_path, capsys)
    web, ssh = doc["resources"]["Group"]["properties"]["rules"]
    assert web["remote_ip_prefix"] == {"if": ["NotHasClientGroup", "0.0.0.0/0"]}
    assert web["remote_group_id"] == {"if": ["HasClientGroup", {"get_param": "ClientGroup"}]}
    assert web["remote_mode"] == {"if": ["HasClientGroup", "remote_group_id"]}
    assert ssh["if"][0] == "HasClientGroup" and ssh["if"][1]["remote_group_id"] == {
        "if": ["HasClientGroup", {"get_param": "ClientGroup"}]}
    admin = doc["resources"]["AdminRule"]
    assert admin["condition"] == "NotIsHardened"
    assert doc["conditions"]["NotIsHardened"] == {"not": "IsHardened"}
    # rules that may lose every source are warnings; one kept under its conditions is an info
    assert sorted((gap["code"], gap["severity"]) for gap in gaps if gap["code"].startswith("conditional-source")) == [
        ("conditional-source", "warning"), ("conditional-source", "warning"), ("conditional-source-kept", "info")]

    # Heat's own AWS::EC2::SecurityGroup would open a rule whose source is null: native mode takes
    # Neutron's group for it, and drops the rule that cannot be kept conditional there (reported)
    native, gaps = _translate(DATA / "conditional_sources.yaml", "native", tmp_path, capsys)
    group = native["Resources"]["Group"]
    assert group["Type"] == "OS::Neutron::SecurityGroup"
    (web,) = group["Properties"]["rules"]
    assert web["remote_ip_prefix"] == {"Fn::If": ["HasClientGroup", None, "0.0.0.0/0"]}
    assert web["remote_group_id"] == {"Fn::If": ["HasClientGroup", {"Ref": "ClientGroup"}, None]}
    assert "conditional-item" in {gap["code"] for gap in gaps}


def test_each_export_is_its_own_parameter(tmp_path: Path, capsys) -> None:
    """Imports named with Sub are different exports: one parameter each, a list where it is split."""
    doc, gaps = _translate(DATA / "imports.yaml", "hot", tmp_path, capsys)
    parameters = doc["parameters"]
    for name in ("ParentVPCStack_SubnetAPublic", "ParentSGStack_ClientSecurityGroup",
                 "ParentSGStack_BastionSecurityGroup"):
        assert parameters[name]["type"] == "string" and name.replace("_", "-") in parameters[name]["description"]
    assert parameters["ParentVPCStack_AZs"]["type"] == "comma_delimited_list"
    groups = doc["resources"]["ServerPort"]["properties"]["security_groups"]
    assert groups == [{"get_param": "ParentSGStack_ClientSecurityGroup"},
                      {"get_param": "ParentSGStack_BastionSecurityGroup"}]
    assert sum(gap["code"] == "import-value" for gap in gaps) == 4


def test_check_runs_heats_validator_on_the_written_file(tmp_path: Path, capsys) -> None:
    out = tmp_path / "web.yaml"
    code = main(["translate", str(DATA / "conditional_sources.yaml"), "-o", str(out), "--check"])
    assert code == 0 and f"heat: {out} is valid" in capsys.readouterr().err


def test_check_names_the_output_line_of_heats_message() -> None:
    from cfnbridge.translation.check import check

    text = ("heat_template_version: '2021-04-16'\nresources:\n  Net:\n    type: OS::Neutron::Net\n"
            "  Port:\n    type: OS::Neutron::Port\n    properties:\n      network: {get_resource: Net}\n"
            "      bogus: 1\n")
    (finding,) = check(text)
    assert "bogus" in finding.message and finding.line == 9
    assert finding.render("out.yaml").startswith("out.yaml:9: heat: ")


def test_route_table_outputs_name_the_router(tmp_path: Path, capsys) -> None:
    """Route tables of a VPC share one Neutron router: an output naming any of them is that router."""
    doc, _ = _translate(DATA / "route_table_outputs.yaml", "hot", tmp_path, capsys)
    assert doc["resources"]["PrivateTable"]["type"] == "OS::Heat::None"
    assert doc["outputs"]["PrivateRouteTable"]["value"] == {"get_resource": "PublicTable"}
    assert doc["outputs"]["PublicRouteTable"]["value"] == {"get_resource": "PublicTable"}


def test_alarms_without_a_gnocchi_metric_are_left_out_with_one_finding(tmp_path: Path, capsys) -> None:
    doc, gaps = _translate(DATA / "alarms.yaml", "hot", tmp_path, capsys)
    resources = doc["resources"]
    assert resources["CpuHigh"]["type"] == "OS::Aodh::GnocchiAggregationByResourcesAlarm"
    assert resources["CpuHigh"]["properties"]["metric"] == "cpu"
    assert resources["DbConnections"] == {"type": "OS::Heat::None"} == resources["DbConnectionsLow"]
    about_db = [gap for gap in gaps if gap["resource"] in ("DbConnections", "DbConnectionsLow")]
    assert [gap["code"] for gap in about_db] == ["alarm-metric", "alarm-metric"]
    assert len({gap["message"] for gap in about_db}) == 1  # one finding in the report, listing both places
    from cfnbridge.cli import main as cli

    assert cli(["translate", str(DATA / "alarms.yaml"), "-o", str(tmp_path / "o.yaml")]) in (0, 1)
    report = capsys.readouterr().err
    assert report.count("alarms on AWS/RDS/DatabaseConnections were not translated") == 1
    assert "also at lines" in report


def test_ipv6_blocks_become_ipv6_subnets_on_the_same_network(tmp_path: Path, capsys) -> None:
    doc, gaps = _translate(DATA / "ipv6_subnets.yaml", "hot", tmp_path, capsys)
    resources = doc["resources"]
    carved = resources["SubnetAIpv6"]["properties"]
    assert carved == {"network": {"get_resource": "Vpc"}, "ip_version": 6, "ipv6_address_mode": "slaac",
                      "ipv6_ra_mode": "slaac", "subnetpool": {"get_param": "Ipv6SubnetPool"}, "prefixlen": 64}
    assert resources["SubnetBIpv6"]["properties"]["cidr"] == "2001:db8:0:1::/64"
    assert resources["AssocAIpv6"]["properties"]["subnet"] == {"get_resource": "SubnetAIpv6"}
    assert doc["outputs"]["SubnetAIpv6"]["value"] == {"get_attr": ["SubnetAIpv6", "cidr"]}
    assert resources["VpcIpv6"] == {"type": "OS::Heat::None"}
    assert not [gap for gap in gaps if gap["severity"] == "error"]


@pytest.mark.parametrize("site", [None, "site-profile.yaml"])
def test_a_server_never_boots_an_empty_or_ssm_image(site, tmp_path: Path, capsys) -> None:
    """A region-keyed AMI map looked up with OpenStack's region finds nothing: the image is a parameter;
    an SSM path never becomes a default."""
    to_args = ["--site", str(Path(__file__).parents[1] / "examples" / site)] if site else []
    out = tmp_path / "o.yaml"
    assert main(["translate", str(DATA / "region_amis.yaml"), "-o", str(out), *to_args]) in (0, 1)
    capsys.readouterr()
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert doc["resources"]["A"]["properties"]["image"] == {"get_param": "Image"}
    assert doc["parameters"]["Image"]["constraints"] == [{"custom_constraint": "glance.image"}]
    assert "default" not in doc["parameters"]["LatestAmi"]


def test_a_mapping_whose_amis_the_profile_maps_keeps_its_lookup(tmp_path: Path, capsys) -> None:
    template = tmp_path / "arch.yaml"
    template.write_text("""\
Parameters:
  Arch: {Type: String, Default: x86, AllowedValues: [x86, arm]}
Mappings:
  ArchImages:
    x86: {AMI: ami-0aa7d40eeae50c9a9}
    arm: {AMI: ami-0e4d9ed95865f3b40}
Resources:
  Server:
    Type: AWS::EC2::Instance
    Properties: {ImageId: !FindInMap [ArchImages, !Ref Arch, AMI], InstanceType: t3.micro}
""", encoding="utf-8")
    out = tmp_path / "o.yaml"
    site = Path(__file__).parents[1] / "examples" / "site-profile.yaml"
    assert main(["translate", str(template), "-o", str(out), "--site", str(site)]) in (0, 1)
    capsys.readouterr()
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert doc["resources"]["Server"]["properties"]["image"] == {
        "get_param": ["ArchImagesImages", {"get_param": "Arch"}, "AMI"]}
    assert doc["parameters"]["ArchImagesImages"]["default"] == {
        "x86": {"AMI": "ubuntu-22.04-x86_64"}, "arm": {"AMI": "ubuntu-22.04-aarch64"}}
