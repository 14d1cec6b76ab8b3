"""Swapping which instance sends tickets and which receives them, throughout a plan.

What belongs to an instance goes with it: its address, API application, tests, learned facts,
keychain entry, and the profile that lives in it with that profile's name and inbound mappings
(their rows join the same two instances' records in the same direction). What belongs to the
roles cannot follow: a supplier profile and a customer profile are different kinds of record, so
their record ids and authentication, the customer profile's ticket types and every later step's
results are put aside in the plan, and a second swap puts them back. Swapping twice therefore
gives back the plan exactly as it was.
"""

from __future__ import annotations

import functools
import logging
from typing import Any, Final

from halo_wizard.plan.model import (
    JOURNEY_STEPS,
    STEP_TITLES,
    AgentsPlan,
    Confirmation,
    InstancePlan,
    MappingKind,
    MappingRow,
    Plan,
    ProfileMappings,
    ProfilePlan,
    Side,
    StepId,
    StepState,
    StepStatus,
    issued_secret_key,
)

log = logging.getLogger(__name__)

PARKED_KEY: Final = "other_roles"
"""The plan section that holds what the plan knew with the roles the other way round."""

_LATER_STEPS: Final = tuple(step for step in JOURNEY_STEPS if step > StepId.INSTANCES)


def swap_roles(plan: Plan) -> None:
    """Make the customer the supplier and the other way round, in place."""
    previous = plan.extra.pop(PARKED_KEY, None)
    current = _take_role_results(plan)
    for side in Side:  # a plan without its own entry names would look in the other's entry
        instance = plan.instance(side)
        if not instance.secret_key:
            instance.secret_key = plan.default_secret_key(side)
    automatic = plan.name == plan_name(plan.customer.name, plan.supplier.name)
    plan.customer, plan.supplier = plan.supplier, plan.customer
    # The profile in each instance keeps its name and inbound mappings under its new role.
    plan.supplier_profile, plan.customer_profile = plan.customer_profile, plan.supplier_profile
    plan.supplier_profile_mappings, plan.customer_profile_mappings = (
        plan.customer_profile_mappings,
        plan.supplier_profile_mappings,
    )
    if automatic:
        plan.name = plan_name(plan.customer.name, plan.supplier.name)
    if isinstance(previous, dict):
        _put_role_results(plan, previous)
    if current != _fresh():
        plan.extra[PARKED_KEY] = current
    log.info("roles swapped in plan %s", plan.id)


def keychain_exchanges(plan_id: str) -> list[tuple[str, str]]:
    """Keychain entries whose values a swap exchanges: the secret each profile issued belongs
    to that profile's record, so it is put aside with the record's id (and comes back with it)."""
    return [
        (issued_secret_key(plan_id, side), f"{issued_secret_key(plan_id, side)}-{PARKED_KEY}")
        for side in Side
    ]


def results_a_swap_resets(plan: Plan) -> list[str]:
    """The later steps already reached (a swap puts their results aside), by title, in order."""
    held = [
        STEP_TITLES[step]
        for step in _LATER_STEPS
        if plan.step(step).status is not StepStatus.PENDING
    ]
    if not held and any(plan.profile(side).record_id is not None for side in Side):
        held.append(STEP_TITLES[StepId.PROFILES])
    return held


def plan_name(customer: str | None, supplier: str | None) -> str:
    """The name a plan gets from its instances until the admin gives it another."""
    return f"{customer or '…'} → {supplier or '…'}"


# ---- what the roles hold --------------------------------------------------------------------


def _take_role_results(plan: Plan) -> dict[str, Any]:
    """What belongs to the roles, as plain data, and the plan left as if just started on them."""
    taken: dict[str, Any] = {}
    for key, profile in (
        ("supplier_profile", plan.supplier_profile),
        ("customer_profile", plan.customer_profile),
    ):
        taken[key] = {
            "record_id": profile.record_id,
            "authenticated": profile.authenticated,
            "last_authenticated": profile.last_authenticated,
        }
        profile.record_id = None
        profile.authenticated = None
        profile.last_authenticated = None
    mappings = plan.customer_profile_mappings
    taken["customer_ticket_types"] = {
        "rows": [
            [index, row.to_dict()]
            for index, row in enumerate(mappings.rows)
            if row.kind is MappingKind.TICKET_TYPE
        ],
        "default_ticket_type": mappings.default_ticket_type,
    }
    mappings.rows = [row for row in mappings.rows if row.kind is not MappingKind.TICKET_TYPE]
    mappings.default_ticket_type = None
    taken["steps"] = {step.key: plan.step(step).to_dict() for step in _LATER_STEPS}
    for step in _LATER_STEPS:
        plan.steps[step] = StepState()
    taken["current_step"] = plan.current_step.key
    plan.current_step = min(plan.current_step, StepId.INSTANCES)
    taken["permissions_risk_accepted"] = plan.permissions_risk_accepted
    plan.permissions_risk_accepted = False
    taken["confirmations"] = [confirmation.to_dict() for confirmation in plan.confirmations]
    plan.confirmations = []
    taken["e2e"] = plan.e2e
    plan.e2e = None
    taken["agents"] = plan.agents.to_dict()
    plan.agents = AgentsPlan()
    taken["extra"] = {key: value for key, value in plan.extra.items() if key != PARKED_KEY}
    for key in taken["extra"]:
        del plan.extra[key]
    return taken


@functools.cache
def _fresh() -> dict[str, Any]:
    """What a plan just started on its roles holds (nothing worth putting aside)."""
    plan = Plan.new("", InstancePlan("", ""), InstancePlan("", ""))
    plan.current_step = StepId.INSTANCES
    return _take_role_results(plan)


def _put_role_results(plan: Plan, parked: dict[str, Any]) -> None:
    """Give the plan back what it held with these roles (the opposite of _take_role_results)."""
    for key, profile in (
        ("supplier_profile", plan.supplier_profile),
        ("customer_profile", plan.customer_profile),
    ):
        held = ProfilePlan.from_dict({"name": profile.name, **parked[key]}, f"{PARKED_KEY}.{key}")
        profile.record_id = held.record_id
        profile.authenticated = held.authenticated
        profile.last_authenticated = held.last_authenticated
    mappings: ProfileMappings = plan.customer_profile_mappings
    ticket_types = parked["customer_ticket_types"]
    for index, row in ticket_types["rows"]:
        restored = MappingRow.from_dict(row, f"{PARKED_KEY}.customer_ticket_types")
        mappings.rows.insert(min(int(index), len(mappings.rows)), restored)
    mappings.default_ticket_type = ticket_types["default_ticket_type"]
    steps = {step.key: step for step in _LATER_STEPS}
    for key, state in parked["steps"].items():
        plan.steps[steps[key]] = StepState.from_dict(state, f"{PARKED_KEY}.steps.{key}")
    plan.current_step = StepId[str(parked["current_step"]).upper()]
    plan.permissions_risk_accepted = bool(parked["permissions_risk_accepted"])
    plan.confirmations = [
        Confirmation.from_dict(item, f"{PARKED_KEY}.confirmations")
        for item in parked["confirmations"]
    ]
    plan.e2e = parked["e2e"]
    plan.agents = AgentsPlan.from_dict(parked["agents"], f"{PARKED_KEY}.agents")
    plan.extra.update(parked["extra"])
