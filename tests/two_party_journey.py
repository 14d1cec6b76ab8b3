"""The two-party journey on the engine, and what its tests compare (issue 15): shared by the
tests of the engine, the commands and the refusals."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from demo_instances import DemoPair

from halo_wizard.api.client import HaloClient
from halo_wizard.plan.model import InstancePlan, Plan, Side, StepId
from halo_wizard.secretstore import MemoryStore
from halo_wizard.simulator import SimulatedInstance
from halo_wizard.steps import two_party
from halo_wizard.steps.flow import run_setup
from halo_wizard.steps.session import StoreKeeper


def _client(sim: SimulatedInstance, name: str) -> HaloClient:
    app = sim.application
    assert app is not None
    return HaloClient(sim.url, app.client_id, app.client_secret, name=name)


def _own(sim: SimulatedInstance, name: str) -> InstancePlan:
    assert sim.application is not None
    return InstancePlan(name=name, base_url=sim.url, client_id=sim.application.client_id)


async def _quietly(session: Any, **options: Any) -> None:
    await run_setup(
        session, say=lambda _: None, confirm=lambda _: True, save_plan=lambda: None, **options
    )


async def two_party_journey(
    contoso: SimulatedInstance,
    northwind: SimulatedInstance,
    inviter: Side,
    keepers: dict[Side, StoreKeeper] | None = None,
) -> tuple[Plan, Plan]:
    """The inviter on `inviter`'s instance, the partner on the other; returns both plans (and
    fills `keepers` with each side's keychain, by the side its admin manages)."""
    sims = {Side.CUSTOMER: (contoso, "Contoso"), Side.SUPPLIER: (northwind, "Northwind MSP")}
    mine, my_name = sims[inviter]
    theirs, their_name = sims[inviter.other]
    keeper_a, keeper_b = StoreKeeper(MemoryStore()), StoreKeeper(MemoryStore())
    if keepers is not None:
        keepers.update({inviter: keeper_a, inviter.other: keeper_b})

    own_a = _own(mine, my_name)
    partner_a = InstancePlan(name=their_name, base_url="")
    plan_a = Plan.new("", *((own_a, partner_a) if inviter is Side.CUSTOMER else (partner_a, own_a)))
    two_party.start_pairing(plan_a, inviter)
    session = two_party.partner_session(plan_a, _client(mine, my_name), keeper=keeper_a)
    try:
        await _quietly(session, stop_after=StepId.PROFILES)
        invitation = await two_party.invitation_of(session)
    finally:
        await session.aclose()
    assert plan_a.pairing is not None
    connection = plan_a.pairing.connection_id

    plan_b = two_party.plan_from_invitation(
        invitation, connection, "invitation-1", _own(theirs, their_name)
    )
    session = two_party.partner_session(plan_b, _client(theirs, their_name), keeper=keeper_b)
    try:
        await _quietly(session, auto_map=True, manual_secrets=two_party.partner_secrets(invitation))
        reply = await two_party.reply_of(session)
    finally:
        await session.aclose()

    two_party.take_reply(plan_a, reply, "reply-1")
    session = two_party.partner_session(plan_a, _client(mine, my_name), keeper=keeper_a)
    try:
        await _quietly(session, auto_map=True, manual_secrets=two_party.partner_secrets(reply))
    finally:
        await session.aclose()
    return plan_a, plan_b


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def comparable(pair: DemoPair) -> dict[str, Any]:
    """Both instances' snapshots with what differs between any two runs (the loopback ports,
    the random client ids) written as placeholders; the issued secrets, random too, are held
    against each other by assert_setup_complete."""
    text = json.dumps([sim.snapshot() for sim in pair], sort_keys=True)
    for sim, tag in zip(pair, ("<contoso>", "<northwind>"), strict=True):
        text = text.replace(sim.url, tag)
        assert sim.application is not None
        text = text.replace(sim.application.client_secret, "<admin secret>")
    text = _UUID.sub("<uuid>", text)
    return dict(enumerate(json.loads(text)))


CODE_LINE = re.compile(r"^\s{4}([0-9A-Z]{4}(?:-[0-9A-Z]{4})+)\s*$", re.MULTILINE)
"""The line of `invite`'s output that shows the pairing code."""


def inviter_plan(path: Path, contoso: SimulatedInstance) -> None:
    """The customer admin's plan: their own instance, and only the name of their partner."""
    assert contoso.application is not None
    plan = {
        "customer": {
            "name": "Contoso",
            "base_url": contoso.url,
            "client_id": contoso.application.client_id,
        },
        "supplier": {"name": "Northwind MSP", "base_url": "", "client_id": ""},
        "supplier_profile": {"name": "Northwind MSP"},
        "customer_profile": {"name": "Contoso"},
    }
    path.write_text(json.dumps(plan, indent=2), encoding="utf-8")


def same_records(expected: dict[int, Any], found: dict[int, Any]) -> None:
    """Both instances hold the same records, list by list, as `comparable` wrote them."""
    for index, wanted_snapshot in expected.items():
        wanted, got = wanted_snapshot["records"], found[index]["records"]
        assert sorted(got) == sorted(wanted)
        for entity in wanted:
            assert got[entity] == wanted[entity], f"instance {index}, {entity} differ"
