"""AWS deploys at the edges, against moto behind the fault proxy: throttling and plain-text
503s are retried; an endpoint that accepts and never answers ends the deploy within
``--timeout`` (planning: nothing applied; waiting: how to follow the stack); a server
that dies mid-wait is explained; Ctrl-C while planning removes the change set; SIGTERM
is handled as Ctrl-C; a failed delete lists what is left; what ``status``, ``outputs``,
``events`` and ``plan`` show, in text and JSON.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import moto_compat
import pytest
from fault_proxy import FaultProxy

import cfnbridge.deployment as api
from cfnbridge.cli import main

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
WEBSERVER = REPO / "examples" / "aws" / "webserver.yaml"
SECRET = "Tr0ub4dor-and-3"
DEPLOY = ("deploy", str(WEBSERVER), "--stack-name", "edge", "--param", f"AdminPassword={SECRET}")


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> SimpleNamespace:
    code = main(list(args))
    out, err = capsys.readouterr()
    return SimpleNamespace(code=code, out=out, err=err)


def stacks(aws: SimpleNamespace) -> dict[str, str]:
    return {s["StackName"]: s["StackStatus"] for s in aws.cfn.list_stacks()["StackSummaries"]}


@pytest.fixture
def proxy(aws):
    with FaultProxy(aws.url) as running:
        yield running


def test_throttling_and_plain_text_503_are_retried(aws, proxy, capsys):
    proxy.add("Action=DescribeStacks", "throttle", times=2, after="Action=ExecuteChangeSet")
    proxy.add("Action=DescribeStacks", "unavailable", times=2, after="Action=ExecuteChangeSet")
    proxy.add("Action=CreateChangeSet", "unavailable", times=1)
    run = cli(capsys, *DEPLOY, "--endpoint-url", proxy.url)
    assert run.code == 0, run.err
    assert "stack edge: CREATE_COMPLETE" in run.out
    assert proxy.injected == {"throttle": 2, "unavailable": 3}


def test_a_silent_endpoint_while_planning_ends_within_the_timeout(aws, proxy, capsys):
    proxy.add("Action=CreateChangeSet", "hang")
    started = time.monotonic()
    run = cli(capsys, *DEPLOY, "--endpoint-url", proxy.url, "--timeout", "4s")
    took = time.monotonic() - started
    assert run.code == 1, run.err
    assert took < 4 + 6, took
    assert "gave up after 4 s (--timeout) while planning: nothing was applied to stack edge" in run.err


def test_a_silent_endpoint_while_waiting_ends_within_the_timeout_with_a_hint(aws, proxy, capsys):
    proxy.add("Action=Describe", "hang", after="Action=ExecuteChangeSet")
    with moto_compat.slow(0.3):
        started = time.monotonic()
        run = cli(capsys, *DEPLOY, "--endpoint-url", proxy.url, "--timeout", "5s")
        took = time.monotonic() - started
        moto_compat.settle()
    assert run.code == 1, run.err
    assert took < 5 + 6, took
    assert "gave up after 5 s (--timeout)" in run.err and "may still be changing" in run.err
    assert f"cfnbridge status --stack-name edge --endpoint-url {proxy.url}" in run.err
    assert stacks(aws)["edge"] == "CREATE_COMPLETE"  # the stack carried on


def test_a_server_that_dies_mid_wait_is_explained(aws, proxy, capsys):
    seen = []

    def kill_on_first_event(event):
        seen.append(event)
        proxy.stop()

    with moto_compat.slow(0.3):
        result = api.deploy(WEBSERVER, "aws", stack_name="edge", params={"AdminPassword": SECRET},
                            endpoint_url=proxy.url, on_event=kill_on_first_event)
        moto_compat.settle()
    assert seen and not result.ok
    assert "the cloud had accepted the change" in result.error
    assert "may still be CREATE_IN_PROGRESS" in result.error
    assert f"cfnbridge status --stack-name edge --endpoint-url {proxy.url}" in result.error


def test_ctrl_c_while_planning_removes_the_change_set(aws):
    """SIGINT (and SIGTERM) to a real process while the change set is being computed."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for sig, code in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
        with FaultProxy(aws.url) as proxy:
            proxy.add("Action=DescribeChangeSet", "delay", seconds=30, times=1)
            command = [sys.executable, "-c", "import sys; from cfnbridge.cli import main; sys.exit(main())",
                       *DEPLOY, "--endpoint-url", proxy.url]
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                       env=env, cwd=REPO)
            try:
                deadline = time.monotonic() + 30
                while not proxy.injected and time.monotonic() < deadline:
                    time.sleep(0.1)
                assert proxy.injected == {"delay": 1}
                process.send_signal(sig)
                out, err = process.communicate(timeout=30)
            finally:
                process.kill()
        assert process.returncode == code, err
        assert "Traceback" not in err
        assert "Interrupted before anything was applied: stack edge was not changed" in err
        assert "carries on" not in err
        assert "edge" not in {n for n, s in stacks(aws).items() if s != "DELETE_COMPLETE"}


