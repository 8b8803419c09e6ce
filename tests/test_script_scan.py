"""The script scan: AWS calls in user data and cfn-init found in tricky text, located at their
line (and column) inside the template for every way a script is written, and in the report."""

from __future__ import annotations

import json
import re

import pytest

import cfnbridge
from cfnbridge.gap_codes import codes_for
from cfnbridge.script_scan import table
from cfnbridge.script_scan.shell import OPAQUE, scan
from tests.conftest import EXAMPLES

SERVED = table.served_metadata()
SCRIPT_CODES = {*codes_for("CB3020"), *codes_for("CB3320"), *codes_for("CB3420")}


def _calls(text: str) -> list[tuple[str, str, str]]:
    """(kind, service or detail, operation) of each finding, in text order."""
    return [(f.kind, f.service or f.detail, f.operation) for f in scan(text, SERVED)]


@pytest.mark.parametrize(("text", "expected"), [
    ("aws ec2 associate-address --instance-id i-1", [("cli", "ec2", "associate-address")]),
    ("sudo -u ec2-user -E aws s3 cp a b", [("cli", "s3", "cp")]),
    ("aws --region us-east-1 --output json ec2 describe-tags", [("cli", "ec2", "describe-tags")]),
    ("aws --debug --region=eu-west-1 sqs send-message", [("cli", "sqs", "send-message")]),
    ("/usr/local/bin/aws s3 ls", [("cli", "s3", "ls")]),
    ("$HOME/.local/bin/aws s3 ls", [("cli", "s3", "ls")]),
    ("ID=$(aws ec2 describe-instances --query x)", [("cli", "ec2", "describe-instances")]),
    ("X=`aws sts get-caller-identity`", [("cli", "sts", "get-caller-identity")]),
    ("aws \\\n  --region x \\\n  ec2 \\\n  create-tags --tags a", [("cli", "ec2", "create-tags")]),
    ("aws `\n  ec2 create-tags", [("cli", "ec2", "create-tags")]),  # PowerShell's continuation
    ("if true; then aws s3 sync a b; fi && env A=1 aws sns publish",
     [("cli", "s3", "sync"), ("cli", "sns", "publish")]),
    ("su - app -c \"aws s3 cp a b\"", [("cli", "s3", "cp")]),
    ("cat list | xargs -n1 aws s3 rm", [("cli", "s3", "rm")]),
    ("*/5 * * * * root aws s3 sync /var/log s3://logs\n@reboot aws sns publish", [("cli", "s3", "sync"),
                                                                                  ("cli", "sns", "publish")]),
    ("echo 1 2 3 4 5 aws s3 ls", []),
    ("aws configure set region eu-west-1", []),  # local configuration, no call
    ("aws ${Service} describe-things", []),  # a service known only at deploy time
    (f"aws {OPAQUE} describe-instances", []),  # a Ref joined in: opaque, never a service
    ("# aws s3 cp a b\n  # aws ec2 create-tags", []),
    ("echo \"now run aws s3 cp\"; echo 'aws ec2 create-tags'", []),
    ("yum install -y awscli aws-cfn-bootstrap; pip install aws", []),
    ("<# aws s3 cp\n aws ec2 create-tags #>\nWrite-Host done", []),
    ("echo done # aws s3 cp", []),
])
def test_cli_calls_are_found_where_they_run(text: str, expected: list) -> None:
    assert _calls(text) == expected


def test_an_endpoint_of_its_own_is_seen() -> None:
    found = scan("aws --endpoint-url http://rgw:8080 s3 cp a b\naws s3 ls --endpoint-url=http://x", SERVED)
    assert [f.endpoint for f in found] == [True, True]
    assert [f.endpoint for f in scan("aws s3 cp a b", SERVED)] == [False]


def test_sdk_clients_and_their_ec2_calls() -> None:
    text = ("import boto3\nec2 = boto3.client('ec2', region_name='x')\nec2.associate_address(AllocationId=a)\n"
            "ec2.create_tags(Resources=[])\ns3 = session.resource(\"s3\")\n")
    assert _calls(text) == [("sdk", "ec2", ""), ("sdk", "ec2", "associate_address"), ("sdk", "ec2", "create_tags"),
                            ("sdk", "s3", "")]
    assert _calls("redis.client('x')") == []  # not boto: another library's client


