"""The end-to-end test from one side of a two-party connection (issue 15): each admin's run
writes to their own instance only, proves what it shows, and names each hop whose proof is on
the partner's instance; run at the same time, the two halves prove every hop between them."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest
from demo_instances import demo_instances
from sync_setup import sync_actions
from two_party_journey import _client, two_party_journey

from halo_wizard.api import constants as C
from halo_wizard.plan.model import Plan, Side, StepId, StepStatus
from halo_wizard.report.content import build_content
from halo_wizard.simulator import SimulatedInstance
from halo_wizard.steps import end_to_end as e2e
from halo_wizard.steps import two_party
from halo_wizard.steps.end_to_end import E2EPreview, E2EResult, E2ESettings, HopStatus
from halo_wizard.steps.end_to_end.result import proven_together
from halo_wizard.steps.session import StoreKeeper

TOGETHER = E2ESettings(
    arrival_timeout=10.0,
    poll_interval=0.05,
    settle=0.0,
    unsent_grace=1.0,
    partner_wait=60.0,
    partner_poll=0.2,
)
ALONE = dataclasses.replace(TOGETHER, partner_wait=0.3, partner_poll=0.1)
"""A partner who never starts their run: each wait for them ends at once."""

CUSTOMER_SEES = {0, 1, 2, 4, 6, 8}
SUPPLIER_SEES = {0, 2, 3, 5, 7}


def _connected(
    contoso: SimulatedInstance,
    northwind: SimulatedInstance,
    inviter: Side,
    keepers: dict[Side, StoreKeeper] | None = None,
) -> tuple[Plan, Plan]:
    """The two-party set-up, then the sync actions each admin makes in their own Halo (seed
    001's worked example: the notes, the indirect e-mail, the resolve), mapped on both."""
    plan_a, plan_b = asyncio.run(two_party_journey(contoso, northwind, inviter, keepers))
    sync_actions(
        contoso, northwind, plan_a.supplier_profile.record_id, plan_a.customer_profile.record_id
    )
    return plan_a, plan_b


async def _one_side(
    plan: Plan, sim: SimulatedInstance, name: str, settings: E2ESettings, previews: list[Any]
) -> E2EResult:
    session = two_party.partner_session(plan, _client(sim, name))

    def confirm(preview: E2EPreview) -> bool:
        previews.append(preview)
        return True

    try:
        return await e2e.run_end_to_end(
            session, progress=lambda *_: None, confirm_start=confirm, settings=settings
        )
    finally:
        await session.aclose()


def _tagged(sim: SimulatedInstance) -> list[Any]:
    tickets = sim.snapshot()["records"].get("Tickets", [])
    return [t for t in tickets if str(t.get("summary", "")).startswith("[halo_wizard test")]


def _test_users(sim: SimulatedInstance) -> list[Any]:
    users = sim.snapshot()["records"].get("Users", [])
    return [u for u in users if "halo-wizard-test-" in str(u.get(C.END_USER_EMAIL, ""))]


@pytest.mark.parametrize("inviter", [Side.CUSTOMER, Side.SUPPLIER])
def test_both_halves_run_together_prove_every_hop_and_clean_up(inviter: Side) -> None:
    with demo_instances() as (contoso, northwind):
        keepers: dict[Side, StoreKeeper] = {}
        plan_a, plan_b = _connected(contoso, northwind, inviter, keepers)
        plans = {inviter: plan_a, inviter.other: plan_b}
        previews: list[Any] = []

        async def both() -> tuple[E2EResult, E2EResult]:
            # The supplier's admin starts first here; each run waits for the other's steps.
            supplier = asyncio.create_task(
                _one_side(plans[Side.SUPPLIER], northwind, "Northwind MSP", TOGETHER, previews)
            )
            customer = await _one_side(plans[Side.CUSTOMER], contoso, "Contoso", TOGETHER, previews)
            return customer, await supplier

        customer, supplier = asyncio.run(both())

        for result, sees in ((customer, CUSTOMER_SEES), (supplier, SUPPLIER_SEES)):
            lines = "\n".join(e2e.format_result(result))
            assert result.passed, lines
            for index, hop in enumerate(result.hops):
                if index in sees:
                    assert hop.status is HopStatus.PASSED, lines
                else:
                    assert hop.status is HopStatus.NOT_SEEN, lines
                    assert hop.partner and not hop.waited, lines
                    assert "instance" in hop.detail, lines
        assert customer.tag == supplier.tag  # the supplier's run took the customer's ticket
        assert proven_together(customer, supplier) == [h.name for h in customer.hops]
        assert customer.side is Side.CUSTOMER and supplier.side is Side.SUPPLIER
        assert customer.partner == "Northwind MSP" and supplier.partner == "Contoso"

        # Each preview names only its own instance's writes, and asks for the partner's run.
        for preview in previews:
            assert preview.side is not None and "start the test on their side" in " ".join(
                preview.lines
            )
        # Both sides cleaned up their own: no test ticket or test user is left anywhere.
        assert _tagged(contoso) == [] and _tagged(northwind) == []
        assert _test_users(contoso) == []
        for plan, result in ((plans[Side.CUSTOMER], customer), (plans[Side.SUPPLIER], supplier)):
            state = plan.step(StepId.END_TO_END)
            assert state.status is StepStatus.DONE, state.note
            assert plan.e2e is not None and plan.e2e["side"] == result.side.value
            assert plan.e2e["needs_partner"] and plan.e2e["summary"]

        # The partner sends a new reply after their run: the inviter's report holds both
        # halves, both plans' fingerprints and a sign-off block for each organisation.
        invited = inviter.other
        sim, name = (
            (contoso, "Contoso") if invited is Side.CUSTOMER else (northwind, "Northwind MSP")
        )

        async def reply_again() -> Any:
            session = two_party.partner_session(plan_b, _client(sim, name), keeper=keepers[invited])
            try:
                return await two_party.reply_of(session)
            finally:
                await session.aclose()

        reply = asyncio.run(reply_again())
        assert reply.test is not None and reply.test["side"] == invited.value
        two_party.take_reply(plan_a, reply, "reply-2")
        content = build_content(plan_a, e2e=plan_a.e2e)
        section = next(x for x in content.sections if x.anchor == "e2e")
        captions = [caption for caption, _ in section.tables]
        partner_name = plan_a.instance(invited).name
        assert captions == ["Hops seen from this side", f"Hops seen from {partner_name}'s side"]
        text = " ".join(section.paragraphs)
        assert "every one of the 9 hops was proven" in text, text
        assert "on the configuration their plan describes" in text, text
        for _, table in section.tables:
            results = {row[2] for row in table.rows}
            assert results == {"Pass", "Not seen here"}, table.rows
        signoff = next(x for x in content.sections if x.anchor == "signoff")
        words = " ".join(signoff.paragraphs)
        assert plan_a.fingerprint()[:16] in words and plan_b.fingerprint()[:16] in words
        assert content.parties == ("For Contoso (customer)", "For Northwind MSP (supplier)")
        printed = dict((row[0], row[1:]) for row in content.cover)["Plan fingerprint"]
        assert all(len(value) >= 16 for value in printed)


def test_a_run_whose_partner_never_starts_says_so_and_claims_nothing() -> None:
    with demo_instances() as (contoso, northwind):
        plan_a, _ = _connected(contoso, northwind, Side.CUSTOMER)
        before = northwind.snapshot()["records"].get("Actions", [])
        result = asyncio.run(_one_side(plan_a, contoso, "Contoso", ALONE, []))
        lines = "\n".join(e2e.format_result(result))
        assert not result.passed, lines
        assert not result.failed_hops, lines
        assert set(result.waited_in_vain) == {result.hops[i].name for i in (4, 6, 8)}, lines
        assert "NOT PROVEN on this side" in lines
        state = plan_a.step(StepId.END_TO_END)
        assert state.status is StepStatus.ATTENTION and "not seen" in state.note
        # The run wrote nothing to the partner's instance itself: what arrived there came by
        # Halo's own sync (the escalated ticket, the customer's note), nothing else.
        notes = [
            a
            for a in northwind.snapshot()["records"].get("Actions", [])
            if a not in before and result.tag in str(a.get("note", ""))
        ]
        assert {str(a.get("note")).split("] ", 1)[1] for a in notes} <= {
            "escalated for the end-to-end test",
            "note from the customer",
        }, notes
        assert _tagged(contoso) == [] and _test_users(contoso) == []


def test_the_supplier_alone_waits_for_a_ticket_and_says_no_ticket_came() -> None:
    with demo_instances() as (contoso, northwind):
        _, plan_b = _connected(contoso, northwind, Side.CUSTOMER)
        before = northwind.snapshot()
        result = asyncio.run(_one_side(plan_b, northwind, "Northwind MSP", ALONE, []))
        lines = "\n".join(e2e.format_result(result))
        assert not result.passed and not result.failed_hops, lines
        assert result.waited_in_vain == [result.hops[2].name], lines
        assert "No test ticket from Contoso" in result.hops[2].detail
        assert northwind.snapshot()["records"] == before["records"]
