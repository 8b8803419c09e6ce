"""Items sorted by a key, in bounded memory: what ``sorted`` returns, for more items than fit.

Text output lists every finding of a run errors first, then by file, line and column; the
last file may hold the first error. Holding every finding until then makes memory grow with
the portfolio, so past ``chunk`` items the held ones are sorted and spilled to a private
temporary file as one sorted run, and the runs are merged at the end. The merge is stable
like ``sorted``: equal keys come out in the order they went in. Where no temporary file can be
written, the items stay in memory: the output is the same, only memory grows.
"""

from __future__ import annotations

import heapq
import pickle
import tempfile
from collections.abc import Iterator
from typing import IO, Any

_BATCH = 1024  # items pickled together: one load per batch, not per item


class SortedSpool:
    """``add(key, item)`` as many times as needed, then iterate once for the items in key order."""

    def __init__(self, chunk: int = 20_000) -> None:
        self.chunk = chunk
        self.held: list[tuple[Any, int, Any]] = []
        self.runs: list[IO[bytes]] = []
        self.count = 0  # arrival order: the tie-break that keeps the merge stable

    def add(self, key: Any, item: Any) -> None:
        self.held.append((key, self.count, item))
        self.count += 1
        if len(self.held) >= self.chunk:
            self._spill()

    def __iter__(self) -> Iterator[Any]:
        self.held.sort()
        if not self.runs:
            return (item for _, _, item in self.held)
        runs = [_read(run) for run in self.runs] + [iter(self.held)]
        return (item for _, _, item in heapq.merge(*runs))

    def close(self) -> None:
        for run in self.runs:
            run.close()
        self.runs.clear()
        self.held.clear()

    def _spill(self) -> None:
        self.held.sort()
        try:
            run = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close(); owner-only, gone on close
        except OSError:
            self.chunk *= 2  # nowhere to spill (no temporary space): hold them in memory, try again later
            return
        try:
            for start in range(0, len(self.held), _BATCH):
                pickle.dump(self.held[start:start + _BATCH], run, protocol=pickle.HIGHEST_PROTOCOL)
            run.seek(0)
        except OSError:
            run.close()  # the disk filled up: the items are still held
            self.chunk *= 2
            return
        self.runs.append(run)
        self.held = []


def _read(run: IO[bytes]) -> Iterator[tuple[Any, int, Any]]:
    """One spilled run back, a batch at a time (this process wrote it, to a file only it can read)."""
    while True:
        try:
            batch = pickle.load(run)  # noqa: S301 - our own temporary file, written above
        except EOFError:
            return
        yield from batch
