"""Aurora clusters as one Trove primary with replicas, EFS as a Manila share its clients may mount.

Read as the user gets them: the bytes ``cfnbridge translate`` writes, parsed back, with the
gap report on stderr; Heat's validator judges the result.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import cfnbridge
from tests.cli_run import cli
from tests.conftest import CORPUS, EXAMPLES, FULL_CORPUS

AURORA = (EXAMPLES / "aurora-cluster" / "template.yaml").read_text(encoding="utf-8")


def _written(tmp_path: Path, text: str, *options: str) -> tuple[dict, str, int]:
    source = tmp_path / "template.yaml"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out.yaml"
    run = cli("translate", str(source), "-o", str(out), *options)
    return yaml.safe_load(out.read_text(encoding="utf-8")), run.err, run.code


def test_an_aurora_cluster_is_one_trove_primary_with_its_readers_as_replicas(tmp_path, heat_validate) -> None:
    doc, err, code = _written(tmp_path, AURORA)
    resources = doc["resources"]
    trove = [name for name, body in resources.items() if body["type"] == "OS::Trove::Instance"]
    assert trove == ["Cluster", "Reader"], "the writer is the cluster's instance, not a second database"
    primary = resources["Cluster"]["properties"]
    assert primary["datastore_type"] == "postgresql" and primary["datastore_version"] == "13"
    assert primary["databases"] == [{"name": "app"}]
    assert primary["users"] == [{"name": "admin", "databases": ["app"], "password": {"get_param": "DBPassword"}}]
    assert primary["networks"] == [{"network": {"get_attr": ["SubnetA", "network_id"]}}]
    assert primary["availability_zone"] == "az1", "the writer's own settings belong to the primary"
    assert primary["flavor"] and primary["size"] == {"get_param": "ClusterSize"}
    assert resources["Writer"] == {"type": "OS::Heat::None", "depends_on": "Cluster"}
    replica = resources["Reader"]["properties"]
    assert replica["replica_of"] == {"get_resource": "Cluster"}
    assert {k: replica[k] for k in ("datastore_type", "datastore_version", "networks", "size")} == \
        {k: primary[k] for k in ("datastore_type", "datastore_version", "networks", "size")}
    assert doc["outputs"]["Host"]["value"] == {"get_attr": ["Cluster", "hostname"]}
    assert doc["outputs"]["Port"]["value"] == 5432
    assert doc["outputs"]["ReadHost"]["value"] == {"get_attr": ["Reader", "hostname"]}
    assert doc["outputs"]["WriterId"]["value"] == {"get_resource": "Cluster"}
    # The cluster's snapshot policy is kept as far as Heat can (reported), its group's loss is an error.
    assert resources["Cluster"]["deletion_policy"] == "Retain"
    assert "template.yaml:16:21: warning snapshot-policy" in err
    assert "template.yaml:24:28: error db-access" in err
    assert code == 1
    placeholder, _, _ = _written(tmp_path, AURORA, "--placeholder")
    assert heat_validate(placeholder) == []


def test_a_member_of_a_cluster_outside_the_template_stays_an_error() -> None:
    text = """\
Resources:
  DB:
    Type: AWS::RDS::DBInstance
    Properties: {DBClusterIdentifier: my-cluster, Engine: aurora-mysql, DBInstanceClass: db.r5.large}
