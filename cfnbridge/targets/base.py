"""What every deploy target shares: the ``Target`` protocol and the values it passes around.

A target turns a loaded template into a running stack on one cloud. The protocol is kept
small so that CloudFormation (boto3) and OpenStack Heat (heatclient) can both implement it
and the deploy logic above it (confirmation, redaction, progress, exit codes) is written
once::

    plan = target.plan(request)          # what would change; nothing changes yet
    op = target.apply(plan)              # start it; returns at once
    result = target.wait(op, on_event)   # follow it to a final state, reporting events
    target.outputs(name), target.status(name), target.events(name), target.delete(name)

Nothing here imports a cloud SDK.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol, runtime_checkable

from cfnbridge.errors import DeployError, InputError

if TYPE_CHECKING:
    from cfnbridge.targets.options import TargetOption
    from cfnbridge.template import Template

ChangeAction = Literal["add", "modify", "replace", "remove"]
DESTRUCTIVE: frozenset[str] = frozenset({"replace", "remove"})
"""Actions that lose a resource (and its data); these need a human's yes."""

SUCCESS_STATUSES: frozenset[str] = frozenset(
    {"CREATE_COMPLETE", "UPDATE_COMPLETE", "DELETE_COMPLETE", "IMPORT_COMPLETE"}
)


class NoSuchStack(InputError):
    """The stack named on the command line does not exist (an input error: exit 2)."""


class AfterApply(DeployError):
    """The cloud accepted the change, then following it failed: the stack may still be
    changing. ``state`` is its status as last seen, if any was."""

    def __init__(self, message: str, stack_name: str, state: str | None = None) -> None:
        super().__init__(message)
        self.stack_name = stack_name
        self.state = state


@dataclass(frozen=True, slots=True)
class Change:
    """One resource that a plan adds, modifies, replaces or removes."""

    action: ChangeAction
    logical_id: str
    resource_type: str
    physical_id: str | None = None
    details: tuple[str, ...] = ()
    """Names of the properties that cause the change, when the cloud says."""


@dataclass(frozen=True, slots=True)
class DeployRequest:
    """Everything a target needs to plan one create-or-update of one stack."""

    template: Template
    stack_name: str
    parameters: Mapping[str, str] = field(default_factory=dict)
    tags: Mapping[str, str] = field(default_factory=dict)
    capabilities: tuple[str, ...] | Literal["auto"] = "auto"
    on_failure: Literal["ROLLBACK", "DELETE", "DO_NOTHING"] = "ROLLBACK"
    timeout_minutes: int | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """A reviewed-but-not-applied change: the target keeps what it needs in ``handle``."""

    stack_name: str
    kind: Literal["create", "update"]
    changes: tuple[Change, ...]
    handle: str | None = None
    stack_id: str | None = None
    no_changes: bool = False
    """True when the cloud says there is nothing to do (not merely no resource changes)."""
    unknown: tuple[str, ...] = ()
    """Parameters whose deployed value the cloud will not show (NoEcho), so that whether
    they change is not known; "no changes" assumes they do not."""

    @property
    def destructive(self) -> tuple[Change, ...]:
        """The changes that replace or remove a resource."""
        return tuple(c for c in self.changes if c.action in DESTRUCTIVE)


@dataclass(frozen=True, slots=True)
class StackEvent:
    """One line of a stack's history, as the cloud reported it."""

    event_id: str
    timestamp: datetime
    logical_id: str
    resource_type: str
    status: str
    reason: str | None = None
    physical_id: str | None = None

    @property
    def failed(self) -> bool:
        return self.status.endswith("_FAILED")


@dataclass(frozen=True, slots=True)
class Operation:
    """A change the cloud is carrying out; ``seen`` are events that predate it."""

    stack_name: str
    stack_id: str
    kind: Literal["create", "update", "delete"]
    seen: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class StackStatus:
    """Where a stack stands now."""

    stack_name: str
    status: str
    stack_id: str | None = None
    reason: str | None = None
    resources: tuple[tuple[str, str, str], ...] = ()
    """(logical id, type, status) per resource."""
    physical_ids: Mapping[str, str] = field(default_factory=dict)
    """Logical id -> physical id, where the cloud gave one."""