def test_powershell_cmdlets_name_their_service() -> None:
    found = scan("Read-S3Object -BucketName b -Key k -File c:\\x\nGet-ChildItem\nNew-EC2Tag -Resource i", SERVED)
    assert [(f.word, f.detail) for f in found] == [("Read-S3Object", "S3"), ("New-EC2Tag", "EC2")]


@pytest.mark.parametrize(("text", "expected"), [
    ("curl http://169.254.169.254/latest/meta-data/instance-id", []),
    ("curl http://169.254.169.254/latest/meta-data/placement/availability-zone", []),
    ("curl http://169.254.169.254/latest/meta-data/public-keys/0/openssh-key", []),
    ("curl http://169.254.169.254/latest/user-data", []),
    ("curl http://169.254.169.254/openstack/latest/meta_data.json", []),
    (f"curl http://169.254.169.254/latest/meta-data/{OPAQUE}", []),
    ("curl http://169.254.169.254/latest/meta-data/iam/security-credentials/app", [("metadata", "credentials", "")]),
    ("curl $META/iam/security-credentials/", [("metadata", "credentials", "")]),
    ("curl -X PUT http://169.254.169.254/latest/api/token", [("metadata", "token", "")]),
    ("curl -H \"X-aws-ec2-metadata-token: $T\" http://169.254.169.254/latest/meta-data/instance-id",
     [("metadata", "token", "")]),
    ("curl http://169.254.169.254/latest/meta-data/iam/info", [("metadata", "unserved:meta-data/iam/info", "")]),
    ("curl http://169.254.169.254/latest/meta-data/placement/region",
     [("metadata", "unserved:meta-data/placement/region", "")]),
    ("curl http://169.254.169.254/latest/meta-data/network/interfaces/macs/$MAC/vpc-id",
     [("metadata", "unserved:meta-data/network/interfaces/macs/…", "")]),
    ("curl http://169.254.169.254/latest/dynamic/instance-identity/document",
     [("metadata", "unserved:dynamic/instance-identity/document", "")]),
])
def test_metadata_nova_serves_passes_quietly(text: str, expected: list) -> None:
    assert _calls(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("mount -t nfs4 ${Fs}.efs.${AWS::Region}.amazonaws.com:/ /mnt", [("endpoint", "efs", "")]),
    ("mount fs-1234.efs.us-east-1.amazonaws.com:/ /mnt", [("endpoint", "efs", "")]),
    ("DIR_SRC=$EFS_ID.efs.$REGION.amazonaws.com", [("endpoint", "efs", "")]),
    ("curl -O https://s3.amazonaws.com/b/k https://b.s3-website-eu-west-1.amazonaws.com/",
     [("endpoint", "s3", ""), ("endpoint", "s3", "")]),
    ("curl https://s3.${AWS::Region}.${AWS::URLSuffix}/b/k", [("endpoint", "s3", "")]),
    ("docker login 1234.dkr.ecr.eu-west-1.amazonaws.com", [("endpoint", "1234", "")]),
    ("curl https://example.org/amazonaws.com.html", []),
    ("/opt/aws/bin/cfn-init -s x --url https://stackbuilder.amazonaws.com", []),  # the bootstrap's call
])
def test_amazonaws_names(text: str, expected: list) -> None:
    assert _calls(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("/opt/aws/bin/cfn-hup\nservice cfn-hup start", [("tool", "cfn-hup", ""), ("tool", "cfn-hup", "")]),
    ("/opt/aws/bin/cfn-get-metadata -s x -r y", [("tool", "cfn-get-metadata", "")]),
    ("/opt/aws/bin/cfn-send-cmd-event -e x", [("tool", "cfn-send-cmd-event", "")]),
    ("/opt/aws/bin/cfn-init -s x; /opt/aws/bin/cfn-signal -e $?", []),  # the bootstrap translation's
    ("cat /etc/cfn/cfn-hup.conf /etc/cfn/hooks.d/cfn-auto-reloader.conf; yum install aws-cfn-bootstrap", []),
])
def test_helper_tools_other_than_the_bootstrap(text: str, expected: list) -> None:
    assert _calls(text) == expected


