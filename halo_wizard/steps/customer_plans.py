"""One finished ticket-sync plan per customer instance against one MSP instance, set up headless.

What an MSP's admin would do once per customer in the window (steps 1-7, the mappings auto-mapped),
done for many customers in one run: each plan is saved in a plan store as it goes and its API
application secrets are kept in a secret store (the keychain), never in a file. The demo with
many customers (`halo-wizard simulate --demo --customers N --plans`), its tests and the check-all
benchmark get their connections from here.

The instances are named by their address and API application only (`InstanceAccess`): this module
knows nothing of the simulator that may be serving them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from halo_wizard.api.errors import HaloError
from halo_wizard.api.ratelimit import RollingWindowLimiter
from halo_wizard.api.secret import Secret
from halo_wizard.logsetup import register_secret
from halo_wizard.plan.model import InstancePlan, Plan, Side, default_secret_key, issued_secret_key
from halo_wizard.plan.store import PlanStore
from halo_wizard.secretstore import SecretStore
from halo_wizard.steps.flow import run_setup
from halo_wizard.steps.session import StoreKeeper, open_session

log = logging.getLogger(__name__)

SET_UPS_AT_ONCE: Final = 4
"""Customers set up at the same time, once the first has finished."""

Budget = Callable[[], RollingWindowLimiter]
"""A budget for each client, where the instances' limit is lifted (a benchmark's or the demo's
preparation); without one, every client of an instance shares that instance's budget, as Halo
counts it (api.ratelimit.shared_limiter)."""


@dataclass(frozen=True, slots=True)
class InstanceAccess:
    """How the wizard reaches one instance: its name, address and API application."""

    name: str
    url: str
    client_id: str
    client_secret: Secret

    @classmethod
    def from_info(cls, info: Mapping[str, Any]) -> InstanceAccess:
        """An entry of the instances `halo-wizard simulate --info FILE` lists."""
        secret = str(info.get("client_secret") or "")
        register_secret(secret)
        return cls(
            str(info["name"]), str(info["url"]), str(info.get("client_id") or ""), Secret(secret)
        )

    def plan(self) -> InstancePlan:
        return InstancePlan(name=self.name, base_url=self.url, client_id=self.client_id)


@dataclass(slots=True)
class CustomerPlan:
    """The plan of one customer's connection, and why its set-up stopped ('' when it finished)."""

    customer: str
    plan: Plan
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


Progress = Callable[[int, int, CustomerPlan], None]
"""progress(done, total, just_set_up), on the loop's thread."""


def plan_secret_keys(plan: Plan) -> list[str]:
    """Every secret-store entry a set-up of `plan` may have written (to remove them with it)."""
    keys = [plan.secret_key_for(side) for side in Side]
    keys += [default_secret_key(plan.id, side) for side in Side]
    keys += [issued_secret_key(plan.id, side) for side in Side]
    return list(dict.fromkeys(keys))


async def set_up_customer_plans(
    msp: InstanceAccess,
    customers: Sequence[InstanceAccess],
    plans: PlanStore,
    secrets: SecretStore,
    *,
    auto_map: bool = True,
    budget: Budget | None = None,
    at_once: int = SET_UPS_AT_ONCE,
    progress: Progress | None = None,
) -> list[CustomerPlan]:
    """Set up "<customer> → <MSP>" for every customer (the customer's instance sends tickets, the
    MSP's receives them); results in the order given. A set-up that stops is said in its result
    (its plan saved where it stopped) and never stops the others.

    The first customer is set up alone: it writes what every connection shares on the MSP's
    instance (its Suppliers module), which the others then find done instead of racing to write.
    """
    total = len(customers)
    done = 0
    gate = asyncio.Semaphore(max(1, at_once))

    async def one(customer: InstanceAccess) -> CustomerPlan:
        nonlocal done
        async with gate:
            result = await _set_up_one(msp, customer, plans, secrets, auto_map, budget)
        done += 1
        if progress is not None:
            progress(done, total, result)
        return result

    if not customers:
        return []
    first = await one(customers[0])
    rest = await asyncio.gather(*(one(c) for c in customers[1:]))
    return [first, *rest]


async def _set_up_one(
    msp: InstanceAccess,
    customer: InstanceAccess,
    plans: PlanStore,
    secrets: SecretStore,
    auto_map: bool,
    budget: Budget | None,
) -> CustomerPlan:
    plan = Plan.new(f"{customer.name} → {msp.name}", customer.plan(), msp.plan())
    keys = {Side.CUSTOMER: customer.client_secret, Side.SUPPLIER: msp.client_secret}
    known = [secret.reveal() for secret in keys.values()]  # never in the file: save checks

    def save() -> None:
        plans.save(plan, secrets=known)

    save()  # first: a secret is never kept for a plan that is nowhere
    for side, secret in keys.items():
        key, value = plan.secret_key_for(side), secret.reveal()
        await asyncio.to_thread(secrets.set, key, value)
    result = CustomerPlan(customer.name, plan)
    session = open_session(
        plan,
        lambda side, _instance: keys[side].reveal(),
        limiter_factory=budget,
        keeper=StoreKeeper(secrets),
    )
    try:
        await run_setup(
            session,
            say=lambda _text: None,
            confirm=lambda _changes: True,
            save_plan=save,
            auto_map=auto_map,
        )
    except HaloError as exc:  # SetupFailed included: said in the result, the plan kept
        result.problem = str(exc)
        log.info("%s: set-up stopped: %s", plan.name, exc)
    finally:
        await session.aclose()
    save()
    return result
