"""Following a stack operation to its end, within a deadline: the polling loop and the
time bounds every target shares.

A target knows how to read its stack's status and its new events; this module knows
when to stop (the status leaves ``*_IN_PROGRESS``, or the time is up), how to back off
between polls, how long to tolerate polls that fail, and how to stop waiting for a call
that never returns (``Deadline.run``), so every target follows operations the same way.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from cfnbridge.errors import DeployError
from cfnbridge.targets.base import EventCallback, StackEvent

T = TypeVar("T")

CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0
"""Per-request bounds for every client: a silent endpoint costs this, times the retries."""
RETRIES = 4
"""Attempts per request (standard retry mode: throttling and 5xx, with backoff)."""
GRACE = 3.0
"""How long past the deadline a hung call may keep the caller waiting."""
FAILED_POLLS = 2
"""Consecutive failed status polls (each already retried by the SDK) before the wait gives up."""
TRANSIENT_GRACE = 30.0
"""How long a ``*_FAILED`` status that the cloud will move on from (a rollback about to
start) is waited through before it is taken as final."""


class TimedOut(DeployError):
    """The deadline passed while a call to the cloud had not returned."""


class Deadline:
    """An overall time limit for a deploy, honoured even when an endpoint hangs."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds if seconds else None

    def remaining(self) -> float | None:
        return None if self.end is None else max(0.0, self.end - time.monotonic())

    def read_timeout(self) -> float:
        """The per-request read timeout a client should use under this deadline."""
        left = self.remaining()
        return READ_TIMEOUT if left is None else max(1.0, min(READ_TIMEOUT, left))

    def run(self, job: Callable[[], T], what: str) -> T:
        """``job()``, or ``TimedOut`` a few seconds after the deadline if it has not
        returned (it is left running in a daemon thread, on a socket that never answers)."""
        if self.end is None:
            return job()
        box: dict[str, Any] = {}

        def work() -> None:
            try:
                box["value"] = job()
            except BaseException as error:  # handed to the caller's thread below
                box["error"] = error

        thread = threading.Thread(target=work, name=f"cloud-call-{what}", daemon=True)
        thread.start()
        while thread.is_alive() and time.monotonic() < self.end + GRACE:
            thread.join(0.2)
        if thread.is_alive():
            raise TimedOut(f"gave up after {self.seconds:g} s: the cloud did not answer ({what})")
        if "error" in box:
            raise box["error"]
        return box["value"]  # type: ignore[no-any-return]


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
           wait_for_start: bool = False,
           passing: Callable[[Any, str], bool] | None = None) -> Followed:
    """Poll ``read`` (the stack and its status) and ``new_events`` until the status settles.

    ``wait_for_start``: the cloud accepted the request but may still show the previous
    settled status for a moment (Heat on update and delete); a settled status counts only
    once progress or an event has been seen. ``passing(stack, status)``: whether a settled
    status is one the cloud is about to leave (Heat's CREATE_FAILED before its rollback);
    it is waited through for up to ``TRANSIENT_GRACE`` seconds. A failed poll is retried
    (``FAILED_POLLS`` in a row end the wait with ``AfterApply``).
    """
    from cfnbridge.targets.base import AfterApply

    started = time.monotonic()
    events: list[StackEvent] = []
    delay = min(0.2, poll_interval)
    accepted = not wait_for_start
    failures = 0
    last: tuple[Any, str] = (None, "")
    passing_since: float | None = None
    while True:
        try:
            stack, status = read()
        except DeployError as error:
            failures += 1
            if failures >= FAILED_POLLS:
                raise AfterApply(f"{error}", "", last[1] or None) from error
            time.sleep(min(delay * 2, poll_interval))
            continue
        failures = 0
        last = (stack, status)
        for event in new_events():
            events.append(event)
            if on_event is not None:
                on_event(event)
        accepted = accepted or status.endswith("_IN_PROGRESS") or bool(events)
        finished = accepted and not status.endswith("_IN_PROGRESS")
        if finished and passing is not None and passing(stack, status):
            passing_since = passing_since or time.monotonic()
            finished = time.monotonic() - passing_since > TRANSIENT_GRACE
        else:
            passing_since = None
        if finished or (timeout is not None and time.monotonic() - started > timeout):
            return Followed(stack, status, finished, time.monotonic() - started, events)
        time.sleep(delay)
        delay = min(delay * 1.5, poll_interval)
