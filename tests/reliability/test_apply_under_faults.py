"""The whole set-up (steps 1-7 with auto-map) against simulated instances that misbehave in one
way at a time: it completes, run again if the admin would be told to, and creates nothing twice."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from demo_setup import set_up
from reliability_settings import LONG, seeds
from setup_assertions import assert_setup_complete, record_counts

from halo_wizard.api.errors import HaloError
from halo_wizard.simulator import SimulatedInstance
from halo_wizard.simulator.faults import Faults

RUNS_ALLOWED = 4
"""An admin told "run the step again" does so; more runs than this would be a bug."""

FaultSetter = Callable[[Faults], None]


def _server_errors(f: Faults) -> None:
    f.error_rate = 0.25 if LONG else 0.12


def _dropped(f: Faults) -> None:
    f.drop_rate = 0.1 if LONG else 0.05


def _dropped_after_writes(f: Faults) -> None:
    f.drop_after_write_rate = 0.5 if LONG else 0.3


def _bursts_429(f: Faults) -> None:
    f.burst_429 = 30 if LONG else 8
    f.retry_after = 0.02


def _malformed(f: Faults) -> None:
    f.malformed_rate = 0.15 if LONG else 0.08


def _early_expiry(f: Faults) -> None:
    f.token_lifetime = 0.5 if LONG else 1.0  # dies long before the expires_in it was given


def _everything(f: Faults) -> None:
    """Every fault at once, each milder than alone (a bad day, not a broken server)."""
    f.error_rate = 0.05
    f.drop_rate = 0.02
    f.drop_after_write_rate = 0.1
    f.malformed_rate = 0.03
    f.burst_429 = 5
    f.retry_after = 0.02
    f.token_lifetime = 0.5


FAULTS: dict[str, FaultSetter] = {
    "5xx": _server_errors,
    "dropped-connections": _dropped,
    "dropped-after-writes": _dropped_after_writes,
    "429-bursts": _bursts_429,
    "malformed-bodies": _malformed,
    "early-token-expiry": _early_expiry,
    "all-at-once": _everything,
}


@pytest.mark.parametrize("seed", seeds(1, 5))
@pytest.mark.parametrize("fault", list(FAULTS))
def test_setup_completes_under_faults_without_duplicates(
    demo: tuple[SimulatedInstance, SimulatedInstance], fault: str, seed: int
) -> None:
    contoso, northwind = demo
    for offset, instance in enumerate((contoso, northwind)):
        instance.faults.seed = 1000 * seed + offset
        FAULTS[fault](instance.faults)
    runs, errors = 0, []
    while True:
        runs += 1
        try:
            asyncio.run(set_up(contoso, northwind, auto_map=True))
            break
        except HaloError as exc:  # the admin's "run the step again"
            errors.append(f"{type(exc).__name__}: {exc}")
            assert runs < RUNS_ALLOWED, "\n".join(errors)
    for instance in (contoso, northwind):
        instance.faults.clear()
    assert_setup_complete(
        contoso, northwind, supplier_profile_name="Northwind MSP", customer_profile_name="Contoso"
    )
    # Nothing twice: a clean run afterwards finds every record already there.
    counts = (record_counts(contoso), record_counts(northwind))
    asyncio.run(set_up(contoso, northwind, auto_map=True))
    assert (record_counts(contoso), record_counts(northwind)) == counts
