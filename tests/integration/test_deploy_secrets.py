"""No NoEcho value in any channel of any deploy command, wherever the value came from.

Secrets are planted as a parameter default, a ``--param``, a parameters file, a Heat
environment file, and an earlier deploy (a later one keeps the stored value without
naming it). The template has outputs that echo them, as real templates do by mistake;
CloudFormation (moto) and Heat return those outputs in clear. Then every command runs
(deploy, plan, outputs, status, events, delete; text and JSON; ``--debug``), and every
channel is searched: stdout, stderr, the files written, and every log record (DEBUG,
where the SDKs log request and response bodies). An error that quotes the request (from
the fault proxy in front of moto) checks the ``--debug`` traceback and its chained SDK
error. The values must still reach the cloud: that is checked too.
"""

from __future__ import annotations

import json
import logging
import stat
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fault_proxy import FaultProxy

from cfnbridge.cli import main

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
WEBSERVER = REPO / "examples" / "aws" / "webserver.yaml"
AS_DEFAULT = "dflt-Secret-77a"
AS_PARAM = "Param-Secret-88b"
IN_FILE = "File-Secret-99c"
IN_ENV = "Env-Secret-11d"
SECRETS = (AS_DEFAULT, AS_PARAM, IN_FILE, IN_ENV)


def secretive(tmp: Path, name: str = "secretive.yaml", port: int = 80) -> Path:
    """The web server example with a NoEcho default and outputs that echo the secrets."""
    text = WEBSERVER.read_text()
    text = text.replace("  AdminPassword:\n", f"  ApiToken:\n    Type: String\n    NoEcho: true\n"
                                               f"    Default: {AS_DEFAULT}\n  AdminPassword:\n")
    text = text.replace("Outputs:\n", "Outputs:\n  AdminEcho:\n    Value: !Ref AdminPassword\n"
                                      "  TokenEcho:\n    Value: !Sub \"token=${ApiToken}\"\n")
    text = text.replace("FromPort: 80\n          ToPort: 80\n", f"FromPort: {port}\n          ToPort: {port}\n")
    path = tmp / name
    path.write_text(text)
    return path


