"""Mappings: loaded from both instances, auto-mapped into the plan, written to the profiles,
read back equal; mappings already on an instance are kept, never overwritten blindly."""

from __future__ import annotations

import asyncio

from demo_setup import session_for, set_up

from halo_wizard.api import constants as C
from halo_wizard.plan.model import MappingKind, MappingOrigin, Plan, Side
from halo_wizard.simulator import SimulatedInstance
from halo_wizard.simulator.demo import demo_snapshots
from halo_wizard.steps import mappings, unknowns
from halo_wizard.steps.apply import apply_changes


def _mapped(plan: Plan, direction: mappings.Direction) -> set[tuple[str, int, int | None]]:
    return {
        (r.kind.value, r.remote_id, r.local_id) for r in direction.mappings(plan).rows if r.mapped
    }


def _profile(instance: SimulatedInstance, entity: str, record_id: int) -> dict:  # type: ignore[type-arg]
    rows = instance.snapshot()["records"][entity]
    return next(r for r in rows if r["id"] == record_id)


def test_auto_mapped_plan_is_written_and_reads_back_equal(
    demo: tuple[SimulatedInstance, SimulatedInstance],
) -> None:
    contoso, northwind = demo

    async def go() -> tuple[Plan, list[str]]:
        plan = await set_up(contoso, northwind, auto_map=True)
        session = session_for(plan, contoso, northwind)
        try:
            again = await mappings.survey(session, load_existing=False)
        finally:
            await session.aclose()
        return plan, [c.summary for c in again.changes]

    plan, leftover = asyncio.run(go())
    assert leftover == []  # the instances hold exactly what the plan says
    for direction, instance in (
        (mappings.TO_SUPPLIER, northwind),
        (mappings.TO_CUSTOMER, contoso),
    ):
        profile_plan = direction.role.plan(plan)
        assert profile_plan.record_id is not None
        record = _profile(instance, direction.role.entity, profile_plan.record_id)
        read_back = mappings.existing_mappings(plan, direction, record)
        learned = plan.instance(direction.receiver).learned[C.MAPPING_ROW_IDS.key]
        assert learned.source == "instance"  # from the rows of the demo's other profiles
        assert {(r.kind.value, r.remote_id, r.local_id) for r in read_back.rows} == _mapped(
            plan, direction
        )
        wanted = direction.mappings(plan)
        assert read_back.default_status == wanted.default_status == -1
        assert read_back.default_action == wanted.default_action is not None
        kinds = {r.kind for r in read_back.rows}
        assert {MappingKind.STATUS, MappingKind.ACTION, MappingKind.FIELD} <= kinds
    # Ticket types only on the customer profile (in the supplier's instance).
    assert mappings.TO_SUPPLIER.mappings(plan).rows_of(MappingKind.TICKET_TYPE)
    assert not mappings.TO_CUSTOMER.mappings(plan).rows_of(MappingKind.TICKET_TYPE)
    assert mappings.TO_SUPPLIER.mappings(plan).default_ticket_type is not None
    assert C.MAPPING_TICKET_TYPE not in _profile(
        contoso, "Supplier", plan.supplier_profile.record_id or 0
    )


def test_default_action_is_a_hidden_generic_note(
    demo: tuple[SimulatedInstance, SimulatedInstance],
) -> None:
    contoso, northwind = demo
    for instance in (contoso, northwind):
        actions = instance.snapshot()["records"]["Outcome"]
        chosen = mappings.choose_default_action(actions)
        assert chosen is not None
        assert chosen["hidefromuser"] and not chosen.get("sendemail")
        assert not chosen.get(C.SYNC_TO_HALO) and not chosen.get("systemid")
        assert "note" in chosen["outcome"].casefold()