def test_one_table_two_spellings() -> None:
    rows = table.ec2_rows()
    assert len([row for row in rows if row[2]]) == 36
    for api, cli, _, _ in rows:
        assert table.api_name(cli) == api and table.cli_name(api) == cli
    assert table.api_name("associate_address") == "AssociateAddress"
    assert table.ec2_accepted("AssociateAddress") and not table.ec2_accepted("CreateTags")
    assert table.ec2_equivalent("CreateTags") == "openstack server set --property KEY=VALUE <server>"


def test_the_table_is_checked_against_its_schema() -> None:
    from cfnbridge.errors import InputError
    from cfnbridge.translation import maps

    folder = maps.maps_dir() / "scripts"
    schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
    bad = {**table.data(), "tools": {"cfn-init": {"severity": "error", "message": "m", "hint": "h"}}}
    with pytest.raises(InputError, match="tools"):
        maps.validate_maps({"aws_calls.yaml": bad}, schema)
    bad = {**table.data(), "ec2_api": {"accepted": ["associate-address"], "equivalents": {}}}
    with pytest.raises(InputError, match="ec2_api"):
        maps.validate_maps({"aws_calls.yaml": bad}, schema)


def _script_gaps(text: str, filename: str) -> list:
    translation = cfnbridge.translate(cfnbridge.load(text, filename=filename))
    return [gap for gap in translation.gaps if gap.code in SCRIPT_CODES]


def _at(text: str, gap) -> str:
    """The source text from the gap's position to the end of its line."""
    return text.splitlines()[gap.location.line - 1][gap.location.column - 1:]


_INSTANCE = """AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Server:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: cirros
      InstanceType: m1.small
      UserData:
"""


@pytest.mark.parametrize(("user_data", "expected"), [
    ("        Fn::Base64: !Sub |\n          #!/bin/sh\n\n          echo hi\n          aws s3 cp a b\n", (13, 11)),
    ("        !Base64 |\n          #!/bin/sh\n            aws s3 cp a b\n", (11, 13)),
    ("        Fn::Base64: >\n          #!/bin/sh\n\n          aws s3 cp a b\n", (12, 11)),
    ("        Fn::Base64: \"#!/bin/sh\\n\\techo \\\"hi\\\"\n          \\n aws s3 cp a b\"\n", (10, 14)),
    ("        Fn::Base64: '#!/bin/sh\n\n          it''s; aws s3 cp a b'\n", (11, 18)),
    ("        Fn::Base64: #!/bin/sh\n\n          echo; aws s3 cp a b\n", (11, 17)),
    ("        Fn::Base64:\n          Fn::Join: ['', [\"#!/bin/sh\\n\", !Ref AWS::Region,\n"
     "            \"\\n\", \"aws s3 cp a b\"]]\n", (11, 20)),
    ("        Fn::Base64:\n          Fn::Join:\n            - \"\\n\"\n            - - '#!/bin/sh'\n"
     "              - !Sub 'echo ${AWS::Region}'\n              - aws s3 cp a b\n", (14, 17)),
    ("        Fn::Base64: !Sub ['#!/bin/sh\n\n          aws s3 cp ${B} b', {B: x}]\n", (11, 11)),
    ("        Fn::Base64: !If [Yes, 'aws s3 cp a b', !Ref AWS::NoValue]\n", (9, 32)),
])
def test_yaml_findings_are_located_inside_the_string(user_data: str, expected: tuple[int, int]) -> None:
    text = _INSTANCE + user_data + "Conditions:\n  Yes: !Equals [a, a]\n"
    gaps = _script_gaps(text, "t.yaml")
    assert [(g.location.line, g.location.column) for g in gaps] == [expected]
    assert _at(text, gaps[0]).startswith("aws s3 cp")
    assert gaps[0].location.file == "t.yaml" and gaps[0].resource == "Server"


