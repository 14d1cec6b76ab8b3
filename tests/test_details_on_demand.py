"""Ticket types and workflows are read in full only by the parts that ask what a ticket type
allows (configuration.DETAILS_ON_DEMAND); the preflight proves end users can be read with one
page. Counted at the simulator, over real sockets."""

from __future__ import annotations

import asyncio
import math

import pytest
from demo_instances import DemoPair
from demo_setup import demo_plan, session_for, set_up

from halo_wizard.api import constants as C
from halo_wizard.api.client import HaloClient
from halo_wizard.api.values import as_int
from halo_wizard.plan.model import Plan, Side
from halo_wizard.rules import CheckInput
from halo_wizard.simulator import SimulatedInstance
from halo_wizard.steps.configuration import InstanceReader
from halo_wizard.steps.permissions import preflight


def _gets(instance: SimulatedInstance, entity: str) -> int:
    return instance.stats.counts.get(("GET", entity), 0)


def _client(instance: SimulatedInstance) -> HaloClient:
    assert instance.application is not None
    return HaloClient(
        instance.url, instance.application.client_id, instance.application.client_secret
    )


@pytest.fixture
def set_up_plan(demo: DemoPair) -> Plan:
    """The demo set up (steps 1-7, auto-map), each instance's requests counted from the start."""
    return asyncio.run(set_up(*demo, auto_map=True))


def test_set_up_lists_ticket_types_and_workflows_and_reads_one_page_of_every_end_user(
    demo: DemoPair, set_up_plan: Plan
) -> None:
    _, northwind = demo
    for instance in demo:
        assert len(instance.state.table("TicketType")) > 1
        assert _gets(instance, "TicketType") == 1, instance  # the list, no record read alone
        assert _gets(instance, "Workflow") == 1, instance
    customer_id = set_up_plan.customer_profile.record_id
    users = list(northwind.state.iter_records("Users"))
    under = [u for u in users if as_int(u.get("client_id")) == customer_id]
    whole_list = math.ceil(len(users) / C.PAGE_CAP)
    assert whole_list > 2, "the demo must hold more end users than two pages"
    # the preflight's one page, then the survey and its read-back under the customer profile
    most = 1 + 2 * math.ceil(len(under) / C.PAGE_CAP)
    assert _gets(northwind, "Users") <= most
    # reading every end user (the whole list, then those two reads) would have sent more
    assert most < whole_list + 2


def test_the_action_check_reads_each_ticket_type_and_workflow_in_full_once(
    demo: DemoPair, set_up_plan: Plan
) -> None:
    for instance in demo:
        instance.stats.reset()
    contoso, northwind = demo

    async def check_twice() -> tuple[CheckInput, dict[SimulatedInstance, tuple[int, int]]]:
        session = session_for(set_up_plan, contoso, northwind)
        try:
            found = await CheckInput.from_session(session)
            first = {i: (_gets(i, "TicketType"), _gets(i, "Workflow")) for i in demo}
            await CheckInput.from_session(session)  # the same session: nothing read again
            for instance in demo:
                assert (_gets(instance, "TicketType"), _gets(instance, "Workflow")) == first[
                    instance
                ]
            return found, first
        finally:
            await session.aclose()

    found, first = asyncio.run(check_twice())
    for instance, config in ((contoso, found.customer), (northwind, found.supplier)):
        types, workflows = (len(instance.state.table(e)) for e in ("TicketType", "Workflow"))
        assert first[instance] == (1 + types, 1 + workflows)
        assert all(C.TICKET_TYPE_WORKFLOW_ID in t for t in config.list("TicketType"))
        assert all(C.WORKFLOW_STEPS in w for w in config.list("Workflow"))


def test_a_list_read_as_it_comes_is_completed_in_place_and_forgotten_whole(
    demo: DemoPair,
) -> None:
    contoso, _ = demo
    types = len(contoso.state.table("TicketType"))

    async def run() -> None:
        client = _client(contoso)
        reader = InstanceReader(client)
        try:
            thin = await reader.records("TicketType")
            assert thin and not any(C.TICKET_TYPE_WORKFLOW_ID in t for t in thin)
            assert _gets(contoso, "TicketType") == 1
            full = await reader.records("TicketType", full=True)
            assert _gets(contoso, "TicketType") == 1 + types  # the records, not the list again
            assert [t["id"] for t in full] == [t["id"] for t in thin]
            assert all(C.TICKET_TYPE_WORKFLOW_ID in t for t in full)
            assert reader.cached("TicketType") is thin  # the mapping pages' rows stay as read
            await reader.records("TicketType", full=True)
            assert _gets(contoso, "TicketType") == 1 + types

            one = as_int(full[0]["id"])
            assert one is not None
            await reader.record("TicketType", one)  # read alone: both lists get the copy
            assert _gets(contoso, "TicketType") == 2 + types
            kept = await reader.records("TicketType", full=True)
            assert C.TICKET_TYPE_WORKFLOW_ID in kept[0]

            reader.forget("TicketType")  # after a write: the list and its records again
            assert reader.cached("TicketType") is None
            again = await reader.records("TicketType", full=True)
            assert _gets(contoso, "TicketType") == 3 + 2 * types
            assert all(C.TICKET_TYPE_WORKFLOW_ID in t for t in again)
        finally:
            await reader.aclose()
            await client.aclose()

    contoso.stats.reset()
    asyncio.run(run())


def test_a_fresh_read_in_full_lists_again(demo: DemoPair) -> None:
    """`fresh` reaches the list under the records: a ticket type added since shows."""
    contoso, _ = demo

    async def run() -> tuple[int, int]:
        client = _client(contoso)
        reader = InstanceReader(client)
        try:
            before = len(await reader.records("TicketType", full=True))
            new = dict(next(contoso.state.iter_records("TicketType")))
            new.pop("id", None)
            new["name"] = "Added in Halo's screen"
            await client.save("TicketType", new)
            after = await reader.records("TicketType", fresh=True, full=True)
            assert all(C.TICKET_TYPE_WORKFLOW_ID in t for t in after)
            return before, len(after)
        finally:
            await reader.aclose()
            await client.aclose()

    before, after = asyncio.run(run())
    assert after == before + 1


def test_the_preflight_says_how_many_end_users_it_could_read(demo: DemoPair) -> None:
    contoso, northwind = demo
    plan = demo_plan(contoso, northwind)

    async def run() -> str:
        session = session_for(plan, contoso, northwind)
        try:
            checks = await preflight(session)
        finally:
            await session.aclose()
        (users,) = [
            c for c in checks if c.side is Side.SUPPLIER and c.entity == "Users" and not c.write
        ]
        assert users.ok is True
        return users.detail

    total = sum(1 for _ in northwind.state.iter_records("Users"))
    assert asyncio.run(run()) == f"Readable ({total:,} on the instance)"