def test_fields_pair_only_with_their_own_type(
    demo: tuple[SimulatedInstance, SimulatedInstance],
) -> None:
    contoso, northwind = demo
    source = mappings.build_catalogue(contoso.snapshot()["records"])
    target = mappings.build_catalogue(northwind.snapshot()["records"])
    plan_mappings = mappings.TO_SUPPLIER.mappings(Plan.new("x", *_two_instances()))
    mappings.auto_map_direction(plan_mappings, source, target, [mappings.SPEC[MappingKind.FIELD]])
    rows = plan_mappings.rows_of(MappingKind.FIELD)
    assert rows
    by_id_source = {f.id: f for f in source.fields}
    by_id_target = {f.id: f for f in target.fields}
    for row in rows:
        assert row.local_id is not None
        assert by_id_source[row.remote_id].type == by_id_target[row.local_id].type
    # Only custom fields and the three built-ins take part; summary goes to summary.
    allowed = set(C.MAPPABLE_BUILTIN_FIELDS)
    for option in (*source.fields, *target.fields):
        assert option.custom or option.name in allowed
    summary = next(r for r in rows if by_id_source[r.remote_id].name == "summary")
    assert by_id_target[summary.local_id or 0].name == "summary"


def _two_instances():  # type: ignore[no-untyped-def]
    from halo_wizard.plan.model import InstancePlan

    return (
        InstancePlan(name="Contoso", base_url="https://contoso.haloitsm.com", client_id="a"),
        InstancePlan(name="Northwind MSP", base_url="https://northwind.halopsa.com", client_id="b"),
    )


def test_mappings_already_on_the_instance_are_kept(
    demo: tuple[SimulatedInstance, SimulatedInstance],
) -> None:
    contoso, northwind = demo

    async def go() -> tuple[Plan, str]:
        plan = await set_up(contoso, northwind)
        customer_profile_id = plan.customer_profile.record_id
        assert customer_profile_id is not None
        # Someone mapped Contoso's "Resolved" to an unusual Northwind status by hand in Halo.
        contoso_resolved = next(
            s for s in contoso.snapshot()["records"]["Status"] if s["name"] == "Resolved"
        )
        odd = next(s for s in northwind.snapshot()["records"]["Status"] if s["name"] != "Resolved")
        session = session_for(plan, contoso, northwind)
        try:
            await session.client(Side.SUPPLIER).save(
                "Client",
                {
                    "id": customer_profile_id,
                    C.MAPPING_STATUS: [
                        unknowns.write_row(
                            unknowns.LOCAL_IN_FIID,
                            odd["id"],
                            odd["name"],
                            contoso_resolved["id"],
                            "Resolved",
                        )
                    ],
                },
            )
            found = await mappings.survey(session)
            assert found.added_existing == 1
            mappings.auto_map_plan(plan, found.catalogues)
            changes = [
                c
                for d in mappings.DIRECTIONS
                for c in mappings.mapping_changes(plan, d, found.profiles[d.receiver])
            ]
            report = await apply_changes(session, changes)
            assert report.ok
        finally:
            await session.aclose()
        row = mappings.TO_SUPPLIER.mappings(plan).find(MappingKind.STATUS, contoso_resolved["id"])
        assert row is not None and row.origin is MappingOrigin.EXISTING
        return plan, odd["name"]

    plan, odd_name = asyncio.run(go())
    record = _profile(northwind, "Client", plan.customer_profile.record_id or 0)
    resolved_rows = [r for r in record[C.MAPPING_STATUS] if r[C.MAPROW_REMOTE_NAME] == "Resolved"]
    assert [r[C.MAPROW_LOCAL_NAME] for r in resolved_rows] == [odd_name]
    assert len(record[C.MAPPING_STATUS]) > 1  # the rest was auto-mapped around it


def test_sentence_spells_out_the_direction() -> None:
    plan = Plan.new("x", *_two_instances())
    text = mappings.TO_CUSTOMER.sentence(plan, MappingKind.STATUS, "Resolved")
    assert text == "When Northwind MSP sets a ticket to Resolved, Contoso sets it to …"
    assert mappings.TO_SUPPLIER.title(plan) == "Contoso → Northwind MSP"


