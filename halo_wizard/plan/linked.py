"""A connected-instances plan (a linked ticket list): its steps, and its section of the plan
(Plan.connected_instances, a LinkedPlan)."""

from __future__ import annotations

import copy
import logging
from typing import Final

from halo_wizard.journey import LINKED_STEP_TITLES as LINKED_STEP_TITLES
from halo_wizard.journey import LINKED_STEPS as LINKED_STEPS
from halo_wizard.journey import steps_for as steps_for
from halo_wizard.plan.model import (
    CONNECTED_INSTANCES_SECTION,
    DEFAULT_APPLICATION_NAME,
    STEP_TITLES,
    ConnectionKind,
    LinkedPlan,
    Plan,
    Side,
    StepId,
)

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_APPLICATION_NAME",
    "LINKED_STEPS",
    "LINKED_STEP_TITLES",
    "PRIMARY",
    "SECONDARY",
    "SECTION",
    "LinkedPlan",
    "application_secret_key",
    "linked_of",
    "step_title",
    "steps_for",
    "store_linked",
]

SECTION: Final = CONNECTED_INSTANCES_SECTION
"""The key of this section in the plan file (Plan.connected_instances)."""

PRIMARY: Final = Side.CUSTOMER
"""Instance A: holds the ticket list and the API application."""
SECONDARY: Final = Side.SUPPLIER
"""Instance B: holds the connected instance record and the linked list."""


def step_title(kind: ConnectionKind | None, step: StepId) -> str:
    """A step's title in the words of the plan's kind of connection."""
    if kind is ConnectionKind.CONNECTED_INSTANCES and step in LINKED_STEP_TITLES:
        return LINKED_STEP_TITLES[step]
    return STEP_TITLES[step]


def linked_of(plan: Plan) -> LinkedPlan:
    """The plan's connected-instances section (defaults when it has none yet)."""
    section = plan.connected_instances
    return LinkedPlan() if section is None else copy.deepcopy(section)


def store_linked(plan: Plan, linked: LinkedPlan) -> None:
    """Write the section back into the plan (the caller saves the plan)."""
    plan.connected_instances = copy.deepcopy(linked)


def application_secret_key(plan: Plan | str) -> str:
    """The keychain entry of the secret of the application B signs in to A with (by plan or
    plan id)."""
    plan_id = plan if isinstance(plan, str) else plan.id
    return f"plan-{plan_id}-connected-application"
