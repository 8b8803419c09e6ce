"""Start-up: each command on a one-resource template, over a bare ``python -c pass``.

Whole processes, alternating paired runs, medians; bytecode is cached as an installed
package has it (``--no-bytecode`` measures a source checkout that compiles every module).
Targets: ``lint`` and ``translate`` within 0.15 s of the bare interpreter, ``graph``
within 0.45 s. ``lint`` is timed without the cache (every import) and answered from it.

Usage: ``python benchmarks/bench_startup.py [--repeat N] [--no-bytecode]``
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import cfnbridge_command, installed_env, median_time, paired  # noqa: E402

ONE_RESOURCE = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
TARGETS = {"lint (no cache)": 0.15, "lint (cached)": 0.15, "translate": 0.15, "graph": 0.45}


def commands(one: str, cache: str) -> dict[str, list[str]]:
    return {
        "bare python": [sys.executable, "-c", "pass"],
        "--version": cfnbridge_command("--version"),
        "lint (no cache)": cfnbridge_command("lint", "--no-config", "--no-cache", one),
        "lint (cached)": cfnbridge_command("lint", "--no-config", "--cache", cache, one),
        "translate": cfnbridge_command("translate", one),
        "graph": cfnbridge_command("graph", one),
    }


def measure(repeat: int, bytecode: bool = True) -> dict[str, float]:
    """Median seconds of each command over the bare interpreter's median."""
    env = installed_env()
    if not bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX")
    with tempfile.TemporaryDirectory() as tmp:
        one = os.path.join(tmp, "one.yaml")
        Path(one).write_text(ONE_RESOURCE, encoding="utf-8")
        cmds = commands(one, os.path.join(tmp, "cache"))
        paired(cmds, 1, env)  # warm the bytecode and the caches
        runs = paired(cmds, repeat, env)
    bare = median_time(runs["bare python"])
    return {"bare python": bare, **{name: median_time(times) - bare for name, times in runs.items()
                                    if name != "bare python"}}


def report(over: dict[str, float]) -> list[str]:
    lines = [f"{'bare python -c pass':<22} {over['bare python']:.3f} s"]
    for name, seconds in over.items():
        if name == "bare python":
            continue
        goal = TARGETS.get(name)
        verdict = "" if goal is None else f"  (target <= {goal:.2f} s: {'ok' if seconds <= goal else 'over'})"
        lines.append(f"{name:<22} +{seconds:.3f} s over bare{verdict}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--no-bytecode", action="store_true", help="compile every module on every start")
    args = parser.parse_args()
    print("\n".join(report(measure(args.repeat, bytecode=not args.no_bytecode))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
