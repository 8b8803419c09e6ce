"""Lint many files in worker processes, only when that is faster than one process.

Measured on two cores: a process pool loses to one process for a hundred templates or
fewer (start-up, moving results back, the parent's own share of the work), and loses at
any size when the cores are busy with something else. So ``jobs=0`` (``-j auto``) decides
from the work (bytes still to lint, files still to lint) and the CPUs actually free: the
ones this process may run on (``os.sched_getaffinity``, at most what a container's CPU
quota allows), each counted by how idle it was over the last twentieth of a second (the
load average where that cannot be read). ``jobs=N``
forces N processes. Work goes out in chunks, in order, and comes back as compact rows
(``rows.py``) that the parent turns into results as it writes them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cfnbridge.linting.cache import ResultCache
    from cfnbridge.linting.files import Source
    from cfnbridge.linting.results import FileResult, Options

# About 4 ms a template and 0.25 ms a KiB in one process (corpus medians). Forked workers and
# compact rows make a pool pay for itself from about 0.75 s of serial work: measured on two
# free cores, 186 templates (1 MiB) took 0.6 s in two processes against 0.9 s in one, and 100
# (0.8 MiB) were even.
SECONDS_PER_FILE = 0.004
SECONDS_PER_BYTE = 0.25e-3 / 1024
MIN_SERIAL_SECONDS = 0.75
MIN_FILES = 64

_WORKER: dict[str, Any] = {}  # what a forked worker inherits: the options and the cache


def free_cpus(window: float = 0.05) -> int:
    """CPUs this process may use that are not already busy.

    Where the kernel's per-CPU counters can be read (``/proc/stat``) they are sampled over
    ``window`` seconds, which is what the CPUs do now; the load average lags by a minute, so
    right after one heavy job it still counts that job and keeps the next one on one core.
    """
    try:
        usable = sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = list(range(os.cpu_count() or 1))
    allowed = min(len(usable), _quota_cpus(_read("/sys/fs/cgroup/cpu.max")) or len(usable))
    idle = _idle_share(usable, window)
    if idle is not None:
        return max(1, min(allowed, int(idle + 0.5)))
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return allowed
    return max(1, min(allowed, int(len(usable) - load + 0.5)))


def _quota_cpus(cpu_max: str | None) -> int | None:
    """The CPUs a container's CPU quota allows (cgroup v2 ``cpu.max``: ``"200000 100000"`` is 2),
    or None without a quota: a container on a big host sees every CPU but may use a few."""
    if not cpu_max:
        return None
    quota, _, period = cpu_max.strip().partition(" ")
    if quota == "max" or not quota.isdigit() or not period.isdigit() or int(period) == 0:
        return None
    return max(1, int(quota) // int(period))


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="ascii") as handle:
            return handle.read()
    except (OSError, ValueError):
        return None


def _idle_share(cpus: list[int], window: float) -> float | None:
    """How many of ``cpus`` were idle over ``window`` seconds (e.g. 1.6), or None off Linux."""
    import time

    before = _cpu_times(cpus)
    if before is None:
        return None
    time.sleep(window)
    after = _cpu_times(cpus)
    if after is None:
        return None
    idle = 0.0
    for cpu, (busy_then, idle_then) in before.items():
        busy_now, idle_now = after.get(cpu, (busy_then, idle_then))
        ticks = (busy_now - busy_then) + (idle_now - idle_then)
        share = (idle_now - idle_then) / ticks if ticks > 0 else 1.0
        idle += min(1.0, max(0.0, share))  # iowait may step backwards (proc(5))
    return idle


def _cpu_times(cpus: list[int]) -> dict[int, tuple[int, int]] | None:
    """Busy and idle ticks of each of ``cpus`` (idle and I/O wait count as idle; steal as busy)."""
    wanted = {f"cpu{cpu}": cpu for cpu in cpus}
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            lines = stat.read().splitlines()
    except OSError:
        return None
    times = {}
    for line in lines:
        name, _, rest = line.partition(" ")
        if name in wanted:
            ticks = [int(field) for field in rest.split()]
            idle = sum(ticks[3:5])  # idle, iowait
            times[wanted[name]] = (sum(ticks[:8]) - idle, idle)  # user … steal; guest is within user
    return times if len(times) == len(wanted) else None


def plan(jobs: int, files: int, size: int, cpus: int | None = None) -> int:
    """How many processes to lint ``files`` files of ``size`` bytes with (1: this one)."""
    if jobs > 0:
        return jobs if files > 1 else 1
    estimate = files * SECONDS_PER_FILE + size * SECONDS_PER_BYTE
    if files < MIN_FILES or estimate < MIN_SERIAL_SECONDS:
        return 1
    workers = free_cpus() if cpus is None else cpus
    return workers if workers >= 2 else 1


def lint_in_processes(sources: list[Source], options: Options, cache: ResultCache | None, workers: int,
                      lint_one: Callable[[Source, Options, ResultCache | None], FileResult]) -> Iterator[FileResult]:
    """Results of ``sources`` in order, each linted by ``lint_one`` in one of ``workers`` processes."""
    import multiprocessing

    from cfnbridge.linting.rows import from_row

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    size = max(4, min(64, len(sources) // (workers * 16) or 1))
    chunks = [sources[start:start + size] for start in range(0, len(sources), size)]
    with context.Pool(workers, initializer=_start, initargs=(options, cache, lint_one)) as pool:
        for rows in pool.imap(_lint_chunk, chunks):
            for row in rows:
                yield from_row(row)


def _start(options: Options, cache: ResultCache | None, lint_one: Callable[..., FileResult]) -> None:
    _WORKER.update(options=options, cache=cache, lint=lint_one)


def _lint_chunk(chunk: list[Source]) -> list[list[Any]]:
    from cfnbridge.gc_pause import sweep_young
    from cfnbridge.linting.rows import to_row

    lint_one, options, cache = _WORKER["lint"], _WORKER["options"], _WORKER["cache"]
    rows = []
    for source in chunk:
        rows.append(to_row(lint_one(source, options, cache)))
        sweep_young()  # a worker forked from a run that holds the collector off sweeps as the parent does
    return rows