def test_auto_map_never_applies_email_to_email_or_looping_action_pairs() -> None:
    from report_plans import auto_mapped_plan

    contoso, northwind = demo_snapshots()
    actions = {
        Side.CUSTOMER: {a["id"]: a for a in contoso["records"]["Outcome"]},
        Side.SUPPLIER: {a["id"]: a for a in northwind["records"]["Outcome"]},
    }
    plan = auto_mapped_plan(1)
    suggested_pairs = 0
    for direction in mappings.DIRECTIONS:
        for row in direction.mappings(plan).rows_of(MappingKind.ACTION):
            source = actions[direction.sender][row.remote_id]
            target = actions[direction.receiver][row.local_id or 0]
            unsafe = bool(source.get("sendemail")) and bool(target.get("sendemail"))
            if unsafe:
                assert row.origin is MappingOrigin.SUGGESTED, (row.remote_name, row.local_name)
                suggested_pairs += 1
            assert not (row.mapped and target.get(C.SYNC_TO_HALO))
    assert suggested_pairs >= 5  # the demo has such look-alike pairs: the rule really bites


def test_changes_name_the_defaults_instead_of_showing_ids(
    demo: tuple[SimulatedInstance, SimulatedInstance],
) -> None:
    contoso, northwind = demo

    async def go() -> list[str]:
        from demo_setup import set_up

        plan = await set_up(contoso, northwind)
        session = session_for(plan, contoso, northwind)
        try:
            found = await mappings.survey(session)
            mappings.auto_map_plan(plan, found.catalogues)
            again = await mappings.survey(session, load_existing=False)
        finally:
            await session.aclose()
        return [line for change in again.changes for line in change.describe()]

    lines = asyncio.run(go())
    assert any("Default action: (empty) → Internal Note" in line for line in lines), lines
    assert any("Default status: (empty) → Action/Ticket Type Default" in line for line in lines), (
        lines
    )
    assert any("Send attachments to the other instance" in line for line in lines), lines


def test_auto_map_leaves_accepted_suggestions_as_they_are() -> None:
    """An accepted suggestion is the admin's decision: auto-map keeps it (weak score and all), as
    it keeps a choice by hand, and even where it would now propose another target."""
    contoso, northwind = demo_snapshots()
    source = mappings.build_catalogue(contoso["records"])
    target = mappings.build_catalogue(northwind["records"])
    spec = [mappings.SPEC[MappingKind.STATUS]]
    plan_mappings = mappings.TO_SUPPLIER.mappings(Plan.new("x", *_two_instances()))
    mappings.auto_map_direction(plan_mappings, source, target, spec)
    statuses = plan_mappings.rows_of(MappingKind.STATUS)
    weak = next(r for r in statuses if r.origin is MappingOrigin.SUGGESTED)
    strong = next(r for r in statuses if r.origin is MappingOrigin.AUTO)
    other = next(c for c in target.choices[MappingKind.STATUS] if c.id != strong.local_id)
    accepted_weak = plan_mappings.set_row(
        MappingKind.STATUS,
        weak.remote_id,
        local_id=weak.local_id,
        remote_name=weak.remote_name,
        local_name=weak.local_name,
        origin=MappingOrigin.ACCEPTED,
        score=weak.score,
    )
    accepted_other = plan_mappings.set_row(
        MappingKind.STATUS,
        strong.remote_id,
        local_id=other.id,
        remote_name=strong.remote_name,
        local_name=other.name,
        origin=MappingOrigin.ACCEPTED,
        score=strong.score,
    )
    mappings.auto_map_direction(plan_mappings, source, target, spec)
    assert plan_mappings.find(MappingKind.STATUS, weak.remote_id) == accepted_weak
    assert plan_mappings.find(MappingKind.STATUS, strong.remote_id) == accepted_other
    assert accepted_weak.mapped and accepted_other.mapped
