"""Deploying to OpenStack Heat, against a real Heat (API, heat-api-cfn and engine) started on
127.0.0.1 by ``cfnbridge.testing.heat_server``, through real heatclient and boto3 calls.

What is real and what is not, honestly:

- Heat is real: its template parsing, validation, previews, convergence engine, rollback,
  events and outputs. Credentials go through openstacksdk's loader, from a clouds.yaml
  entry with ``auth_type: none`` (there is no Keystone).
- The cloud behind Heat is not: the no-op plugins (``cfnbridge.testing.heat_plugins``)
  keep each resource type's schema and update rules but create nothing. The one failure
  tested here is theirs, and labelled so: a property value containing ``fail-on-create``
  makes that resource's create fail, as a cloud refusing the request would; Heat then
  rolls back for real.
- The dual deploy uses the moto server of ``conftest.py`` for the AWS side.

One Heat (``conftest.py``) serves every module; each test uses its own stack names.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import cfnbridge.deployment as api
from cfnbridge.cli import main

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
WEBSERVER = REPO / "examples" / "aws" / "webserver.yaml"
WEB_VPC = REPO / "examples" / "web-vpc" / "template.yaml"
SECRET = "Tr0ub4dor-and-3"
WEB_VPC_PARAMS = ("--param", "KeyName=ops", "--param", f"DbPassword={SECRET}", "--param", "Image=cirros")


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> SimpleNamespace:
    code = main(list(args))
    out, err = capsys.readouterr()
    return SimpleNamespace(code=code, out=out, err=err)


def on_heat(*args: str) -> list[str]:
    return [*args, "--target", "heat", "--cloud", "local-heat"]


def has_event(text: str, status: str, logical_id: str, prefix: str = "") -> bool:
    return re.search(rf"^{re.escape(prefix)}\d\d:\d\d:\d\d  {status} +{logical_id}  \(", text, re.M) is not None


def variant(tmp: Path, name: str, old: str, new: str, source: Path = WEBSERVER) -> Path:
    text = source.read_text()
    assert old in text
    path = tmp / name
    path.write_text(text.replace(old, new))
    return path


# -- the examples, in both dialects ------------------------------------------------------


@pytest.mark.parametrize(("example", "mode", "extra"), [
    (WEBSERVER, "hot", ("--param", f"AdminPassword={SECRET}")),
    (WEBSERVER, "native", ("--param", f"AdminPassword={SECRET}")),
    (WEB_VPC, "hot", WEB_VPC_PARAMS),
    (WEB_VPC, "native", (*WEB_VPC_PARAMS, "--allow-gaps", "--param", "PublicSubnetCidrBlock=10.0.1.0/24")),
], ids=["webserver-hot", "webserver-native", "web-vpc-hot", "web-vpc-native"])
def test_translated_examples_reach_create_complete(heat, capsys, example, mode, extra):
    stack = f"{example.parent.name}-{mode}"
    outputs_file = heat.tmp / "outputs.json"
    run = cli(capsys, *on_heat("deploy", str(example), "--stack-name", stack, "--to", mode,
                               "--outputs-file", str(outputs_file), *extra))
    assert run.code == 0, run.err
    assert f"stack {stack}: CREATE_COMPLETE" in run.out
    assert heat.hc.stacks.get(stack).stack_status == "CREATE_COMPLETE"
    assert has_event(run.out, "CREATE_COMPLETE", "Vpc")
    written = json.loads(outputs_file.read_text())
    assert written["VpcId"] == heat.hc.resources.get(stack, "Vpc").physical_resource_id
    for text in (run.out, run.err, outputs_file.read_text()):
        assert SECRET not in text
    if "--allow-gaps" in extra:
        assert "deploying despite a translation gap" in run.err

    shown = cli(capsys, *on_heat("outputs", "--stack-name", stack))
    assert shown.code == 0 and written["VpcId"] in shown.out
    status = cli(capsys, *on_heat("status", "--stack-name", stack))
    assert status.code == 0 and f"stack {stack}: CREATE_COMPLETE" in status.out and "Vpc" in status.out
    events = cli(capsys, *on_heat("events", "--stack-name", stack, "--limit", "2"))
    assert events.code == 0 and len(events.out.splitlines()) == 2


def test_error_gaps_stop_the_deploy_unless_allowed(heat, capsys):
    run = cli(capsys, *on_heat("deploy", str(WEB_VPC), "--stack-name", "gaps", "--to", "native",
                               *WEB_VPC_PARAMS))
    assert run.code == 1
    assert "--allow-gaps" in run.err and "error-level gap" in run.err
    assert [s.stack_name for s in heat.hc.stacks.list()].count("gaps") == 0


# -- update, failure and rollback, delete -------------------------------------------------


def test_update_is_previewed_then_applied(heat, capsys):
    args = ("--stack-name", "upd", "--param", f"AdminPassword={SECRET}")
    assert cli(capsys, *on_heat("deploy", str(WEBSERVER), *args)).code == 0
    https = variant(heat.tmp, "https.yaml", "          FromPort: 80\n          ToPort: 80\n",
                    "          FromPort: 443\n          ToPort: 443\n")

    planned = cli(capsys, *on_heat("plan", str(https), *args))
    assert planned.code == 0, planned.err
    assert re.search(r"modify\s+.*WebSecurityGroup", planned.out), planned.out
    assert "Vpc " not in planned.out
    assert heat.hc.stacks.get("upd").stack_status == "CREATE_COMPLETE"  # a plan changes nothing

    # --yes: Heat's preview also lists resources fed by get_resource as replaced (see the
    # known limits in docs/testing.md), so off a terminal the deploy asks for consent.
    run = cli(capsys, *on_heat("deploy", str(https), *args, "--yes"))
    assert run.code == 0, run.err
    assert "modify" in run.out and has_event(run.out, "UPDATE_COMPLETE", "WebSecurityGroup")
    assert heat.hc.stacks.get("upd").stack_status == "UPDATE_COMPLETE"
    rules = heat.hc.stacks.template("upd")["resources"]["WebSecurityGroup"]["properties"]["rules"]
    assert 443 in {rule.get("port_range_min") for rule in rules}


def test_failure_rolls_back_with_its_reason(heat, capsys):
    # The no-op cloud refuses to create a server from an image named "fail-on-create".
    run = cli(capsys, *on_heat("deploy", str(WEBSERVER), "--stack-name", "broken",
                               "--param", f"AdminPassword={SECRET}", "--param", "ImageId=fail-on-create"))
    assert run.code == 1
    assert "FAILED: WebServer (OS::Nova::Server) CREATE_FAILED" in run.err
    assert "fail-on-create" in run.err
    assert "ROLLBACK_COMPLETE" in run.err
    assert has_event(run.out, "DELETE_COMPLETE", "Vpc")  # the rollback, as it happened
    assert heat.hc.stacks.get("broken").stack_status == "ROLLBACK_COMPLETE"
    assert list(heat.hc.resources.list("broken")) == []


def test_delete_removes_the_stack(heat, capsys):
    args = ("--stack-name", "gone")
    assert cli(capsys, *on_heat("deploy", str(WEBSERVER), *args, "--param", f"AdminPassword={SECRET}")).code == 0
    refused = cli(capsys, *on_heat("delete", *args))
    assert refused.code == 2 and "--yes" in refused.err
    run = cli(capsys, *on_heat("delete", *args, "--yes"))
    assert run.code == 0, run.err
    assert "DELETE_COMPLETE" in run.out and has_event(run.out, "DELETE_COMPLETE", "WebServer")
    missing = cli(capsys, *on_heat("status", *args))
    assert missing.code == 2 and "no stack named gone" in missing.err


# -- Heat's CloudFormation API --------------------------------------------------------------


def test_heat_cfn_create_outputs_delete(heat, capsys):
    via_cfn = ("--target", "heat-cfn", "--heat-cfn-url", heat.server.cfn_endpoint.removesuffix("v1/"),
               "--stack-name", "cfn")
    run = cli(capsys, "deploy", str(WEBSERVER), *via_cfn, "--param", f"AdminPassword={SECRET}")
    assert run.code == 0, run.err
    assert "stack cfn: CREATE_COMPLETE" in run.out
    assert has_event(run.out, "CREATE_COMPLETE", "WebServer")  # from resource polling
    stack = heat.hc.stacks.get("cfn")
    assert stack.stack_status == "CREATE_COMPLETE"
    assert heat.hc.resources.get("cfn", "WebServer").resource_type == "AWS::EC2::Instance"

    shown = cli(capsys, "outputs", *via_cfn)
    assert shown.code == 0
    instance = heat.hc.resources.get("cfn", "WebServer").physical_resource_id
    assert instance in shown.out and instance in run.out

    gone = cli(capsys, "delete", *via_cfn, "--yes")
    assert gone.code == 0, gone.err
    assert "DELETE_COMPLETE" in gone.out
    assert "cfn" not in [s.stack_name for s in heat.hc.stacks.list()]


# -- both clouds at once ---------------------------------------------------------------------


def test_dual_deploy_to_moto_and_heat(heat, aws, capsys):
    both = ("--target", "aws", "--target", "heat", "--endpoint-url", aws.url, "--cloud", "local-heat",
            "--stack-name", "dual")
    outputs_file = heat.tmp / "both.json"
    run = cli(capsys, "deploy", str(WEBSERVER), *both, "--param", f"AdminPassword={SECRET}",
              "--param", "ExternalNetwork=ext-net", "--outputs-file", str(outputs_file))
    assert run.code == 0, run.err
    assert "[aws] stack dual: CREATE_COMPLETE" in run.out
    assert "[aws] Changes to dual (create)" in run.out and "[heat] Changes to dual (create)" in run.out
    assert "[heat] stack dual: CREATE_COMPLETE" in run.out
    assert has_event(run.out, "CREATE_COMPLETE", "WebServer", "[aws] ")
    assert has_event(run.out, "CREATE_COMPLETE", "WebServer", "[heat] ")
    written = json.loads(outputs_file.read_text())
    instance = written["aws"]["InstanceId"]
    assert instance.startswith("i-")
    assert written["heat"]["InstanceId"] == heat.hc.resources.get("dual", "WebServer").physical_resource_id
    table = next(line for line in run.out.splitlines() if "InstanceId" in line and instance in line)
    assert written["heat"]["InstanceId"][:8] in table  # side by side, one row
    assert SECRET not in run.out + run.err

    gone = cli(capsys, "delete", *both, "--yes")
    assert gone.code == 0, gone.err
    assert "[aws] stack dual: DELETE_COMPLETE" in gone.out and "[heat] stack dual: DELETE_COMPLETE" in gone.out


def test_a_failure_on_one_side_never_hides_the_other(heat, aws):
    seen: list[tuple[str, str]] = []
    results = api.deploy_many(WEBSERVER, ["aws", "heat"], stack_name="half",
                         params={"AdminPassword": SECRET, "ImageId": "fail-on-create"},
                         on_event=lambda name, event: seen.append((name, event.status)),
                         options={"aws": {"endpoint_url": aws.url}, "heat": {"cloud": "local-heat"}})
    assert set(results) == {"aws", "heat"}
    assert results["aws"].ok and results["aws"].status == "CREATE_COMPLETE"
    assert results["aws"].outputs["InstanceId"].startswith("i-")
    assert not results["heat"].ok and results["heat"].status == "ROLLBACK_COMPLETE"
    assert results["heat"].failure.logical_id == "WebServer"
    assert {name for name, _ in seen} == {"aws", "heat"}

    unreachable = api.deploy_many(WEBSERVER, ["aws", "heat-cfn"], stack_name="half2",
                             params={"AdminPassword": SECRET},
                             options={"aws": {"endpoint_url": aws.url}, "heat-cfn": {}})
    assert unreachable["aws"].ok
    assert unreachable["heat-cfn"].status == "ERROR" and "--endpoint-url" in unreachable["heat-cfn"].error


def test_ctrl_c_stops_waiting_not_the_heat_stack(heat):
    """Interrupting the wait (an event callback raising KeyboardInterrupt, as Ctrl-C does)
    leaves the stack to Heat: it still reaches CREATE_COMPLETE."""
    import time

    def stop(event: Any) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        api.deploy(WEBSERVER, "heat", stack_name="interrupted", params={"AdminPassword": SECRET},
                   on_event=stop, cloud="local-heat")
    deadline = time.monotonic() + 60
    while heat.hc.stacks.get("interrupted").stack_status.endswith("IN_PROGRESS") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert heat.hc.stacks.get("interrupted").stack_status == "CREATE_COMPLETE"


def test_a_parameter_the_translation_needs_is_asked_for_before_creating(heat, capsys):
    """The web-vpc example's AMI map became the parameter Image: a new stack without it is refused
    by name, and no stack is created."""
    run = cli(capsys, *on_heat("deploy", str(WEB_VPC), "--stack-name", "no-image", "--param", "KeyName=ops",
                               "--param", f"DbPassword={SECRET}"))
    assert run.code != 0 and "needs values for Image" in run.err and "--param Image=..." in run.err
    assert SECRET not in run.out + run.err
    assert not [stack for stack in heat.hc.stacks.list() if stack.stack_name == "no-image"]


# -- servers that signal: cfn-init and CreationPolicy on a stock image ---------------------------
BOOTSTRAP = REPO / "examples" / "bootstrap-instance" / "template.yaml"
BOOTSTRAP_PARAMS = {"ImageId": "cirros", "DBPassword": SECRET, "Network": "private", "ExternalNetwork": "public",
                    "Flavor": "m1.small"}


@pytest.mark.parametrize("status", ["SUCCESS", "FAILURE"])
def test_the_stack_completes_only_when_the_server_signals(heat, status):
    """No server runs here, so the test signals the handle as the translated user data would
    (a POST of {"status": ...} to the handle), once the handle exists. Until then the stack
    waits and the alarm that depends on the server is not created; FAILURE fails the stack."""
    stack = f"bootstrap-{status.lower()}"
    seen: dict[str, Any] = {}

    def on_event(event: Any) -> None:
        if event.logical_id == "AppServerWaitHandle" and event.status == "CREATE_COMPLETE" and "signalled" not in seen:
            seen["stack"] = heat.hc.stacks.get(stack).stack_status
            seen["wait"] = heat.hc.resources.get(stack, "AppServerWaitCondition").resource_status
            seen["alarm"] = heat.hc.resources.get(stack, "AppAlarm").resource_status
            heat.hc.resources.signal(stack, "AppServerWaitHandle", data={"status": status, "reason": "test"})
            seen["signalled"] = True

    try:
        result = api.deploy(BOOTSTRAP, "heat", stack_name=stack, params=BOOTSTRAP_PARAMS, cloud="local-heat",
                            on_failure="DO_NOTHING", on_event=on_event)
        final = result.status
    except Exception as error:  # the failing case ends in a deploy error
        final = str(error)
    assert seen.get("signalled"), final
    assert seen["stack"] == "CREATE_IN_PROGRESS" and seen["wait"] in ("INIT_COMPLETE", "CREATE_IN_PROGRESS")
    assert seen["alarm"] == "INIT_COMPLETE"  # it refers to the server: it waits for the signal
    if status == "SUCCESS":
        assert final == "CREATE_COMPLETE"
        assert heat.hc.resources.get(stack, "AppAlarm").resource_status == "CREATE_COMPLETE"
    else:
        assert heat.hc.stacks.get(stack).stack_status == "CREATE_FAILED"
        assert heat.hc.resources.get(stack, "AppAlarm").resource_status == "INIT_COMPLETE"
