"""One big template, growing: graph, translate and lint against the parse floor and cfn-lint.

Templates of 500 / 2,000 / 5,000 / 10,000 resources (``shared/tools/gen_big.py``) go through
each command as a user runs it (one process, bytecode cached as after an install, least CPU
time of ``--repeat``; ``--wall`` for wall-clock time), beside the floor (a process that only reads the file with a bare
CSafeLoader and the short tags) and cfn-lint
(up to ``--cfn-lint-max`` resources, where it finishes in reasonable time). Each command's
start-up (the same process on a one-resource template) is subtracted before the growth
exponents are taken, so they describe the work a template causes: ``log(t2/t1) / log(n2/n1)``
between neighbouring sizes and from 500 to 5,000 (goal: at most 1.1), plus the 10,000-resource
time (goal: under 3 s). Ratios to the floor and to cfn-lint are of whole processes.

Usage: ``python benchmarks/bench_big.py [--sizes 500,2000,5000,10000] [--repeat N]
[--cfn-lint-max N] [--no-cfn-lint] [--wall]``
"""

from __future__ import annotations

import argparse
import math
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import big_template, installed_env  # noqa: E402

ONE_RESOURCE = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n"
FLOOR = """
import sys, yaml
class Bare(yaml.CSafeLoader):
    pass
def tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return {suffix: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {suffix: loader.construct_sequence(node, deep=True)}
    return {suffix: loader.construct_mapping(node, deep=True)}
Bare.add_multi_constructor("!", tag)
with open(sys.argv[1], encoding="utf-8") as handle:
    yaml.load(handle.read(), Loader=Bare)
"""
COMMANDS = ("graph", "translate", "lint")
WALL = "--wall" in sys.argv
ENV = installed_env()  # bytecode cached, as an installed cfnbridge runs


def _command(name: str, path: Path) -> list[str]:
    """The process a user runs (its output to /dev/null)."""
    if name == "floor":
        return [sys.executable, "-c", FLOOR, str(path)]
    if name == "cfn-lint":
        return [shutil.which("cfn-lint") or "cfn-lint", "--regions", "us-east-1", "--", str(path)]
    extra = ["--no-config", *_NO_CACHE] if name == "lint" else []
    return [sys.executable, "-m", "cfnbridge", name, *extra, str(path)]


def _lint_cache_option() -> list[str]:
    """``--no-cache`` where lint has a result cache: every run must do the work."""
    shown = subprocess.run([sys.executable, "-m", "cfnbridge", "lint", "--help"], capture_output=True, text=True)
    return ["--no-cache"] if "--no-cache" in shown.stdout else []


_NO_CACHE = _lint_cache_option()


def _best(command: list[str], repeat: int, timeout: float | None = None) -> float | None:
    """Least time of ``repeat`` runs, or None when a run takes longer than ``timeout``.

    The time is the process's CPU time (user + system) unless ``--wall`` is given: on a
    machine shared with other work, waiting for a core says nothing about the tool.
    """
    best = math.inf
    for _ in range(repeat):
        start, used = time.perf_counter(), _children_cpu()
        try:
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                           timeout=timeout, env=ENV)
        except subprocess.TimeoutExpired:
            return None
        best = min(best, time.perf_counter() - start if WALL else _children_cpu() - used)
    return best


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _exponent(small: tuple[int, float], large: tuple[int, float]) -> float:
    return math.log(large[1] / small[1]) / math.log(large[0] / small[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000,5000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cfn-lint-max", type=int, default=2000)
    parser.add_argument("--cfn-lint-timeout", type=float, default=300.0)
    parser.add_argument("--no-cfn-lint", action="store_true")
    parser.add_argument("--wall", action="store_true", help="wall-clock time instead of CPU time")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    names = ["floor", *COMMANDS]
    with_cfn_lint = not args.no_cfn_lint and shutil.which("cfn-lint") is not None
    one = Path(tempfile.mkdtemp(prefix="cfnbridge-bench-")) / "one.yaml"
    one.write_text(ONE_RESOURCE, encoding="utf-8")
    for name in names:  # once untimed: the bytecode cache is written
        subprocess.run(_command(name, one), capture_output=True, check=False, env=ENV)
    start_up = {name: _best(_command(name, one), args.repeat) or 0.0 for name in names}
    times: dict[str, dict[int, float | None]] = {name: {} for name in [*names, "cfn-lint"]}
    for size in sizes:
        path = big_template(size)
        for name in names:
            times[name][size] = _best(_command(name, path), args.repeat)
        if with_cfn_lint and size <= args.cfn_lint_max:
            times["cfn-lint"][size] = _best(_command("cfn-lint", path), 1, args.cfn_lint_timeout)
    print(f"whole processes, {'wall' if WALL else 'CPU'} time, best of {args.repeat}; start-up (one resource): "
          + ", ".join(f"{name} {start_up[name]:.2f} s" for name in names))
    print(f"{'resources':>9} " + " ".join(f"{name:>10}" for name in [*names, "cfn-lint"])
          + "   " + " ".join(f"{name + '/floor':>15}" for name in COMMANDS) + "   lint vs cfn-lint")
    for size in sizes:
        cells = [f"{times[name].get(size):10.2f}" if times[name].get(size) else f"{'n/a':>10}"
                 for name in [*names, "cfn-lint"]]
        floor = times["floor"][size]
        ratios = [f"{times[name][size] / floor:14.2f}x" for name in COMMANDS]
        theirs = times["cfn-lint"].get(size)
        versus = f"{theirs / times['lint'][size]:8.1f}x faster" if theirs else "     n/a"
        print(f"{size:>9} " + " ".join(cells) + "   " + " ".join(ratios) + "   " + versus)
    print("growth exponents of the work (start-up subtracted):")
    for name in names:
        work = [(size, max(times[name][size] - start_up[name], 1e-3)) for size in sizes]
        steps = [f"{a[0]}->{b[0]}: {_exponent(a, b):.2f}" for a, b in zip(work, work[1:], strict=False)]
        overall = ""
        if 500 in sizes and 5000 in sizes:
            value = _exponent(work[sizes.index(500)], work[sizes.index(5000)])
            overall = f"   500->5000: {value:.2f} ({'ok' if value <= 1.1 else 'over the 1.1 goal'})"
        print(f"  {name:<10} " + ", ".join(steps) + overall)
    if 10000 in sizes:
        print("10,000 resources: " + ", ".join(
            f"{name} {times[name][10000]:.2f} s ({'ok' if times[name][10000] < 3 else 'over 3 s'})"
            for name in COMMANDS))


if __name__ == "__main__":
    main()