def test_json_strings_and_join_pieces_are_located() -> None:
    resources = {"Server": {"Type": "AWS::EC2::Instance", "Properties": {
        "ImageId": "cirros", "InstanceType": "m1.small",
        "UserData": {"Fn::Base64": {"Fn::Join": ["", [
            "#!/bin/bash\n", "echo \"\u00e9\U0001F600\" && aws ec2 create-tags --tags a\n",
            {"Ref": "AWS::Region"}, "\n", "curl http://169.254.169.254/latest/meta-data/iam/security-credentials/\n"]]}}},
        "Metadata": {"AWS::CloudFormation::Init": {"config": {
            "commands": {"a": {"command": ["aws", "s3", "cp", "x", "y"]}},
            "files": {"/f": {"content": {"Fn::Sub": "#!/bin/sh\n\taws sqs send-message --queue-url ${Q}\n"}}}}}}}}
    text = json.dumps({"Resources": resources, "Parameters": {"Q": {"Type": "String"}}}, indent=2,
                      ensure_ascii=True).replace("/", "\\/")  # escapes that take several characters in the file
    gaps = _script_gaps(text, "t.json")
    found = sorted((g.code, _at(text, g)[:12]) for g in gaps)
    assert found == [("script-aws-call", "aws ec2 crea"), ("script-aws-call", "aws sqs send"),
                     ("script-aws-call", 'aws",'),
                     ("script-credentials", "\\/latest\\/me")]
    lines = {g.location.line for g in gaps}
    assert len(lines) == 4, "each finding stands on its own piece's line"


def test_the_golden_example_lists_each_marked_call_at_its_line() -> None:
    path = EXAMPLES / "userdata-aws-calls" / "template.yaml"
    text = path.read_text(encoding="utf-8")
    marked: set[tuple[int, str]] = set()
    for number, line in enumerate(text.splitlines(), 1):
        for code, shift in re.findall(r"<- (script-[a-z-]+)(?:@(-\d+))?", line):
            marked.add((number + int(shift or 0), code))
    gaps = _script_gaps(text, str(path))
    assert {(g.location.line, g.code) for g in gaps} == marked
    for gap in gaps:
        assert re.match(r"(aws|/opt/aws|/latest|X-aws|\$\{FileSystemId\}|s3\.amazonaws)", _at(text, gap)), gap


def test_translate_and_lint_show_the_call_at_file_line_column(tmp_path, capsys) -> None:
    from cfnbridge.cli import main

    path = EXAMPLES / "userdata-aws-calls" / "template.yaml"
    code = main(["translate", str(path), "-o", str(tmp_path / "out.yaml")])
    err = capsys.readouterr().err
    assert code == 1  # error gaps: the application would not be configured
    assert f"{path}:39:24: error script-aws-call: AppServer: the script calls `aws ec2 create-tags`" in err
    code = main(["lint", str(path)])
    out = capsys.readouterr().out
    assert f"{path}:53:16: ERROR CB3020 the script calls `aws ec2 associate-address` at AWS's endpoint" in out
    assert code == 1


def test_the_same_call_twice_is_one_finding_with_its_places(capsys) -> None:
    text = _INSTANCE + "        Fn::Base64: |\n          aws s3 cp a b\n          echo\n          aws s3 cp c d\n"
    gaps = _script_gaps(text, "t.yaml")
    assert len({g.message for g in gaps}) == 1 and [g.location.line for g in gaps] == [10, 12]
    from cfnbridge.translation.gaps import report_text

    assert "    also at lines 12" in report_text(gaps)


def test_the_matrix_prints_the_ec2_table_from_the_same_data() -> None:
    from cfnbridge.translation.matrix import render

    text = render()
    for api, cli, accepted, _ in table.ec2_rows():
        assert f"| `{api}` | `{cli}` | {'yes' if accepted else 'no'} |" in text
    assert "| `CreateTags` | `create-tags` | no | `openstack server set --property KEY=VALUE <server>` |" in text
