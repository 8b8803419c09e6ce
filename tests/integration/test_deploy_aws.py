"""Deploying to AWS CloudFormation, against a real moto server (moto==5.2.5, pinned in
pyproject) on 127.0.0.1, through real boto3 calls. Nothing of cfnbridge is mocked.

How the gaps of stock moto are handled, honestly:

- moto lacks per-resource events, asynchronous change-set execution, rollback after a
  failed create, outputs for stacks made by change sets, and deletion of stack volumes.
  ``moto_compat`` (next to this file) adds exactly those to moto's in-process backend and
  is documented there. Every resource is still created, updated and deleted by moto's own
  code, and every failure tested here is moto's own (a subnet CIDR outside its VPC); the
  layer only reports and orchestrates, as CloudFormation would.
- moto computes no "Replacement" for changes, so replacements are not tested here; the
  refusal of destructive changes off a terminal is tested with a removal, which moto
  reports for real.
- "Nothing left behind" is checked in moto's EC2 (instances terminated; no VPC, subnet,
  security group or volume of ours).
- Ctrl-C is tested twice: through the API (an event callback raising KeyboardInterrupt)
  and through the command line (SIGINT to a real process while resources are slowed
  down by ``moto_compat.slow``); both times the stack must carry on to CREATE_COMPLETE.
"""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import moto_compat
import pytest

import cfnbridge.deployment as api
from cfnbridge.cli import main

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
WEBSERVER = REPO / "examples" / "aws" / "webserver.yaml"
REGION = "us-east-1"
SECRET = "Tr0ub4dor-and-3"


def cli(aws: SimpleNamespace, capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    """Run ``cfnbridge ARGS --endpoint-url moto``; returns (exit code, stdout, stderr)."""
    code = main([*args, "--endpoint-url", aws.url])
    out, err = capsys.readouterr()
    return SimpleNamespace(code=code, out=out, err=err)


def deploy_args(template: Path, *extra: str) -> list[str]:
    return ["deploy", str(template), "--stack-name", "web", "--param",
            f"AdminPassword={SECRET}", *extra]


def ours(aws: SimpleNamespace) -> dict[str, list[str]]:
    """What of ours exists in moto's EC2 (defaults and terminated instances excluded)."""
    ec2 = aws.ec2
    return {
        "instances": [i["InstanceId"] for r in ec2.describe_instances()["Reservations"]
                      for i in r["Instances"] if i["State"]["Name"] != "terminated"],
        "vpcs": [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if not v["IsDefault"]],
        "subnets": [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]
                    if not s["DefaultForAz"]],
        "security_groups": [g["GroupId"] for g in ec2.describe_security_groups()
                            ["SecurityGroups"] if g["GroupName"] != "default"],
        "volumes": [v["VolumeId"] for v in ec2.describe_volumes()["Volumes"]],
    }


def variant(aws: SimpleNamespace, name: str, old: str, new: str) -> Path:
    """A copy of the example with one piece of text replaced."""
    text = WEBSERVER.read_text()
    assert old in text
    path = aws.tmp / name
    path.write_text(text.replace(old, new))
    return path


def pending_change_sets(aws: SimpleNamespace) -> list[str]:
    summaries = aws.cfn.list_change_sets(StackName="web")["Summaries"]
    return [s["ChangeSetName"] for s in summaries if s.get("ExecutionStatus") == "AVAILABLE"]


def has_event(text: str, status: str, logical_id: str) -> bool:
    """Whether a plain event line for ``logical_id`` reaching ``status`` was printed."""
    return re.search(rf"^\d\d:\d\d:\d\d  {status} +{logical_id}  \(", text, re.M) is not None


def stack(aws: SimpleNamespace, name: str = "web") -> dict[str, Any]:
    return aws.cfn.describe_stacks(StackName=name)["Stacks"][0]


# -- create, outputs -------------------------------------------------------------------


