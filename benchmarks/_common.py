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


def run_process(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """(wall seconds, peak resident KiB) of one whole process; its output goes to /dev/null."""
    import os

    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0  # reaped above
    return time.perf_counter() - started, usage.ru_maxrss


def paired(commands: dict[str, list[str]], repeat: int, env: dict[str, str] | None = None,
           before: Callable[[str], Any] | None = None) -> dict[str, list[tuple[float, int]]]:
    """Every command once per round, rounds alternating the order, so a busy moment of a
    shared machine hits all of them alike; ``before(name)`` runs untimed before each one."""
    names = list(commands)
    runs: dict[str, list[tuple[float, int]]] = {name: [] for name in names}
    for round_ in range(repeat):
        for name in names if round_ % 2 == 0 else reversed(names):
            if before is not None:
                before(name)
            runs[name].append(run_process(commands[name], env))
    return runs


def median_time(runs: list[tuple[float, int]]) -> float:
    return statistics.median(seconds for seconds, _ in runs)


def peak_kib(runs: list[tuple[float, int]]) -> int:
    return max(kib for _, kib in runs)


def cfnbridge_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "cfnbridge", *args]


def installed_env() -> dict[str, str]:
    """The environment of an installed cfnbridge: bytecode cached (as pip leaves it), in a temp prefix."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "CFNBRIDGE_LINT_NO_CACHE")}
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "cfnbridge-bench-pyc")
    return env
