"""Shared helpers for the benchmarks: the corpus, the generated big template, cfn-lint, timing."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
SUFFIXES = (".json", ".yaml", ".yml", ".template")


def corpus_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in SUFFIXES)


def big_template(resources: int = 500) -> Path:
    """The realistic large template written by shared/tools/gen_big.py (into a temp dir)."""
    out = Path(tempfile.mkdtemp(prefix="cfnbridge-bench-")) / f"big-{resources}.yaml"
    subprocess.run([sys.executable, str(SHARED / "tools" / "gen_big.py"), "-n", str(resources), "-o", str(out)],
                   check=True, capture_output=True)
    return out


def timed(function: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """(best, median) wall time of ``function`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def cfn_lint_runner(files: list[Path]) -> Callable[[], Any] | None:
    """cfn-lint over ``files`` as a user runs it (one process, all files), or None if missing."""
    import shutil

    executable = shutil.which("cfn-lint")
    if executable is None:
        return None

    def run() -> None:
        subprocess.run([executable, "--regions", "us-east-1", "--", *map(str, files)],
                       capture_output=True, check=False)

    return run