@dataclass(slots=True)
class DeployResult:
    """How a deploy ended. ``status`` is the stack's final status, or ``NO_CHANGES``,
    ``NOT_EXECUTED`` (a plan left for review or declined) or ``DELETE_COMPLETE``."""

    stack_name: str
    status: str
    outputs: dict[str, str] = field(default_factory=dict)
    events: list[StackEvent] = field(default_factory=list)
    elapsed: float = 0.0
    changes: tuple[Change, ...] = ()
    failure: StackEvent | None = None
    """The first resource that failed, with its reason, when the deploy failed."""
    plan_id: str | None = None
    """The target's name for a plan left for review (a change set ARN on AWS)."""
    error: str | None = None
    """Why the deploy could not even start (status ``ERROR``), in a multi-target deploy,
    where one target's refusal must not hide the other's result."""
    left: tuple[str, ...] = ()
    """After a failed delete: what the cloud still has, or last showed, as lines."""
    notes: tuple[str, ...] = ()
    """What the user should know besides the status (what could not be compared ...)."""

    @property
    def ok(self) -> bool:
        return self.status in SUCCESS_STATUSES or self.status in {"NO_CHANGES", "NOT_EXECUTED"}


EventCallback = Callable[[StackEvent], None]


@dataclass(frozen=True, slots=True)
class DeployedSecrets:
    """What a deployed stack says is secret, for commands that have no template at hand."""

    no_echo: frozenset[str] = frozenset()
    """Parameters the deployed template marks NoEcho (HOT: hidden)."""
    hidden_outputs: frozenset[str] = frozenset()
    """Outputs whose value refers to one of them."""
    values: frozenset[str] = frozenset()
    """Their defaults, as the deployed template holds them."""


@runtime_checkable
class Target(Protocol):
    """A cloud that can run a stack. Methods raise ``DeployError`` when the cloud refuses."""

    name: str
    options: ClassVar[tuple[TargetOption, ...]]
    """The command-line options this target takes (see ``cfnbridge.targets.options``)."""

    @classmethod
    def settings(cls, given: Mapping[str, Any], alone: bool) -> dict[str, Any]:
        """Constructor keywords from the command's option values; ``alone``: no other
        target shares the command (then generic options such as --endpoint-url apply)."""

    @classmethod
    def follow_flags(cls, settings: Mapping[str, Any]) -> str:
        """The options that reach the same cloud again, for a ``cfnbridge status`` hint."""

    def validate(self, template: Template) -> None:
        """Ask the cloud whether it accepts the template, without changing anything."""

    def plan(self, request: DeployRequest) -> Plan:
        """Compute what ``request`` would change; nothing changes yet."""

    def discard(self, plan: Plan) -> None:
        """Forget a plan that will not be applied (and any empty stack made for it)."""

    def apply(self, plan: Plan) -> Operation:
        """Start carrying out ``plan``; return without waiting."""

    def wait(
        self,
        operation: Operation,
        on_event: EventCallback | None = None,
        timeout: float | None = None,
    ) -> DeployResult:
        """Follow ``operation`` (rollback included) to its end, reporting each new event.

        After ``timeout`` seconds it stops waiting (the stack carries on) and returns the
        status it last saw. An exception raised by ``on_event`` stops the waiting too.
        """

    def outputs(self, stack_name: str) -> dict[str, str]:
        """The stack's outputs by name."""

    def status(self, stack_name: str) -> StackStatus:
        """The stack's status and its resources'."""

    def events(self, stack_name: str, limit: int = 50) -> list[StackEvent]:
        """The stack's most recent events, oldest first."""

    def delete(self, stack_name: str) -> Operation:
        """Start deleting the stack; return without waiting."""

    def secrets(self, stack_name: str) -> DeployedSecrets:
        """What the deployed stack marks secret (nothing when there is no such stack)."""