class Channels:
    """Runs commands and keeps everything they printed, logged and wrote."""

    def __init__(self, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
        self.capsys, self.caplog = capsys, caplog
        self.texts: list[tuple[str, str]] = []
        self.files: list[Path] = []

    def run(self, *args: str) -> SimpleNamespace:
        """Run one command; keep its output and its log records (only its own: the
        test's look into the cloud logs bodies too, in clear)."""
        self.caplog.clear()
        code = main(["--debug", *args])
        out, err = self.capsys.readouterr()
        label = " ".join(args[:2])
        self.texts += [(f"{label} stdout", out), (f"{label} stderr", err)]
        self.texts += [(f"{label} log {r.name}", r.getMessage()) for r in self.caplog.records]
        return SimpleNamespace(code=code, out=out, err=err)

    def written(self, path: Path) -> dict[str, Any]:
        self.files.append(path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, oct(path.stat().st_mode)
        return json.loads(path.read_text())

    def assert_clean(self) -> None:
        assert any(" log botocore" in where or " log keystoneauth" in where for where, _ in self.texts)
        files = [(str(p), p.read_text()) for p in self.files]
        leaks = [(where, secret, text[max(0, text.index(secret) - 300):text.index(secret) + 40])
                 for where, text in [*self.texts, *files] for secret in SECRETS if secret in text]
        assert not leaks, leaks


@pytest.fixture
def channels(capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> Channels:
    caplog.set_level(logging.DEBUG)  # botocore and keystoneauth log bodies at DEBUG
    return Channels(capsys, caplog)


def test_no_secret_in_any_channel_on_aws(aws, channels):
    on_moto = ("--stack-name", "vault", "--endpoint-url", aws.url)
    first = channels.run("deploy", str(secretive(aws.tmp)), *on_moto, "--param", f"AdminPassword={AS_PARAM}",
                         "--outputs-file", str(aws.tmp / "first.json"))
    assert first.code == 0, first.err
    assert "AdminEcho" in first.out and "****" in first.out
    written = channels.written(aws.tmp / "first.json")
    assert written["AdminEcho"] == "****" and written["TokenEcho"] == "****"
    assert written["InstanceId"].startswith("i-")  # the others as they are

    params_file = aws.tmp / "params.yaml"
    params_file.write_text(f"AdminPassword: {IN_FILE}\n")
    https = secretive(aws.tmp, "https.yaml", 443)
    planned = channels.run("plan", str(https), *on_moto, "--params-file", str(params_file), "--format", "json")
    assert planned.code == 0, planned.err
    second = channels.run("deploy", str(https), *on_moto, "--params-file", str(params_file), "--format", "json",
                          "--outputs-file", str(aws.tmp / "second.json"))
    assert second.code == 0, second.err
    assert json.loads(second.out)["outputs"]["AdminEcho"] == "****"
    # An earlier deploy's secret: this one does not name AdminPassword, the stack keeps it.
    third = channels.run("deploy", str(secretive(aws.tmp, "ssh.yaml", 8080)), *on_moto)
    assert third.code == 0, third.err
    stored = aws.cfn.describe_stacks(StackName="vault")["Stacks"][0]["Outputs"]
    shown = {o["OutputKey"]: o["OutputValue"] for o in stored}  # moto shows them in clear...
    assert shown["AdminEcho"] == IN_FILE and shown["TokenEcho"] == f"token={AS_DEFAULT}"  # ...they did arrive

    for command in (("outputs",), ("outputs", "--format", "json"), ("status",), ("status", "--format", "json"),
                    ("events",), ("events", "--format", "json")):
        ran = channels.run(*command, *on_moto, *(["--outputs-file", str(aws.tmp / "o.json")]
                                                 if command == ("outputs",) else []))
        assert ran.code == 0, (command, ran.err)
    channels.written(aws.tmp / "o.json")

    # An error that quotes the request, with --debug: the traceback and its chained
    # botocore error must be as clean as the one-line message.
    with FaultProxy(aws.url) as proxy:
        proxy.add("Action=CreateChangeSet", "echo")
        quoted = channels.run("deploy", str(secretive(aws.tmp, "quoted.yaml", 8443)), "--stack-name", "vault",
                              "--endpoint-url", proxy.url, "--param", f"AdminPassword={AS_PARAM}")
    assert quoted.code == 1 and "ValidationError" in quoted.err and "Traceback" in quoted.err
    assert "****" in quoted.err and proxy.injected == {"echo": 1}

    gone = channels.run("delete", *on_moto, "--yes")
    assert gone.code == 0, gone.err
    channels.assert_clean()


def test_no_secret_in_any_channel_on_heat(heat, channels):
    on_heat = ("--stack-name", "vault", "--target", "heat", "--cloud", "local-heat")
    env = heat.tmp / "env.yaml"
    env.write_text(f"parameters:\n  AdminPassword: {IN_ENV}\n")
    first = channels.run("deploy", str(secretive(heat.tmp)), *on_heat, "--env", str(env),
                         "--outputs-file", str(heat.tmp / "first.json"))
    assert first.code == 0, first.err
    assert channels.written(heat.tmp / "first.json")["AdminEcho"] == "****"
    assert heat.hc.stacks.get("vault").to_dict()["parameters"]["AdminPassword"] == "******"
    outputs = {o["output_key"]: o["output_value"] for o in heat.hc.stacks.get("vault").outputs}
    assert outputs["AdminEcho"] == IN_ENV  # Heat shows it in clear

    again = channels.run("deploy", str(secretive(heat.tmp)), *on_heat, "--param", f"AdminPassword={AS_PARAM}",
                         "--yes", "--format", "json")
    assert again.code == 0, again.err
    for command in (("outputs",), ("outputs", "--format", "json"), ("status",), ("events",),
                    ("events", "--format", "json")):
        ran = channels.run(*command, *on_heat)
        assert ran.code == 0, (command, ran.err)
    gone = channels.run("delete", *on_heat, "--yes")
    assert gone.code == 0, gone.err
    channels.assert_clean()
