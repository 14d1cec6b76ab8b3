"""Swapping roles in a plan: each instance keeps what is its own, what belongs to the roles is put
aside, and swapping twice gives back the plan exactly."""

from __future__ import annotations

import copy

from report_plans import auto_mapped_plan

from halo_wizard.api import constants as C
from halo_wizard.plan.model import (
    STEP_TITLES,
    ActionCheck,
    InstancePlan,
    LearnedFact,
    MappingKind,
    Plan,
    Side,
    StepId,
    StepStatus,
    issued_secret_key,
)
from halo_wizard.plan.roles import (
    keychain_exchanges,
    results_a_swap_resets,
)


def finished_plan() -> Plan:
    """A plan at its last step: profiles found, mappings both ways, every step done."""
    plan = auto_mapped_plan()
    plan.supplier_profile.record_id = 41
    plan.supplier_profile.authenticated = True
    plan.supplier_profile.last_authenticated = "2026-11-30T10:00:00+00:00"
    plan.customer_profile.record_id = 7
    plan.customer_profile.authenticated = True
    plan.customer.learned[C.ISSUED_SECRET.key] = LearnedFact("once", "instance", "seen once")
    plan.customer.last_tested = "2026-11-30T09:00:00+00:00"
    plan.agents.skip.append("bo@contoso.example")
    plan.permissions_risk_accepted = True
    plan.confirm("R12", Side.SUPPLIER, "Note to customer", "Admin")
    plan.e2e = {"result": "passed"}
    plan.action_check = ActionCheck([], checked_at="2026-11-30T11:00:00+00:00")
    for step in StepId:
        if step is not StepId.CONNECTIONS:
            plan.mark_step(step, StepStatus.DONE)
    plan.current_step = StepId.REPORT
    return plan


def test_swapping_twice_gives_back_the_plan_exactly() -> None:
    plan = finished_plan()
    assert plan.customer_profile_mappings.rows_of(MappingKind.TICKET_TYPE)  # the hard case
    before = copy.deepcopy(plan.to_dict())
    plan.swap_roles()
    assert plan.to_dict() != before
    plan.swap_roles()
    assert plan.to_dict() == before
    assert plan.other_roles is None


def test_a_fresh_plan_swapped_twice_is_unchanged_and_holds_nothing_aside() -> None:
    plan = Plan.new("", InstancePlan("Contoso", ""), InstancePlan("Northwind MSP", ""))
    before = copy.deepcopy(plan.to_dict())
    plan.swap_roles()
    assert plan.other_roles is None  # nothing of the roles to keep: nothing put aside
    plan.swap_roles()
    assert plan.to_dict() == before


def test_each_instance_keeps_what_is_its_own() -> None:
    plan = finished_plan()
    contoso, northwind = plan.customer, plan.supplier
    contoso_secret, northwind_secret = contoso.secret_key, northwind.secret_key
    in_contoso = plan.supplier_profile_mappings.rows_of(MappingKind.STATUS)
    plan.swap_roles()
    assert plan.customer is northwind and plan.supplier is contoso
    assert plan.supplier.secret_key == contoso_secret  # its secret is still found
    assert plan.customer.secret_key == northwind_secret
    assert plan.supplier.learned[C.ISSUED_SECRET.key].answer == "once"
    assert plan.name == "Northwind MSP → Contoso"
    # The profile in Contoso is now the customer profile: same name, same inbound mappings.
    assert plan.customer_profile.name == "Northwind MSP"
    assert plan.supplier_profile.name == "Contoso"
    assert plan.customer_profile_mappings.rows_of(MappingKind.STATUS) == in_contoso
    # A supplier profile has no ticket types (the plan file would be refused otherwise).
    assert not plan.supplier_profile_mappings.rows_of(MappingKind.TICKET_TYPE)
    assert plan.supplier_profile_mappings.default_ticket_type is None
    Plan.from_dict(plan.to_dict())  # a valid plan file
    # A profile of the other kind is another record: found anew, not taken by its old id.
    assert plan.supplier_profile.record_id is None and plan.customer_profile.record_id is None
    assert plan.supplier_profile.authenticated is None
    for step in StepId:
        if step > StepId.INSTANCES:
            assert plan.step(step).status is StepStatus.PENDING
    assert plan.step(StepId.INSTANCES).status is StepStatus.DONE
    assert plan.current_step is StepId.INSTANCES
    assert plan.confirmations == [] and plan.e2e is None and plan.agents.skip == []
    assert plan.action_check is None and not plan.permissions_risk_accepted


def test_work_done_after_a_swap_is_kept_for_the_next_swap() -> None:
    plan = finished_plan()
    plan.swap_roles()
    plan.supplier_profile.record_id = 99  # found in the swapped roles
    plan.mark_step(StepId.PROFILES, StepStatus.DONE)
    plan.swap_roles()
    assert plan.supplier_profile.record_id == 41  # the original roles are back
    plan.swap_roles()
    assert plan.supplier_profile.record_id == 99
    assert plan.step(StepId.PROFILES).status is StepStatus.DONE
    Plan.from_dict(plan.to_dict())


def test_what_a_swap_resets_is_named_and_the_issued_secrets_go_aside() -> None:
    plan = finished_plan()
    held = results_a_swap_resets(plan)
    assert held == [STEP_TITLES[step] for step in StepId if step > StepId.INSTANCES]
    assert results_a_swap_resets(auto_mapped_plan()) == []
    pairs = keychain_exchanges(plan.id)
    assert [a for a, _ in pairs] == [issued_secret_key(plan.id, side) for side in Side]
    assert all(b != a and plan.id in b for a, b in pairs)
