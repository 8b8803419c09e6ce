"""Following an operation: Heat's passing CREATE_FAILED (rollback on) is waited through,
a final one is not, and a deadline stops a call that never returns."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import pytest

from cfnbridge.targets.heat import HeatTarget
from cfnbridge.targets.polling import Deadline, TimedOut, follow

ROLLING_BACK = ["CREATE_IN_PROGRESS", "CREATE_FAILED", "CREATE_FAILED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE"]


def reader(statuses: list[str], disable_rollback: bool):
    """Heat's answers, one per poll, as a stack object carrying its rollback setting."""
    answers = iter(statuses)
    last = {"status": statuses[0]}

    def read():
        last["status"] = next(answers, last["status"])
        return SimpleNamespace(disable_rollback=disable_rollback), last["status"]

    return read


def test_a_passing_create_failed_is_waited_through_when_rollback_is_on():
    followed = follow(reader(ROLLING_BACK, False), list, None, 30, 0.01, passing=HeatTarget._passing)
    assert followed.finished and followed.status == "ROLLBACK_COMPLETE"


def test_create_failed_is_final_when_rollback_is_off():
    followed = follow(reader(ROLLING_BACK, True), list, None, 30, 0.01, passing=HeatTarget._passing)
    assert followed.finished and followed.status == "CREATE_FAILED"


def test_a_deadline_stops_a_call_that_never_returns():
    never = threading.Event()
    started = time.monotonic()
    with pytest.raises(TimedOut, match="gave up after 1 s"):
        Deadline(1).run(lambda: never.wait(60), "hang")
    assert time.monotonic() - started < 1 + 4
    assert Deadline(None).run(lambda: 42, "no limit") == 42
