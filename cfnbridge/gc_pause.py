"""Pausing the cyclic garbage collector around work that builds large acyclic trees.

Loading, graphing, translating and writing a template each make hundreds of thousands of
short-lived containers and nodes; the collector would rescan the growing heap again and
again (a third to a half of the time on big templates) and free nothing, since the trees
hold no reference cycles. One context manager, used where such a tree is built, and the same
as a decorator for work that handles one template from reading to its result (one linted
file): between two paused steps the collector would wake up and scan the whole tree built so
far. (A command that ends the process holds it off to the end: ``cli/_exit.py``.)
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

_F = TypeVar("_F", bound=Callable[..., Any])


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


def paused_throughout(function: _F) -> _F:
    """``function`` run with the collector paused from its first step to its last."""
    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        with collector_paused():
            return function(*args, **kwargs)

    return run  # type: ignore[return-value]
