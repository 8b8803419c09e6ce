"""Lint many files in worker processes, only when that is faster than one process.

Measured on two cores: a process pool loses to one process for a few hundred templates
(start-up, moving results back, the parent's own share of the work), and loses at any
size when the cores are busy with something else. So ``jobs=0`` (``-j auto``) decides
from the work (bytes still to lint, files still to lint) and the CPUs actually free: the
ones this process may run on (``os.sched_getaffinity``) less the load average. ``jobs=N``
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

# About 5 ms a template and 0.25 ms a KiB in one process (corpus medians); a pool pays for
# itself when it saves more than its start-up and the parent's merging, ~2 s of serial work.
SECONDS_PER_FILE = 0.004
SECONDS_PER_BYTE = 0.25e-3 / 1024
MIN_SERIAL_SECONDS = 2.0
MIN_FILES = 200

_WORKER: dict[str, Any] = {}  # what a forked worker inherits: the options and the cache


def free_cpus() -> int:
    """CPUs this process may use that are not already busy (load average over a minute)."""
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return usable
    return max(1, min(usable, int(usable - load + 0.5)))


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
    from cfnbridge.linting.rows import to_row

    lint_one, options, cache = _WORKER["lint"], _WORKER["options"], _WORKER["cache"]
    return [to_row(lint_one(source, options, cache)) for source in chunk]