def test_sigterm_while_waiting_is_handled_like_ctrl_c(aws):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-c", "import sys; from cfnbridge.cli import main; sys.exit(main())",
               *DEPLOY, "--endpoint-url", aws.url]
    with moto_compat.slow(0.4):
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env=env, cwd=REPO)
        try:
            line = ""
            while "IN_PROGRESS" not in line:
                line = process.stdout.readline()
                assert line, "the deploy ended before any event"
            process.send_signal(signal.SIGTERM)
            out, err = process.communicate(timeout=20)
        finally:
            process.kill()
        moto_compat.settle()
    assert process.returncode == 143, err
    assert "was not cancelled and carries on" in err
    assert f"cfnbridge status --stack-name edge --endpoint-url {aws.url}" in err
    assert stacks(aws)["edge"] == "CREATE_COMPLETE"


def test_what_status_outputs_events_and_plan_show(aws, capsys, tmp_path, monkeypatch):
    moto = ("--stack-name", "edge", "--endpoint-url", aws.url)
    missing = [cli(capsys, command, *moto) for command in ("status", "outputs", "events")]
    assert [m.code for m in missing] == [2, 2, 2]
    assert all("no stack named edge" in m.err for m in missing)

    bare = tmp_path / "bare.yaml"
    bare.write_text("Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.1.0.0/16\n")
    planned = cli(capsys, "plan", str(bare), *moto, "--format", "json")
    assert planned.code == 0, planned.err
    assert json.loads(planned.out)["changes"][0] == {"action": "add", "logical_id": "Vpc",
                                                     "resource_type": "AWS::EC2::VPC", "physical_id": None,
                                                     "details": []}
    done = cli(capsys, "deploy", str(bare), *moto, "--format", "json")
    assert done.code == 0, done.err
    result = json.loads(done.out)
    assert result["status"] == "CREATE_COMPLETE" and result["ok"] is True
    assert re.search(r"CREATE_COMPLETE +Vpc", done.err)  # progress on stderr, JSON alone on stdout

    none = cli(capsys, "outputs", *moto)
    assert none.code == 0 and "stack edge has no outputs" in none.out
    status = json.loads(cli(capsys, "status", *moto, "--format", "json").out)
    assert status["status"] == "CREATE_COMPLETE"
    assert status["resources"][0]["logical_id"] == "Vpc" and status["resources"][0]["physical_id"].startswith("vpc-")
    events = json.loads(cli(capsys, "events", *moto, "--format", "json").out)
    assert {e["status"] for e in events} >= {"CREATE_IN_PROGRESS", "CREATE_COMPLETE"}

    help_text = cli(capsys, "status", "--help").out
    for unused in ("--site", "--env", "--allow-gaps", "--to", "--s3-bucket", "--param"):
        assert unused not in help_text
    assert "--profile" in help_text and "--endpoint-url" in help_text


def test_a_failed_delete_says_what_is_left(aws, capsys):
    """moto refuses to delete a VPC that still has a subnet it did not create (its own
    DependencyViolation): the stack record goes, the VPC stays; the user is told which."""
    moto = ("--stack-name", "edge", "--endpoint-url", aws.url)
    assert cli(capsys, *DEPLOY, "--endpoint-url", aws.url).code == 0
    vpc = next(r["PhysicalResourceId"] for r in aws.cfn.describe_stack_resources(StackName="edge")["StackResources"]
               if r["LogicalResourceId"] == "Vpc")
    aws.ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.9.0/24")  # made by hand, outside the stack
    run = cli(capsys, "delete", *moto, "--yes")
    assert run.code == 1, run.out
    assert "FAILED" in run.err
    assert vpc in run.err and "Vpc (AWS::EC2::VPC)" in run.err