def test_create_with_parameters_reports_each_resource_and_shows_outputs(aws, capsys):
    outputs_file = aws.tmp / "outputs.json"
    run = cli(aws, capsys, *deploy_args(WEBSERVER, "--param", "EnvName=shop",
                                        "--param", "InstanceType=t3.small",
                                        "--outputs-file", str(outputs_file)))
    assert run.code == 0, run.err
    assert stack(aws)["StackStatus"] == "CREATE_COMPLETE"
    for logical_id in ("Vpc", "PublicSubnet", "WebSecurityGroup", "WebServer", "DataVolume"):
        assert has_event(run.out, "CREATE_COMPLETE", logical_id)
    (instance,) = [i for r in aws.ec2.describe_instances()["Reservations"] for i in r["Instances"]]
    assert instance["InstanceType"] == "t3.small"
    (vpc,) = [v for v in aws.ec2.describe_vpcs()["Vpcs"] if not v["IsDefault"]]
    assert {"Key": "Name", "Value": "shop-vpc"} in vpc["Tags"]
    written = json.loads(outputs_file.read_text())
    assert written["InstanceId"] == instance["InstanceId"]
    assert written["VpcId"] == vpc["VpcId"]
    assert set(written) == {"VpcId", "InstanceId", "PrivateIp", "DataVolumeId"}
    assert "Outputs" in run.out and instance["InstanceId"] in run.out

    shown = cli(aws, capsys, "outputs", "--stack-name", "web")
    assert shown.code == 0
    assert instance["InstanceId"] in shown.out and vpc["VpcId"] in shown.out

    status = cli(aws, capsys, "status", "--stack-name", "web")
    assert status.code == 0
    assert "stack web: CREATE_COMPLETE" in status.out and "WebServer" in status.out

    events = cli(aws, capsys, "events", "--stack-name", "web", "--limit", "3")
    assert events.code == 0
    assert len(events.out.splitlines()) == 3
    assert "CREATE_COMPLETE" in events.out.splitlines()[-1]


def test_api_deploy_returns_a_result_without_a_terminal(aws):
    seen = []
    result = api.deploy(WEBSERVER, "aws", stack_name="web", params={"AdminPassword": SECRET},
                        on_event=seen.append, endpoint_url=aws.url)
    assert result.ok and result.status == "CREATE_COMPLETE"
    assert result.elapsed > 0
    assert [c.action for c in result.changes] == ["add"] * 5
    assert result.outputs["InstanceId"].startswith("i-")
    assert seen == result.events
    assert {e.logical_id for e in seen} >= {"Vpc", "WebServer", "web"}


# -- update, plan, no change -----------------------------------------------------------


def test_update_goes_through_a_change_set_shown_as_a_plan(aws, capsys):
    assert cli(aws, capsys, *deploy_args(WEBSERVER)).code == 0
    https = variant(aws, "https.yaml", "          FromPort: 80\n          ToPort: 80\n",
                    "          FromPort: 443\n          ToPort: 443\n")

    planned = cli(aws, capsys, "plan", str(https), "--stack-name", "web")
    assert planned.code == 0, planned.err
    assert "modify" in planned.out and "WebSecurityGroup" in planned.out
    assert "Vpc" not in planned.out
    assert pending_change_sets(aws) == []  # the plan left none behind

    run = cli(aws, capsys, *deploy_args(https))
    assert run.code == 0, run.err
    assert "modify" in run.out and "UPDATE_COMPLETE" in run.out
    assert stack(aws)["StackStatus"] == "UPDATE_COMPLETE"
    (group,) = [g for g in aws.ec2.describe_security_groups()["SecurityGroups"]
                if g["GroupName"] != "default"]
    assert 443 in {p.get("FromPort") for p in group["IpPermissions"]}


def test_no_changes_is_reported_and_exits_zero(aws, capsys):
    assert cli(aws, capsys, *deploy_args(WEBSERVER)).code == 0
    again = cli(aws, capsys, *deploy_args(WEBSERVER))
    assert again.code == 0
    assert "no changes" in again.out
    assert stack(aws)["StackStatus"] == "CREATE_COMPLETE"
    assert pending_change_sets(aws) == []


def test_removal_is_refused_without_a_terminal_unless_yes(aws, capsys):
    assert cli(aws, capsys, *deploy_args(WEBSERVER)).code == 0
    text = WEBSERVER.read_text()
    start, end = text.index("  DataVolume:\n"), text.index("Outputs:")
    smaller = aws.tmp / "smaller.yaml"
    smaller.write_text(text[:start] + text[end:].replace(
        "  DataVolumeId:\n    Value: !Ref DataVolume\n", ""))

    refused = cli(aws, capsys, *deploy_args(smaller))
    assert refused.code == 1
    assert "refusing" in refused.err and "DataVolume (remove)" in refused.err
    assert len(ours(aws)["volumes"]) == 1
    assert stack(aws)["StackStatus"] == "CREATE_COMPLETE"

    allowed = cli(aws, capsys, *deploy_args(smaller, "--yes"))
    assert allowed.code == 0, allowed.err
    assert ours(aws)["volumes"] == []


