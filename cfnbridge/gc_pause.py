"""Pausing the cyclic garbage collector around work that builds large acyclic trees.

Loading, graphing, translating and writing a template each make hundreds of thousands of
short-lived containers and nodes; the collector would rescan the growing heap again and
again (a third to a half of the time on big templates) and free nothing, since the trees
hold no reference cycles. One context manager, used where such a tree is built.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off (nested uses keep it off until the outermost ends)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
