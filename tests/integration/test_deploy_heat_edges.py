"""Heat's edges: an update through heat-api-cfn, "no changes" with a NoEcho parameter,
a plan whose only change is an output, input refused before any call (the AWS name of a
flavor-mapped instance type), the translation's gaps shown before the plan, and a Heat
that stops answering while the deploy waits (through the fault proxy).
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from fault_proxy import FaultProxy

from cfnbridge.cli import main

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
WEBSERVER = REPO / "examples" / "aws" / "webserver.yaml"
SITE = REPO / "examples" / "site-profile.yaml"
SECRET = "Tr0ub4dor-and-3"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> SimpleNamespace:
    code = main(list(args))
    out, err = capsys.readouterr()
    return SimpleNamespace(code=code, out=out, err=err)


def variant(tmp: Path, name: str, old: str, new: str) -> Path:
    text = WEBSERVER.read_text()
    assert old in text
    path = tmp / name
    path.write_text(text.replace(old, new))
    return path


def on_heat(*args: str) -> list[str]:
    return [*args, "--target", "heat", "--cloud", "local-heat"]


@pytest.fixture
def proxied(heat, monkeypatch, tmp_path):
    """The local Heat behind the fault proxy, as cloud ``proxied``."""
    with FaultProxy(heat.server.endpoint) as proxy:
        clouds = tmp_path / "proxied.yaml"
        clouds.write_text(f"clouds:\n  proxied:\n    auth_type: none\n    auth:\n      endpoint: {proxy.url}\n")
        monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds))
        yield proxy


def test_heat_cfn_update_is_applied(heat, capsys):
    via_cfn = ("--target", "heat-cfn", "--heat-cfn-url", heat.server.cfn_endpoint, "--stack-name", "cfnupd",
               "--param", f"AdminPassword={SECRET}")
    assert cli(capsys, "deploy", str(WEBSERVER), *via_cfn).code == 0
    https = variant(heat.tmp, "https.yaml", "          FromPort: 80\n          ToPort: 80\n",
                    "          FromPort: 443\n          ToPort: 443\n")
    run = cli(capsys, "deploy", str(https), *via_cfn, "--yes")
    assert run.code == 0, run.err
    assert "stack cfnupd: UPDATE_COMPLETE" in run.out
    assert heat.hc.stacks.get("cfnupd").stack_status == "UPDATE_COMPLETE"
    group = heat.hc.stacks.template("cfnupd")["Resources"]["WebSecurityGroup"]["Properties"]
    assert 443 in {int(rule["FromPort"]) for rule in group["SecurityGroupIngress"]}
    assert cli(capsys, "delete", *via_cfn[:6], "--yes").code == 0


def test_no_changes_with_a_no_echo_parameter_and_an_output_only_plan(heat, capsys):
    args = on_heat("--stack-name", "same", "--param", f"AdminPassword={SECRET}")
    assert cli(capsys, "deploy", str(WEBSERVER), *args).code == 0
    assert heat.hc.stacks.get("same").to_dict()["parameters"]["AdminPassword"] == "******"
    again = cli(capsys, "deploy", str(WEBSERVER), *args)
    assert again.code == 0, again.err
    assert "no changes: stack same is up to date" in again.out
    assert "not compared: NoEcho parameter(s) AdminPassword" in again.err
    assert heat.hc.stacks.get("same").stack_status == "CREATE_COMPLETE"  # no UPDATE ran

    more = variant(heat.tmp, "more.yaml", "Outputs:\n", "Outputs:\n  Env:\n    Value: !Ref EnvName\n")
    planned = cli(capsys, "plan", str(more), *args)
    assert planned.code == 0, planned.err
    assert "no changes" not in planned.out and "deploy would update it" in planned.out
    assert cli(capsys, "deploy", str(more), *args, "--yes").code == 0
    assert cli(capsys, "plan", str(more), *args).out.startswith("no changes")


def test_bad_input_is_refused_before_any_call_even_for_heat(heat, proxied, capsys):
    via = ("--target", "heat", "--cloud", "proxied")
    bad = cli(capsys, "deploy", str(WEBSERVER), *via, "--stack-name", "refused", "--site", str(SITE),
              "--param", f"AdminPassword={SECRET}", "--param", "InstanceType=m5.huge")
    assert bad.code == 2
    assert re.search(r"webserver\.yaml:\d+:\d+: parameter InstanceType: .*'m5.huge' is not one of its "
                     r"AllowedValues \(t3.micro, t3.small, t3.medium\)", bad.err), bad.err
    short = cli(capsys, "deploy", str(WEBSERVER), *via, "--stack-name", "refused", "--param", "AdminPassword=short")
    assert short.code == 2 and "parameter AdminPassword" in short.err and "MinLength 8" in short.err
    assert "short" not in short.err  # a NoEcho value is never quoted
    name = cli(capsys, "deploy", str(WEBSERVER), *via, "--stack-name", "9-lives", "--param",
               f"AdminPassword={SECRET}")
    assert name.code == 2 and "invalid stack name '9-lives'" in name.err
    assert proxied.seen == []  # not one request reached Heat

    # The old spelling of --site still works, with a note.
    good = cli(capsys, "deploy", str(WEBSERVER), *via, "--stack-name", "flavored", "--profile", str(SITE),
               "--param", f"AdminPassword={SECRET}", "--param", "InstanceType=t3.small")
    assert good.code == 0, good.err
    assert "pass the site profile as --site" in good.err
    # checked as the AWS name (t3.small is allowed), passed as the site's flavor (t3.* -> m1.medium)
    assert heat.hc.stacks.get("flavored").to_dict()["parameters"]["InstanceType"] == "m1.medium"


def test_translation_gaps_are_shown_before_the_plan(heat, capsys):
    planned = cli(capsys, *on_heat("plan", str(WEBSERVER), "--stack-name", "gapsplan",
                                   "--param", f"AdminPassword={SECRET}"))
    assert planned.code == 0, planned.err
    translated = cli(capsys, "translate", str(WEBSERVER))
    shown = [line for line in translated.err.splitlines() if " warning " in line or " error " in line]
    assert shown, translated.err
    for line in shown:
        assert line.strip() in planned.err
    assert "translation gaps (hot)" in planned.err


def test_a_heat_that_stops_answering_ends_within_the_timeout(heat, proxied, capsys):
    proxied.add("GET /v1/", "hang", after="POST /v1/")  # every read once the stack was created
    started = time.monotonic()
    run = cli(capsys, "deploy", str(WEBSERVER), "--target", "heat", "--cloud", "proxied", "--stack-name",
              "silent", "--param", f"AdminPassword={SECRET}", "--timeout", "6s")
    took = time.monotonic() - started
    assert run.code == 1, run.err
    assert took < 6 + 8, took
    assert "gave up after 6 s" in run.err
    assert "may still be changing" in run.err
    assert "cfnbridge status --target heat --stack-name silent --cloud proxied" in run.err
    assert proxied.injected.get("hang", 0) >= 1
