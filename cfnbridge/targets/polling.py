"""Following a stack operation to its end: the one polling loop every target shares.

A target knows how to read its stack's status and its new events; this module knows
when to stop (the status leaves ``*_IN_PROGRESS``, or the time is up) and how to back
off between polls, so the AWS and the Heat targets follow operations the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cfnbridge.targets.base import EventCallback, StackEvent


@dataclass(slots=True)
class Followed:
    """How the operation stood when following stopped."""

    stack: Any
    status: str
    finished: bool
    elapsed: float
    events: list[StackEvent] = field(default_factory=list)


def follow(read: Callable[[], tuple[Any, str]], new_events: Callable[[], list[StackEvent]],
           on_event: EventCallback | None, timeout: float | None, poll_interval: float, *,
           wait_for_start: bool = False) -> Followed:
    """Poll ``read`` (the stack and its status) and ``new_events`` until the status settles.

    ``wait_for_start``: the cloud accepted the request but may still show the previous
    settled status for a moment (Heat on update and delete); a settled status counts only
    once progress or an event has been seen.
    """
    started = time.monotonic()
    events: list[StackEvent] = []
    delay = min(0.2, poll_interval)
    accepted = not wait_for_start
    while True:
        stack, status = read()
        for event in new_events():
            events.append(event)
            if on_event is not None:
                on_event(event)
        accepted = accepted or status.endswith("_IN_PROGRESS") or bool(events)
        finished = accepted and not status.endswith("_IN_PROGRESS")
        if finished or (timeout is not None and time.monotonic() - started > timeout):
            return Followed(stack, status, finished, time.monotonic() - started, events)
        time.sleep(delay)
        delay = min(delay * 1.5, poll_interval)
