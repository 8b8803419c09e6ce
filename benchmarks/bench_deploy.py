"""What cfnbridge adds to a deploy: ``cfnbridge deploy`` against raw boto3 (create the change
set, wait, execute, wait, read the outputs), side by side, each a fresh process as a user
runs it, on the same moto server. The budget: cfnbridge within 0.5 s of raw boto3.

Stock moto runs a change set at once, so neither side waits for the cloud: the difference
is cfnbridge's own work (imports, the template checks, its extra calls).
Usage: ``python benchmarks/bench_deploy.py [--repeat N] [--template PATH]``.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUDGET = 0.5

RAW = """
import sys, boto3
endpoint, name, path = sys.argv[1:4]
cfn = boto3.client("cloudformation", endpoint_url=endpoint)
body = open(path).read()
made = cfn.create_change_set(StackName=name, ChangeSetName="raw", ChangeSetType="CREATE", TemplateBody=body,
                             Parameters=[{"ParameterKey": "AdminPassword", "ParameterValue": "bench-password"}])
cfn.get_waiter("change_set_create_complete").wait(ChangeSetName=made["Id"], WaiterConfig={"Delay": 1})
cfn.execute_change_set(ChangeSetName=made["Id"])
cfn.get_waiter("stack_create_complete").wait(StackName=name, WaiterConfig={"Delay": 1})
print(cfn.describe_stacks(StackName=name)["Stacks"][0].get("Outputs", []))
"""


def run(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=REPO)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command[:3]} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--template", type=Path, default=REPO / "examples" / "aws" / "webserver.yaml")
    args = parser.parse_args()

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    import tempfile

    # As installed: compiled modules cached (in a scratch prefix), for both sides alike.
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": os.devnull,
           "AWS_SHARED_CREDENTIALS_FILE": os.devnull, "PYTHONPYCACHEPREFIX": tempfile.mkdtemp(prefix="pyc-")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    raw, ours = [], []
    try:
        for index in range(-1, args.repeat):  # run -1 warms the caches and is not counted
            raw_time = run([sys.executable, "-c", RAW, endpoint, f"raw{index + 1}", str(args.template)], env)
            our_time = run([sys.executable, "-m", "cfnbridge", "deploy", str(args.template), "--stack-name",
                            f"ours{index + 1}", "--endpoint-url", endpoint, "--param",
                            "AdminPassword=bench-password"], env)
            if index >= 0:
                raw.append(raw_time)
                ours.append(our_time)
    finally:
        server.stop()
    raw_median, ours_median = statistics.median(raw), statistics.median(ours)
    print(f"template: {args.template.relative_to(REPO) if args.template.is_relative_to(REPO) else args.template}")
    print(f"raw boto3 change set + waiters : median {raw_median:.2f} s  (best {min(raw):.2f} s)")
    print(f"cfnbridge deploy               : median {ours_median:.2f} s  (best {min(ours):.2f} s)")
    overhead = ours_median - raw_median
    verdict = "within" if overhead <= BUDGET else "OVER"
    print(f"overhead                       : {overhead:+.2f} s ({verdict} the {BUDGET} s budget)")


if __name__ == "__main__":
    main()
