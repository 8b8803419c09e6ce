"""cfnbridge lint against cfn-lint, side by side in the same run, with the ratio.

Workloads: every template under aws-samples (one process each tool: cfnbridge with one
process, with ``-j auto``, and re-linting from its result cache) and the 500-resource
template that ``shared/tools/gen_big.py`` writes. Goals: at least 50x faster than cfn-lint
on aws-samples, 20x on the big template. Start-up is measured by bench_startup.py,
portfolios by bench_portfolio.py.

Usage: ``python benchmarks/bench_lint.py [--corpus DIR] [--repeat N] [--no-cfn-lint]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import SHARED, SUFFIXES, installed_env, run_process  # noqa: E402


def _run(command: list[str]) -> float:
    """Wall-clock seconds of one whole process (its findings go to /dev/null)."""
    return run_process(command, _ENV)[0]


_ENV = installed_env()  # bytecode cached, as an installed cfnbridge runs


def _best(command: list[str], repeat: int) -> float:
    return min(_run(command) for _ in range(repeat))


def _cfnbridge() -> list[str]:
    return [sys.executable, "-m", "cfnbridge", "lint", "--no-config", "--no-cache"]


def _in_process(paths: list[str], repeat: int, jobs: int) -> float:
    from cfnbridge.linting import lint

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        lint(paths, jobs=jobs)
        times.append(time.perf_counter() - start)
    return min(times)


def _line(name: str, ours: float, theirs: float | None, goal: float) -> str:
    if theirs is None:
        return f"{name:<34} cfnbridge {ours:7.2f} s   cfn-lint     n/a"
    ratio = theirs / ours
    verdict = "ok" if ratio >= goal else f"below the {goal:.0f}x goal"
    return f"{name:<34} cfnbridge {ours:7.2f} s   cfn-lint {theirs:7.2f} s   {ratio:6.1f}x  ({verdict})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "aws-samples")
    parser.add_argument("--repeat", type=int, default=3, help="best of N for cfnbridge (cfn-lint runs once)")
    parser.add_argument("--no-cfn-lint", action="store_true", help="only time cfnbridge")
    args = parser.parse_args()
    cfn_lint = None if args.no_cfn_lint else shutil.which("cfn-lint")
    files = sorted(str(p) for p in args.corpus.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
    with tempfile.TemporaryDirectory() as tmp:
        big = os.path.join(tmp, "big500.yaml")
        subprocess.run([sys.executable, str(SHARED / "tools" / "gen_big.py"), "-n", "500", "-o", big], check=True)
        print(f"{len(files)} templates under {args.corpus}; cfn-lint: {cfn_lint or 'not run'}")
        ours_dir = _best([*_cfnbridge(), "-j", "1", str(args.corpus)], args.repeat)
        ours_dir_parallel = _best([*_cfnbridge(), str(args.corpus)], args.repeat)
        ours_big = _best([*_cfnbridge(), big], args.repeat)
        cached = [*_cfnbridge()[:-1], "--cache", os.path.join(tmp, "cache"), str(args.corpus)]
        _run(cached)  # fills the cache
        ours_warm = _best(cached, args.repeat)
        theirs_dir = _run([cfn_lint, "--", *files]) if cfn_lint else None
        theirs_big = _run([cfn_lint, "--", big]) if cfn_lint else None
        in_process = _in_process([str(args.corpus)], args.repeat, jobs=1)
    print(_line("aws-samples, one process (-j 1)", ours_dir, theirs_dir, 50))
    print(_line("aws-samples, -j auto", ours_dir_parallel, theirs_dir, 50))
    print(_line("aws-samples, again from the cache", ours_warm, theirs_dir, 50))
    print(_line("500-resource template", ours_big, theirs_big, 20))
    print(f"{'aws-samples, in-process lint()':<34} cfnbridge {in_process:7.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
