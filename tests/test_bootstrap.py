"""cfn-init and cfn-signal on a stock image: the written HOT, read back, run by bash.

The translated template is written by the CLI and read back as Heat reads it. Its
deploy-time functions are resolved the way Heat resolves them (get_param, str_replace, if,
get_attr), then the cfn-init program cloud-init would write is run by bash in a scratch root
(``CFNBRIDGE_ROOT``) with the system tools it calls (package managers, useradd, systemctl,
curl) replaced by stubs that record their arguments. So the test shows what the server
would do: packages, users, files with their modes and owners, commands in order and their
failure rule, services, and the signal with the program's exit status.
"""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli_run import cli

REPO = Path(__file__).resolve().parents[1]
INSTANCE = REPO / "examples" / "bootstrap-instance" / "template.yaml"
GROUP = REPO / "examples" / "bootstrap-asg" / "template.yaml"
STUBS = ("yum", "apt-get", "rpm", "pip3", "gem", "groupadd", "useradd", "usermod", "systemctl", "chown", "chgrp",
         "signal-stub")


def translated(template: Path, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "out.yaml"
    run = cli("translate", str(template), "-o", str(out))
    assert run.code == 0, run.err
    return yaml.safe_load(out.read_text())


def resolve(value: Any, params: dict[str, Any], conditions: dict[str, bool]) -> Any:
    """HOT functions as Heat evaluates them, for the few the bootstrap uses."""
    if isinstance(value, list):
        return [resolve(v, params, conditions) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        (key, args), = value.items()
        if key == "get_param":
            return params[args if isinstance(args, str) else args[0]]
        if key == "get_attr" and args[1] == "curl_cli":
            return "signal-stub"
        if key == "if":
            return resolve(args[1] if conditions[args[0]] else args[2], params, conditions)
        if key == "str_replace":
            text = resolve(args["template"], params, conditions)
            for placeholder, replacement in args["params"].items():
                text = text.replace(placeholder, str(resolve(replacement, params, conditions)))
            return text
    return {k: resolve(v, params, conditions) for k, v in value.items()}


@pytest.fixture
def machine(tmp_path: Path) -> dict[str, Path]:
    """A scratch root, a log of every stubbed tool call, and an app tarball the stubbed curl serves."""
    root, stubs, log = tmp_path / "root", tmp_path / "stubs", tmp_path / "calls.log"
    root.mkdir()
    stubs.mkdir()
    archive = tmp_path / "app.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        migrate = b'#!/bin/sh\necho "migrated env=$APP_ENV path=${PATH:-unset}" > migrated\n'
        info = tarfile.TarInfo("bin/migrate")
        info.size, info.mode = len(migrate), 0o755
        tar.addfile(info, io.BytesIO(migrate))
    for name in STUBS:
        stub = stubs / name
        stub.write_text(f'#!/bin/sh\necho "{name} $*" >> {log}\n')
        stub.chmod(0o755)
    (stubs / "curl").write_text(  # curl -fsSL --retry 3 -o FILE URL: the tarball for any URL
        f'#!/bin/sh\nfor a; do last="$prev"; prev="$a"; done\necho "curl $prev" >> {log}\n'
        f'while [ "$1" != -o ]; do shift; done; cp {archive} "$2"\n')
    (stubs / "curl").chmod(0o755)
    for name, status in (("getent", 2), ("id", 1)):  # no such group or user yet
        (stubs / name).write_text(f"#!/bin/sh\nexit {status}\n")
        (stubs / name).chmod(0o755)
    return {"root": root, "stubs": stubs, "log": log, "tmp": tmp_path}


def run_program(program: str, machine: dict[str, Path], *config_sets: str) -> subprocess.CompletedProcess[str]:
    path = machine["tmp"] / "program"
    path.write_text(program)
    env = {"PATH": f"{machine['stubs']}:/usr/bin:/bin", "CFNBRIDGE_ROOT": str(machine["root"])}
    return subprocess.run(["bash", str(path), *config_sets], env=env, capture_output=True, text=True, timeout=60)


def bootstrap_parts(document: dict[str, Any], server: str) -> tuple[dict[str, Any], Any]:
    """The program cloud-init writes and the user data script, as the written template holds them."""
    resources = document["resources"]
    user_data = resources[server]["properties"]["user_data"]
    assert resources[server]["properties"]["user_data_format"] == "RAW"
    mime = resources[user_data["get_attr"][0]]
    config_part, script_part = mime["properties"]["parts"]
    assert script_part["subtype"] == "x-shellscript"
    cloud_config = resources[config_part["config"]["get_resource"]]
    assert cloud_config["type"] == "OS::Heat::CloudConfig"
    (program,) = cloud_config["properties"]["cloud_config"]["write_files"]
    assert program["permissions"] == "0700"
    return program, script_part["config"]


PARAMS = {"AppVersion": "1.4.2", "DBPassword": "s3cret", "OS::stack_name": "demo", "Region": "RegionOne"}


def test_the_program_does_what_cfn_init_does_in_its_order(tmp_path: Path, machine: dict[str, Path]) -> None:
    document = translated(INSTANCE, tmp_path)
    program, _ = bootstrap_parts(document, "AppServer")
    assert program["path"] == "/var/lib/cfnbridge/bootstrap/AppServer"
    text = resolve(program["content"], PARAMS, {"Debug": False})
    done = run_program(text, machine, "full")
    assert done.returncode == 0, done.stderr
    calls = machine["log"].read_text().splitlines()
    root = machine["root"]
    assert calls == [
        "yum install -y httpd", "yum install -y jq-1.6", "pip3 install requests==2.31.0",
        "groupadd -g 1500 app", "useradd -r -M -s /sbin/nologin -u 1500 -d /srv/app -G app app",
        "curl https://example.org/app-1.4.2.tar.gz",
        f"chown app {root}/etc/app/app.conf", f"chgrp app {root}/etc/app/app.conf",
        "curl https://example.org/health.sh",
        "systemctl enable httpd", "systemctl restart httpd",  # restarted: it watches a file written here
    ]
    conf = root / "etc/app/app.conf"
    assert conf.read_text() == "version=1.4.2\npassword=s3cret\nstack=demo\n"
    assert stat.S_IMODE(conf.stat().st_mode) == 0o640
    assert json.loads((root / "etc/app/settings.json").read_text()) == {"listen": 8080, "workers": 4}
    assert (root / "etc/app/logo.png").read_bytes() == b"\x89PNG\r\n\x1a\n"
    assert stat.S_IMODE((root / "usr/local/bin/app-health").stat().st_mode) == 0o755
    # 01_check failed (no /srv/app outside the scratch root) but ignores errors; 02_migrate ran after it,
    # in its cwd, with exactly its env (cfn-init replaces the environment).
    assert "command 01_check failed" in done.stderr
    migrated = (root / "srv/app/migrated").read_text()
    assert migrated.startswith("migrated env=production path=")
    assert str(machine["stubs"]) not in migrated  # the caller's PATH is gone: only the shell's default
    assert "s3cret" not in done.stderr  # file contents are never logged


def test_a_failing_command_stops_the_run_and_a_conditional_config_is_kept(tmp_path: Path,
                                                                         machine: dict[str, Path]) -> None:
    document = translated(INSTANCE, tmp_path)
    program, _ = bootstrap_parts(document, "AppServer")
    text = resolve(program["content"], PARAMS, {"Debug": True})
    done = run_program(text, machine, "full")
    assert done.returncode == 1  # the debug config's command fails (its path is outside the root): cfn-init stops
    assert "command 01_verbose failed" in done.stderr
    assert run_program(text, machine, "nosuchset").returncode == 1


def test_the_user_data_calls_the_program_and_signals_its_status(tmp_path: Path, machine: dict[str, Path]) -> None:
    document = translated(INSTANCE, tmp_path)
    program, script = bootstrap_parts(document, "AppServer")
    resources = document["resources"]
    wait = resources["AppServerWaitCondition"]
    assert wait["type"] == "OS::Heat::WaitCondition"
    assert wait["properties"] == {"handle": {"get_resource": "AppServerWaitHandle"}, "count": 1, "timeout": 1200}
    assert resources["AppAlarm"]["depends_on"] == "AppServerWaitCondition"  # dependents wait for the signal
    user_script = resolve(script, PARAMS, {})
    assert "cfn-init" not in user_script and "cfn-signal" not in user_script
    for status, expected in ((0, "SUCCESS"), (1, "FAILURE")):
        fake = machine["tmp"] / f"program{status}"
        fake.write_text(f"#!/bin/bash\nexit {status}\n")
        local = user_script.replace("/var/lib/cfnbridge/bootstrap/AppServer", str(fake)).replace(
            "/var/log/boot-progress", str(machine["tmp"] / "progress"))
        machine["log"].write_text("")
        done = subprocess.run(["bash", "-c", local], env={"PATH": f"{machine['stubs']}:/usr/bin:/bin"},
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        (signal,) = machine["log"].read_text().splitlines()
        assert signal == f'signal-stub --data-binary {{"status": "{expected}"}}'
        assert (machine["tmp"] / "progress").read_text() == "starting\ndone\n"  # the rest kept its order


def test_each_group_member_waits_for_its_own_signal(tmp_path: Path) -> None:
    document = translated(GROUP, tmp_path)
    group = document["resources"]["WebGroup"]["properties"]
    member = group["resource"]
    assert member["type"] == "OS::Heat::Stack"
    nested = yaml.safe_load(member["properties"]["template"])
    assert nested["resources"]["signals"]["properties"] == {"handle": {"get_resource": "handle"}, "count": 1,
                                                            "timeout": 600}
    user_data = nested["resources"]["server"]["properties"]["user_data"]["str_replace"]
    assert user_data["params"] == {"@CFNBRIDGE_MEMBER_SIGNAL@": {"get_attr": ["handle", "curl_cli"]}}
    outer = member["properties"]["parameters"][user_data["template"]["get_param"]]
    mime = document["resources"][outer["get_attr"][0]]["properties"]["parts"][1]["config"]
    assert "@CFNBRIDGE_MEMBER_SIGNAL@ --data-binary" in mime
    assert "/bin/bash /var/lib/cfnbridge/bootstrap/LaunchConfig || echo 'cfn-init failed'" in mime
    assert group["rolling_updates"] == {"max_batch_size": 1, "min_in_service": 1, "pause_time": 600}


def test_bootstrap_gaps_are_located(tmp_path: Path) -> None:
    run = cli("translate", str(GROUP), "-o", os.devnull, "--gaps", "json")
    codes = {(g["code"], g["location"]["line"]) for g in json.loads(run.err)}
    assert ("signal-approximated", 55) in codes  # MinSuccessfulInstancesPercent
    assert ("bootstrap", 34) in codes  # the launch configuration's user data


def test_a_call_left_as_it_is_is_reported_at_its_own_line(tmp_path: Path) -> None:
    source = tmp_path / "t.yaml"
    source.write_text(
        "Resources:\n  S:\n    Type: AWS::EC2::Instance\n    Metadata:\n      AWS::CloudFormation::Init:\n"
        "        config: {packages: {yum: {httpd: []}}}\n    Properties:\n      ImageId: cirros\n"
        "      InstanceType: m1.small\n      UserData:\n        Fn::Base64: !Sub |\n          #!/bin/sh\n"
        "          echo hi\n          cfn-init -s ${AWS::StackName} -r Other\n"
        "          cfn-signal -e $? --resource Nope\n", encoding="utf-8")
    run = cli("translate", str(source), "-o", os.devnull)
    assert f"{source}:14:11: error bootstrap-untranslated" in run.err
    assert f"{source}:15:11: error signal-untranslated" in run.err
    assert run.code == 1


def test_a_handle_url_used_by_another_tool_is_an_error_at_its_reference(tmp_path: Path) -> None:
    source = tmp_path / "t.yaml"
    source.write_text(
        "Resources:\n  H:\n    Type: AWS::CloudFormation::WaitConditionHandle\n  S:\n    Type: AWS::EC2::Instance\n"
        "    Properties:\n      ImageId: cirros\n      InstanceType: m1.small\n      UserData:\n"
        "        Fn::Base64: !Sub |\n          #!/bin/sh\n          wget --method=PUT --body-data=x \"${H}\"\n",
        encoding="utf-8")
    run = cli("translate", str(source), "-o", os.devnull)
    assert f"{source}:10:9: error wait-handle-signal: S: the script uses the URL of wait condition handle 'H'" \
        in run.err, run.err
