"""What a swap of the roles (Plan.swap_roles) means for the admin: what it resets, and which
keychain entries it exchanges."""

from __future__ import annotations

import logging
from typing import Final

from halo_wizard.plan.model import (
    JOURNEY_STEPS,
    PARKED_KEY,
    STEP_TITLES,
    Plan,
    Side,
    StepId,
    StepStatus,
    issued_secret_key,
    plan_name,
)

log = logging.getLogger(__name__)

__all__ = ["PARKED_KEY", "keychain_exchanges", "plan_name", "results_a_swap_resets"]

_LATER_STEPS: Final = tuple(step for step in JOURNEY_STEPS if step > StepId.INSTANCES)


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
