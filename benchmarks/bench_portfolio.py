"""A portfolio: 100 / 1,000 / 10,000 templates copied from the corpus, linted as whole processes.

For each size, in alternating paired runs (medians; the machine may be shared, so every
round runs every variant and the order flips each round):

* ``-j 1`` and ``-j auto`` without the cache: auto must never be more than 5% slower;
* ``--format jsonl`` (streamed): its peak memory must not grow with the file count;
* the cache cold (emptied before each run) and warm (filled once): warm only reads and
  hashes, target <= 3 s at 10,000 files;
* the parse floor: one process that walks, reads and parses every file with a bare
  CSafeLoader (bench_load.py's), target: lint within 1.5x of it;
* cfn-lint on the same files, up to ``--cfn-lint-max`` files (it takes minutes beyond).

Usage: ``python benchmarks/bench_portfolio.py [--sizes 100,1000,10000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402
    CORPUS,
    cfn_lint_runner,
    cfnbridge_command,
    corpus_files,
    installed_env,
    median_time,
    paired,
    peak_kib,
    run_process,
)


def portfolio(root: Path, size: int) -> list[Path]:
    """``size`` templates under ``root``, cycling through the corpus (hard links where possible)."""
    sources = corpus_files(CORPUS)
    made = []
    for index in range(size):
        source = sources[index % len(sources)]
        target = root / f"copy{index // len(sources):03}" / source.relative_to(CORPUS)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
        made.append(target)
    return made


def floor(directory: str) -> None:
    """The parse floor as a process: walk, read and parse every template, nothing else."""
    from bench_load import bare

    texts = []
    for path in corpus_files(Path(directory)):
        texts.append(path.read_text(encoding="utf-8", errors="replace"))
        if len(texts) >= 64:
            _parse(bare, texts)
            texts = []
    _parse(bare, texts)


def _parse(bare, texts: list[str]) -> None:  # noqa: ANN001 - bench_load.bare
    for text in texts:
        try:
            bare([text])
        except Exception:  # noqa: BLE001,S112 - the known-bad corpus files fail; the time counts
            continue


def measure(size: int, repeat: int, cfn_lint_max: int) -> dict[str, list[tuple[float, int]]]:
    env = installed_env()
    with tempfile.TemporaryDirectory(prefix="cfnbridge-portfolio-") as tmp:
        root = Path(tmp) / "templates"
        files = portfolio(root, size)
        warm, cold = Path(tmp) / "warm-cache", Path(tmp) / "cold-cache"
        lint = ("lint", "--no-config")
        commands = {
            "-j 1": cfnbridge_command(*lint, "--no-cache", "-j", "1", str(root)),
            "-j auto": cfnbridge_command(*lint, "--no-cache", str(root)),
            "jsonl -j 1": cfnbridge_command(*lint, "--no-cache", "-j", "1", "--format", "jsonl", str(root)),
            "cache cold": cfnbridge_command(*lint, "--cache", str(cold), str(root)),
            "cache warm": cfnbridge_command(*lint, "--cache", str(warm), str(root)),
            "parse floor": [sys.executable, __file__, "--floor", str(root)],
        }
        run_process(commands["cache warm"], env)  # fills the warm cache and the bytecode
        runs = paired(commands, repeat, env, before=lambda name: shutil.rmtree(cold, ignore_errors=True))
        cfn_lint = cfn_lint_runner(files) if size <= cfn_lint_max else None
        if cfn_lint is not None:
            runs["cfn-lint"] = []
            for _ in range(max(1, repeat // 2)):
                import time

                started = time.perf_counter()
                cfn_lint()
                runs["cfn-lint"].append((time.perf_counter() - started, 0))
    return runs


def report(size: int, runs: dict[str, list[tuple[float, int]]]) -> list[str]:
    t = {name: median_time(times) for name, times in runs.items()}
    lines = [f"{size:,} templates ({len(runs['-j 1'])} paired rounds, medians)"]
    for name, seconds in t.items():
        memory = peak_kib(runs[name])
        lines.append(f"  {name:<12} {seconds:8.2f} s  {seconds / size * 1000:6.2f} ms/template"
                     + (f"  peak {memory / 1024:7.1f} MiB" if memory else ""))
    pairs = [a / b for (a, _), (b, _) in zip(runs["-j auto"], runs["-j 1"], strict=True)]
    lines.append(f"  -j auto / -j 1: {sorted(pairs)[len(pairs) // 2]:.3f} (median of paired ratios; goal <= 1.05)")
    lines.append(f"  lint / parse floor (one process): -j 1 {t['-j 1'] / t['parse floor']:.2f}x, "
                 f"-j auto {t['-j auto'] / t['parse floor']:.2f}x (goal <= 1.5x)   "
                 f"cache warm / cold: {t['cache warm'] / t['cache cold']:.3f}")
    if "cfn-lint" in t:
        lines.append(f"  cfn-lint / cfnbridge -j 1: {t['cfn-lint'] / t['-j 1']:.1f}x   "
                     f"-j auto: {t['cfn-lint'] / t['-j auto']:.1f}x   "
                     f"cfn-lint / cfnbridge warm: {t['cfn-lint'] / t['cache warm']:.0f}x")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--repeat", type=int, default=3, help="paired rounds (sizes over 5,000: a third)")
    parser.add_argument("--cfn-lint-max", type=int, default=100, help="largest portfolio cfn-lint is run on")
    parser.add_argument("--floor", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        floor(args.floor)
        return 0
    for size in (int(text) for text in args.sizes.split(",")):
        repeat = args.repeat if size <= 5000 else max(1, args.repeat // 3)
        print("\n".join(report(size, measure(size, repeat, args.cfn_lint_max))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
