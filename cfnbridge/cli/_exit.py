"""Ending the process without first freeing, one object at a time, what it is about to give back.

A big template's tree, model, translation and written text are millions of small objects;
freeing them one by one when a command returns takes a third of a second at 10,000
resources, for memory the operating system takes back at once when the process ends. A
command that built such objects hands them to :func:`keep`; the console script then ends
with :func:`exit_now`, which skips the freeing when nothing else is waiting for the exit (no
other thread, no exit handler registered since start-up), and exits normally otherwise.
In-process callers of :func:`cfnbridge.cli.main` (tests, embedding tools) get a normal
return: the kept objects are let go at the next call.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import Any, NoReturn

_KEPT: list[Any] = []
_count_handlers = getattr(atexit, "_ncallbacks", None)  # CPython; elsewhere the exit is always normal
_HANDLERS_AT_START = _count_handlers() if _count_handlers is not None else None


def keep(*objects: Any) -> None:
    """Hold ``objects`` until the process ends (or the next command in this process starts)."""
    _KEPT.extend(objects)


def release() -> None:
    _KEPT.clear()


def exit_now(code: int) -> NoReturn:
    """Exit with ``code``; without freeing the kept objects when nothing else needs the exit."""
    if _KEPT and _HANDLERS_AT_START is not None and _count_handlers is not None \
            and _count_handlers() <= _HANDLERS_AT_START and threading.active_count() == 1:
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    stream.flush()
        except (OSError, ValueError):
            pass  # a closed pipe or stream: the normal exit below reports and handles it as always
        else:
            os._exit(code)
    sys.exit(code)
