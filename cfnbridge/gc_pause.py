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


# -- a run that ends the process -------------------------------------------------------------------
# A command whose process ends when it does (one template translated, graphed, converted or linted
# by the console script) holds the collector off to the end and keeps what it built: turned back
# on while a big tree lives, the collector's first pass would scan every object to free nothing,
# and freeing the tree one object at a time only delays the exit (cfnbridge/cli/_exit.py).
#
# A run over many files (a lint portfolio) holds the collector off too, but keeps nothing: each
# file's tree is freed by reference counts after it, and :func:`sweep_young` after each file
# collects the few cycles that file's work left. What survives a sweep is the file's result,
# which holds no cycles; it moves out of the youngest generation and is never scanned again,
# where the running collector rescanned every result kept so far each time the heap grew by a
# quarter (a tenth of a warm 10,000-file run).
_KEPT: list[Any] = []
_HELD: list[bool] = []  # whether the collector was on when the run began holding it off
_KEEPING: list[bool] = []


def hold_to_end(keep_objects: bool = True) -> None:
    """From now on the collector stays off, until :func:`restore`; with ``keep_objects``, :func:`keep`
    holds what it is given (one template), else each file's work is freed after it (many files)."""
    _HELD.append(gc.isenabled())
    _KEEPING[:] = [keep_objects]  # the latest run's choice, if an in-process caller holds twice
    gc.disable()


def keep(*objects: Any) -> None:
    """Hold ``objects`` to the process's end, when the run holds and keeps (elsewhere they are freed as usual)."""
    if _HELD and _KEEPING[-1]:
        _KEPT.extend(objects)


def sweep_young() -> None:
    """Collect the youngest generation only: the cycles one file's work left, not what earlier files kept.

    Not in a run that keeps its template to the end: its whole tree is young, and it stays.
    """
    if not (_HELD and _KEEPING[-1]):
        gc.collect(0)


def kept() -> bool:
    return bool(_KEPT)


def restore() -> None:
    """Let the kept objects go and turn the collector back on if the run held it off."""
    _KEPT.clear()
    if _HELD:
        enabled = _HELD[0]
        _HELD.clear()
        _KEEPING.clear()
        if enabled:
            gc.enable()
