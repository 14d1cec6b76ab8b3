"""Two demo instances taken through steps 1-6 in-process, for tests of the later steps."""

from __future__ import annotations

from collections.abc import Callable

from halo_wizard.api.ratelimit import RollingWindowLimiter
from halo_wizard.plan.model import InstancePlan, Plan, Side
from halo_wizard.simulator import SimulatedInstance, console
from halo_wizard.steps.flow import run_setup
from halo_wizard.steps.recommend import Recommendation
from halo_wizard.steps.session import Session, open_session


def demo_plan(contoso: SimulatedInstance, northwind: SimulatedInstance) -> Plan:
    apps = {Side.CUSTOMER: contoso.application, Side.SUPPLIER: northwind.application}
    assert apps[Side.CUSTOMER] and apps[Side.SUPPLIER]

    def instance(sim: SimulatedInstance, name: str, side: Side) -> InstancePlan:
        app = apps[side]
        assert app is not None
        return InstancePlan(name=name, base_url=sim.url, client_id=app.client_id)

    return Plan.new(
        "Contoso → Northwind MSP",
        instance(contoso, "Contoso", Side.CUSTOMER),
        instance(northwind, "Northwind MSP", Side.SUPPLIER),
    )


Budget = Callable[[], RollingWindowLimiter]
"""A client's request budget; None: the one every client of the instance shares (Halo's)."""


def session_for(
    plan: Plan,
    contoso: SimulatedInstance,
    northwind: SimulatedInstance,
    budget: Budget | None = None,
) -> Session:
    secrets = {
        Side.CUSTOMER: contoso.application.client_secret if contoso.application else "",
        Side.SUPPLIER: northwind.application.client_secret if northwind.application else "",
    }
    return open_session(plan, lambda side, _instance: secrets[side], limiter_factory=budget)


async def set_up(
    contoso: SimulatedInstance,
    northwind: SimulatedInstance,
    *,
    auto_map: bool = False,
    recommended: bool = False,
    budget: Budget | None = None,
) -> Plan:
    """Steps 1-6 (7 when auto_map, 8's recommended actions when recommended) on the two demo
    instances; returns the plan. `budget`: for instances whose rate limit is lifted (a
    benchmark's preparation), a budget to match."""
    plan = demo_plan(contoso, northwind)
    session = session_for(plan, contoso, northwind, budget)
    try:
        await set_up_silently(session, auto_map=auto_map, recommended=recommended)
    finally:
        await session.aclose()
    return plan


async def set_up_silently(
    session: Session, *, auto_map: bool = False, recommended: bool = False
) -> None:
    """run_setup on `session` with every question answered yes, nothing said or saved."""
    await run_setup(
        session,
        say=lambda _: None,
        confirm=lambda _: True,
        save_plan=lambda: None,
        auto_map=auto_map,
        recommended=recommended,
    )


async def finish_in_halo(
    session: Session,
    recommendations: list[Recommendation],
    instances: dict[Side, SimulatedInstance],
) -> list[str]:
    """Do what each recommendation leaves to the admin in Halo's own screen (through the
    simulator's console), then let the wizard read it back; returns what was learned."""
    learned: list[str] = []
    for recommendation in recommendations:
        for step in recommendation.in_halo:
            instance = instances[step.action.side]
            action_id = step.action.resolve()
            if step.setting == "sync":
                console.set_send_to_connected_instance(instance, action_id, step.value)
            else:
                console.tick_api_email_setting(instance, action_id)
            found = await step.read_back(session)
            if found is not None and found.answer is not None:
                learned.append(found.seen)
    return learned
