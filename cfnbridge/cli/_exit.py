"""Ending the process without first freeing, one object at a time, what it is about to give back.

A big template's tree, model, translation and written text are millions of small objects;
freeing them one by one when a command returns takes a third of a second at 10,000
resources, for memory the operating system takes back at once when the process ends. A
command that built such objects hands them to :func:`cfnbridge.gc_pause.keep`; the console script then ends
with :func:`exit_now`, which runs the exit handlers (a library's, the logging flush) as
Python's own exit would, flushes the standard streams, and ends the process without the
freeing, when no other thread is running; otherwise it exits normally.

Such a command also holds the cyclic collector off until the end (:func:`collector_held`):
turned back on while the kept objects live, its first pass would scan every one of them
(another third of a second), to free nothing. In-process callers of
:func:`cfnbridge.cli.main` (tests, embedding tools) get a normal return: the collector back
on and the kept objects let go (:func:`cfnbridge.gc_pause.restore`).
"""

from __future__ import annotations

import atexit
import functools
import os
import sys
import threading
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from cfnbridge.gc_pause import hold_to_end, kept

_F = TypeVar("_F", bound=Callable[..., Any])
_run_handlers = getattr(atexit, "_run_exitfuncs", None)  # CPython; elsewhere the exit is always normal


def collector_held(command: _F) -> _F:
    """``command`` runs with the cyclic collector off, and it stays off until ``gc_pause.restore`` or the exit."""
    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        hold_to_end()
        return command(*args, **kwargs)

    return run  # type: ignore[return-value]


def exit_now(code: int) -> NoReturn:
    """Exit with ``code``; without freeing the kept objects when nothing else needs the exit."""
    if kept() and _run_handlers is not None and threading.active_count() == 1 and _flushed():
        _run_handlers()
        if _flushed():
            os._exit(code)
    sys.exit(code)


def _flushed() -> bool:
    """Whether the standard streams took all that was written (a closed pipe is left to the normal exit)."""
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return False
    return True