# -- failure and rollback, delete ------------------------------------------------------


def test_failing_resource_is_named_and_rollback_followed_to_the_end(aws, capsys):
    broken = variant(aws, "broken.yaml", "CidrBlock: 10.20.1.0/24", "CidrBlock: 10.99.1.0/24")
    run = cli(aws, capsys, *deploy_args(broken))
    assert run.code == 1
    assert "FAILED: PublicSubnet (AWS::EC2::Subnet) CREATE_FAILED" in run.err
    assert "10.99.1.0/24" in run.err  # moto's own reason
    assert "ROLLBACK_COMPLETE" in run.err
    assert has_event(run.out, "DELETE_COMPLETE", "Vpc")  # the rollback, as it happened
    assert stack(aws)["StackStatus"] == "ROLLBACK_COMPLETE"
    assert ours(aws)["vpcs"] == []
    status = cli(aws, capsys, "status", "--stack-name", "web")
    assert status.code == 1 and "stack web: ROLLBACK_COMPLETE" in status.out

    again = cli(aws, capsys, *deploy_args(WEBSERVER))
    assert again.code == 1
    assert "ROLLBACK_COMPLETE" in again.err and "cfnbridge delete" in again.err


def test_delete_leaves_nothing_behind_in_ec2(aws, capsys):
    assert cli(aws, capsys, *deploy_args(WEBSERVER)).code == 0
    assert all(ours(aws).values())

    refused = cli(aws, capsys, "delete", "--stack-name", "web")
    assert refused.code == 2 and "--yes" in refused.err

    run = cli(aws, capsys, "delete", "--stack-name", "web", "--yes")
    assert run.code == 0, run.err
    assert "DELETE_COMPLETE" in run.out
    assert ours(aws) == {k: [] for k in ours(aws)}
    missing = cli(aws, capsys, "status", "--stack-name", "web")
    assert missing.code == 2 and "no stack named web" in missing.err


# -- secrets ---------------------------------------------------------------------------


def test_no_echo_values_never_appear_in_output_or_logs(aws, capsys, caplog):
    caplog.set_level(logging.DEBUG)  # botocore logs request bodies at DEBUG
    secret_cidr = "10.99.7.0/24"
    leaky = variant(aws, "leaky.yaml", "  SshCidr:\n    Type: String\n",
                    "  SshCidr:\n    Type: String\n    NoEcho: true\n")
    leaky = variant(aws, "leaky2.yaml", "CidrBlock: 10.20.1.0/24", "CidrBlock: !Ref SshCidr")
    leaky.write_text(leaky.read_text().replace(
        "  SshCidr:\n    Type: String\n", "  SshCidr:\n    Type: String\n    NoEcho: true\n"))
    outputs_file = aws.tmp / "out.json"

    good = cli(aws, capsys, *deploy_args(WEBSERVER, "--outputs-file", str(outputs_file)))
    failed = cli(aws, capsys, "deploy", str(leaky), "--stack-name", "leaky",
                 "--param", f"AdminPassword={SECRET}", "--param", f"SshCidr={secret_cidr}")
    assert good.code == 0 and failed.code == 1
    assert "CREATE_FAILED" in failed.err and "****" in failed.err  # reason kept, value masked

    texts = [good.out, good.err, failed.out, failed.err, outputs_file.read_text()]
    texts += [record.getMessage() for record in caplog.records]
    assert any("botocore" in r.name for r in caplog.records)  # the debug log did run
    for secret in (SECRET, secret_cidr):
        assert not [t for t in texts if secret in t]
    # ...and yet the value did reach AWS: it is in the instance's user data.
    (instance,) = [i for r in aws.ec2.describe_instances()["Reservations"] for i in r["Instances"]]
    user_data = aws.ec2.describe_instance_attribute(
        InstanceId=instance["InstanceId"], Attribute="userData")["UserData"]["Value"]
    import base64

    assert SECRET in base64.b64decode(user_data).decode()


# -- Ctrl-C ----------------------------------------------------------------------------


def test_interrupting_the_api_wait_leaves_the_stack_running(aws):
    def stop(event):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        api.deploy(WEBSERVER, "aws", stack_name="web", params={"AdminPassword": SECRET},
                   on_event=stop, endpoint_url=aws.url)
    moto_compat.settle()
    assert stack(aws)["StackStatus"] == "CREATE_COMPLETE"