"""
    result = cfnbridge.translate(cfnbridge.load(text, filename="t.yaml"))
    assert ("property-lost", "error", 4) in {(g.code, g.severity, g.location.line) for g in result.gaps}


def _corpus_file(key: str) -> Path:
    """A corpus template by its upstream path: from the vendored sample, else the full corpus."""
    for root in (CORPUS, FULL_CORPUS):
        if root is not None and (root / key).is_file():
            return root / key
    pytest.skip(f"{key} is in the full corpus only, which is not present")


def test_corpus_serverless_aurora_is_one_trove_instance(heat_validate) -> None:
    path = _corpus_file("aws-samples/community/services/RDS/aurora-serverless/template.yml")
    cluster = cfnbridge.translate(path).template["resources"]["Cluster"]
    assert cluster["type"] == "OS::Trove::Instance"
    assert cluster["properties"]["datastore_type"] == "mysql"
    assert cluster["properties"]["flavor"] == {"get_param": "ClusterFlavor"}, "serverless: no member gives a class"
    assert cluster["properties"]["users"][0]["password"] == {"get_param": "MasterUserPassword"}
    assert heat_validate(cfnbridge.translate(path, placeholder=True).template) == []


def test_corpus_aurora_member_stands_for_its_cluster(heat_validate) -> None:
    path = _corpus_file("aws-samples/aws/services/DMS/DMSAuroraToS3FullLoadAndOngoingReplication.json")
    dms = cfnbridge.translate(path)
    resources = dms.template["resources"]
    assert resources["AuroraCluster"]["type"] == "OS::Trove::Instance"
    assert resources["AuroraDB"]["type"] == "OS::Heat::None"
    assert resources["AuroraCluster"]["properties"]["databases"] == [{"name": "dms_sample"}]
    assert dms.template["outputs"]["AuroraEndpoint"]["value"] == {"get_attr": ["AuroraCluster", "hostname"]}
    assert heat_validate(cfnbridge.translate(path, placeholder=True).template) == []


EFS = (EXAMPLES / "efs-mount" / "template.yaml").read_text(encoding="utf-8")


def test_efs_becomes_a_share_open_to_its_mount_targets_clients(tmp_path, heat_validate) -> None:
    doc, err, code = _written(tmp_path, EFS)
    resources = doc["resources"]
    share = resources["Files"]
    assert share["type"] == "OS::Manila::Share"
    assert share["properties"]["share_protocol"] == "NFS"
    # The group-sourced rule becomes the mount target's subnet; the CIDR rule stays; SSH is not NFS.
    assert share["properties"]["access_rules"] == [
        {"access_type": "ip", "access_to": "192.168.7.0/24", "access_level": "rw"},
        {"access_type": "ip", "access_to": "10.0.1.0/24", "access_level": "rw"}]
    assert resources["Mount"] == {"type": "OS::Heat::None", "depends_on": "Files"}
    assert resources["App"]["depends_on"] == "Mount"
    assert doc["outputs"]["Share"]["value"] == {"get_attr": ["Files", "export_locations", 0]}
    assert "template.yaml:29:9: info share-mount-pointed" in err, err
    script = resources["App"]["properties"]["user_data"]["str_replace"]
    assert "mount -t nfs4 ${Files.export_locations.0} /mnt/efs" in script["template"]
    assert script["params"]["${Files.export_locations.0}"] == {"get_attr": ["Files", "export_locations", 0]}
    assert code == 0  # nothing left that would not deploy
    placeholder, _, _ = _written(tmp_path, EFS, "--placeholder")
    assert heat_validate(placeholder) == []


def test_a_share_without_a_known_client_range_asks_for_it() -> None:
    text = """\
Parameters:
  Subnet: {Type: AWS::EC2::Subnet::Id}
  Group: {Type: AWS::EC2::SecurityGroup::Id}
Resources:
  Files: {Type: AWS::EFS::FileSystem}
  Mount:
    Type: AWS::EFS::MountTarget
    Properties: {FileSystemId: !Ref Files, SubnetId: !Ref Subnet, SecurityGroups: [!Ref Group]}
"""
    result = cfnbridge.translate(cfnbridge.load(text, filename="t.yaml"))
    rules = result.template["resources"]["Files"]["properties"]["access_rules"]
    assert rules == [{"access_type": "ip", "access_to": {"get_param": "FilesClientCidr"}, "access_level": "rw"}]
    assert "default" not in result.template["parameters"]["FilesClientCidr"], "no guessed range"
    assert ("share-access", "warning", 7) in {(g.code, g.severity, g.location.line) for g in result.gaps}


def test_corpus_efs_share_has_access_rules_and_its_mount_script_is_an_error() -> None:
    result = cfnbridge.translate(_corpus_file("aws-samples/community/services/EFS/efs_with_automount_to_ec2.json"))
    share = result.template["resources"]["EFSFileSystem"]["properties"]
    assert share["access_rules"] == [
        {"access_type": "ip", "access_to": {"get_param": "EFSFileSystemClientCidr"}, "access_level": "rw"}]
    assert [(g.severity, g.location.line) for g in result.gaps if g.code == "share-mount"] == [("error", 587)]
