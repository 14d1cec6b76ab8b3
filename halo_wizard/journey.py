"""The journey a plan goes through: its kind, its two sides, its steps and what they are called.

The window shows these before anything else (its sidebar, its menus), so they live here, apart
from the plan's model (halo_wizard.plan.model), which takes tens of milliseconds to load: the
model re-exports every name, and the rest of the project may import them from either."""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Final


class ConnectionKind(StrEnum):
    """What the two instances are connected for."""

    TICKET_SYNC = "ticket_sync"
    CONNECTED_INSTANCES = "connected_instances"


class Side(StrEnum):
    """One of the two instances: the customer sends tickets (A), the supplier receives them (B)."""

    CUSTOMER = "customer"
    SUPPLIER = "supplier"

    @property
    def other(self) -> Side:
        return Side.SUPPLIER if self is Side.CUSTOMER else Side.CUSTOMER


class StepId(IntEnum):
    """The pages of the window; 0 is the plan list, 1 to 11 are the steps of the journey."""

    CONNECTIONS = 0
    INSTANCES = 1
    PERMISSIONS = 2
    SUPPLIERS_MODULE = 3
    PROFILES = 4
    CREDENTIAL_SWAP = 5
    AGENTS = 6
    MAPPINGS = 7
    ACTION_CHECK = 8
    REVIEW_APPLY = 9
    END_TO_END = 10
    REPORT = 11

    @property
    def key(self) -> str:
        """The name used in plan files, e.g. "credential_swap"."""
        return self.name.lower()


class StepStatus(StrEnum):
    """Where a step of the journey stands."""

    PENDING = "pending"
    CURRENT = "current"
    DONE = "done"
    ATTENTION = "attention"
    SKIPPED = "skipped"  # the admin went on without it (e.g. did it by hand); the note says why

    @property
    def finished(self) -> bool:
        """Done, needing attention or skipped: the step has a result (its inputs are recorded)."""
        return self in (StepStatus.DONE, StepStatus.ATTENTION, StepStatus.SKIPPED)


JOURNEY_STEPS: Final[tuple[StepId, ...]] = tuple(s for s in StepId if s is not StepId.CONNECTIONS)
STEP_TITLES: Final[dict[StepId, str]] = {
    StepId.CONNECTIONS: "Connections",
    StepId.INSTANCES: "Instances",
    StepId.PERMISSIONS: "Permissions",
    StepId.SUPPLIERS_MODULE: "Suppliers module",
    StepId.PROFILES: "Profiles",
    StepId.CREDENTIAL_SWAP: "Credential swap",
    StepId.AGENTS: "Agents as end users",
    StepId.MAPPINGS: "Mappings",
    StepId.ACTION_CHECK: "Action check",
    StepId.REVIEW_APPLY: "Review and apply",
    StepId.END_TO_END: "End-to-end test",
    StepId.REPORT: "Report",
}


LINKED_STEPS: Final[tuple[StepId, ...]] = (
    StepId.INSTANCES,
    StepId.PERMISSIONS,
    StepId.SUPPLIERS_MODULE,
    StepId.PROFILES,
    StepId.CREDENTIAL_SWAP,
)
"""A connected-instances plan reuses step numbers 1 to 5, with its own titles."""
LINKED_STEP_TITLES: Final[dict[StepId, str]] = {
    StepId.INSTANCES: "Instances",
    StepId.PERMISSIONS: "API application",
    StepId.SUPPLIERS_MODULE: "Connected instance",
    StepId.PROFILES: "Linked ticket list",
    StepId.CREDENTIAL_SWAP: "E-mail identifier",
}


def steps_for(kind: ConnectionKind) -> tuple[StepId, ...] | None:
    """The steps of a connected-instances plan, or None for the ticket-sync journey."""
    return LINKED_STEPS if kind is ConnectionKind.CONNECTED_INSTANCES else None