def test_ctrl_c_on_the_command_line_stops_waiting_not_the_stack(aws):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-c", "import sys; from cfnbridge.cli import main; "
               "sys.exit(main())", *deploy_args(WEBSERVER), "--endpoint-url", aws.url]
    with moto_compat.slow(0.4):
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, env=env, cwd=REPO)
        try:
            line = ""
            while "IN_PROGRESS" not in line:
                line = process.stdout.readline()
                assert line, "the deploy ended before any event"
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=20)
        finally:
            process.kill()
        assert process.returncode == 130, err
        assert "Traceback" not in err
        assert "was not cancelled" in err
        assert f"cfnbridge status --stack-name web --endpoint-url {aws.url}" in err
        assert stack(aws)["StackStatus"] == "CREATE_IN_PROGRESS"
        moto_compat.settle()
    assert stack(aws)["StackStatus"] == "CREATE_COMPLETE"


# -- parameters files, template checks, large templates --------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("params.json", json.dumps([
            {"ParameterKey": "EnvName", "ParameterValue": "fromjson"},
            {"ParameterKey": "AdminPassword", "ParameterValue": SECRET},
            {"ParameterKey": "DataVolumeSize", "ParameterValue": "20"},
        ])),
        ("params.yaml", f"EnvName: fromyaml\nAdminPassword: {SECRET}\nDataVolumeSize: 20\n"),
    ],
)
def test_params_file_formats(aws, capsys, name, content):
    params_file = aws.tmp / name
    params_file.write_text(content)
    run = cli(aws, capsys, "deploy", str(WEBSERVER), "--stack-name", "web",
              "--params-file", str(params_file), "--param", "InstanceType=t3.medium")
    assert run.code == 0, run.err
    env = "fromjson" if name.endswith(".json") else "fromyaml"
    (vpc,) = [v for v in aws.ec2.describe_vpcs()["Vpcs"] if not v["IsDefault"]]
    assert {"Key": "Name", "Value": f"{env}-vpc"} in vpc["Tags"]
    (volume,) = aws.ec2.describe_volumes()["Volumes"]
    assert volume["Size"] == 20
    (instance,) = [i for r in aws.ec2.describe_instances()["Reservations"] for i in r["Instances"]]
    assert instance["InstanceType"] == "t3.medium"


def test_broken_template_stops_before_any_aws_call(aws, capsys):
    broken = variant(aws, "undefined.yaml", "VpcId: !Ref Vpc\n      CidrBlock",
                     "VpcId: !Ref Nowhere\n      CidrBlock")
    run = cli(aws, capsys, *deploy_args(broken))
    assert run.code == 2
    assert "undefined.yaml:" in run.err and "Nowhere" in run.err
    assert aws.cfn.list_stacks()["StackSummaries"] == []


def test_large_template_goes_through_s3(aws, capsys):
    big = aws.tmp / "big.yaml"
    big.write_text(WEBSERVER.read_text() + "".join(f"# padding line {i:05d} {'x' * 60}\n"
                                                    for i in range(800)))
    assert big.stat().st_size > 51_200
    refused = cli(aws, capsys, *deploy_args(big))
    assert refused.code == 2 and "--s3-bucket" in refused.err
    aws.s3.create_bucket(Bucket="templates")
    run = cli(aws, capsys, *deploy_args(big, "--s3-bucket", "templates"))
    assert run.code == 0, run.err
    (obj,) = aws.s3.list_objects_v2(Bucket="templates")["Contents"]
    assert obj["Key"].startswith("cfnbridge/web/") and obj["Size"] == big.stat().st_size
    assert stack(aws)["StackStatus"] == "CREATE_COMPLETE"


def test_lint_security_error_stops_the_deploy_unless_forced(aws, capsys):
    """Deploy lints first: a password written into user data is as leaked on AWS as on OpenStack."""
    leaky = variant(aws, "leaky.yaml", 'echo "ADMIN_PASSWORD=${AdminPassword}"',
                    'echo "ADMIN_PASSWORD=hunter2-in-plain-text"')
    stopped = cli(aws, capsys, *deploy_args(leaky))
    assert stopped.code == 2
    assert "leaky.yaml:82:" in stopped.err and "CB6002" in stopped.err
    assert aws.cfn.list_stacks()["StackSummaries"] == []
    forced = cli(aws, capsys, *deploy_args(leaky, "--force"))
    assert forced.code == 0, forced.err
    assert "ignored because of --force" in forced.err or "CB6002" in forced.err
    assert stack(aws)["StackStatus"] == "CREATE_COMPLETE"
