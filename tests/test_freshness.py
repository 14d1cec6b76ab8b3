"""Freshness: a finished step records what its inputs were and is stale once one changes (and
says which); the stored action check and end-to-end result record the configuration they ran on;
`halo-wizard validate --plan` stores its findings as the window does; old plans load as unknown."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from demo_instances import DemoPair
from demo_setup import set_up
from report_plans import auto_mapped_plan

from halo_wizard.commands.validate import run_validate
from halo_wizard.plan.freshness import (
    STEP_INPUTS,
    Freshness,
    carry_forward,
    check_state,
    e2e_state,
    rerun_steps,
    stale_steps,
    staleness,
    stamp,
    store_check_result,
)
from halo_wizard.plan.model import (
    ACTION_SETTINGS_SECTION,
    FINGERPRINT_VERSION,
    JOURNEY_STEPS,
    ActionCheck,
    ActionSettings,
    MappingKind,
    Plan,
    Side,
    StepId,
    StepState,
    StepStatus,
)
from halo_wizard.plan.store import load_plan, save_plan
from halo_wizard.steps.drift import ACTION_SETTINGS_KEY
from halo_wizard.steps.end_to_end import E2EResult, _record


def finished_plan() -> Plan:
    """The demo plan with every step finished now (so every step recorded its inputs)."""
    plan = auto_mapped_plan(1)
    plan.action_settings = ActionSettings.from_dict(
        {
            "recorded_at": "2026-12-01T10:00:00+00:00",
            "customer": {"1": {"name": "Add Note", "sendemail": 0, "hidefromuser": 0}},
            "supplier": {"14": {"name": "Add Note", "sendemail": 0, "hidefromuser": 0}},
        }
    )
    for step in JOURNEY_STEPS:
        plan.mark_step(step, StepStatus.DONE)
    return plan


def change_a_mapping(plan: Plan) -> None:
    mappings = plan.customer_profile_mappings
    rows = [r for r in mappings.rows_of(MappingKind.STATUS) if r.mapped]
    other = next(r for r in rows if r.local_id != rows[0].local_id)
    mappings.set_row(MappingKind.STATUS, rows[0].remote_id, local_id=other.local_id)


def test_a_finished_plan_is_fresh_and_each_step_recorded_its_inputs() -> None:
    plan = finished_plan()
    assert stale_steps(plan) == {}
    for step in JOURNEY_STEPS:
        inputs = plan.step(step).inputs
        assert inputs is not None and set(inputs) == set(STEP_INPUTS[step])


def test_a_changed_mapping_makes_the_mapping_step_and_every_later_one_stale() -> None:
    plan = finished_plan()
    change_a_mapping(plan)
    stale = stale_steps(plan)
    assert list(stale) == [
        StepId.MAPPINGS,
        StepId.ACTION_CHECK,
        StepId.REVIEW_APPLY,
        StepId.END_TO_END,
        StepId.REPORT,
    ]
    why = staleness(plan, StepId.ACTION_CHECK)
    assert why is not None and why.changed == ("mappings",)
    assert why.reason.startswith("The mappings changed since this step was finished")
    assert rerun_steps(plan, StepId.ACTION_CHECK) == ["7. Mappings", "8. Action check"]
    # Finishing the step again makes it current again.
    plan.mark_step(StepId.MAPPINGS, StepStatus.DONE)
    assert staleness(plan, StepId.MAPPINGS) is None


def test_a_write_of_what_the_plan_holds_carries_a_current_step_forward_not_an_old_one() -> None:
    plan = finished_plan()
    change_a_mapping(plan)  # as the action check adds the rows of the actions it created ...
    assert carry_forward(plan, StepId.MAPPINGS, ("mappings",))  # ... and writes them
    assert staleness(plan, StepId.MAPPINGS) is None
    assert StepId.ACTION_CHECK in stale_steps(plan)  # the check itself must run again
    # A step never finished, or recorded by an older version, is not made current by a write.
    plan.steps[StepId.MAPPINGS] = StepState(StepStatus.DONE, "2026-12-01T10:00:00+00:00", "")
    assert not carry_forward(plan, StepId.MAPPINGS, ("mappings",))
    plan.mark_step(StepId.MAPPINGS, StepStatus.PENDING)
    assert not carry_forward(plan, StepId.MAPPINGS, ("mappings",))


@pytest.mark.parametrize(
    ("change", "first_stale", "changed"),
    [
        pytest.param(
            lambda p: setattr(p.customer, "tenant", "other"), StepId.INSTANCES, "instances", id="i"
        ),
        pytest.param(
            lambda p: setattr(p.supplier_profile, "name", "NW"), StepId.PROFILES, "profiles", id="p"
        ),
        pytest.param(
            lambda p: p.agents.skip.append("a@b.example"), StepId.AGENTS, "agents", id="a"
        ),
        pytest.param(
            lambda p: p.action_settings.of(Side.CUSTOMER, 1).update(sendemail=1),
            StepId.ACTION_CHECK,
            "action_settings",
            id="action-setting",
        ),
    ],
)
def test_each_input_makes_the_steps_that_depend_on_it_stale(
    change: Any, first_stale: StepId, changed: str
) -> None:
    plan = finished_plan()
    change(plan)
    stale = stale_steps(plan)
    assert min(stale) == first_stale
    assert all(changed in why.changed for why in stale.values())
    assert all(step in stale for step in JOURNEY_STEPS if step >= StepId.REVIEW_APPLY)


def test_what_is_not_an_input_stales_nothing() -> None:
    plan = finished_plan()
    plan.action_settings.recorded_at = "2027-01-01T00:00:00+00:00"
    plan.action_settings.of(Side.CUSTOMER, 1)["name"] = "Renamed note"
    plan.customer.last_tested = "2027-01-01T00:00:00+00:00"
    plan.supplier_profile.record_id = 42
    plan.e2e = {"started": True}
    assert stale_steps(plan) == {}


def test_an_old_plan_without_digests_loads_and_is_unknown_never_stale() -> None:
    data = finished_plan().to_dict()
    for state in data["steps"].values():
        state.pop("inputs", None)
    plan = Plan.from_dict(json.loads(json.dumps(data)))
    assert all(plan.step(step).inputs is None for step in JOURNEY_STEPS)
    change_a_mapping(plan)
    assert stale_steps(plan) == {}
    assert plan.to_dict()["steps"] == data["steps"]  # written back as it was


def test_a_digest_that_is_not_hex_is_refused() -> None:
    data = finished_plan().to_dict()
    data["steps"]["mappings"]["inputs"] = {"mappings": "not a digest"}
    with pytest.raises(ValueError, match=r"plan\.steps\.mappings\.inputs\.mappings"):
        Plan.from_dict(data)


def test_skipped_is_a_status_of_its_own_that_keeps_its_reason() -> None:
    plan = finished_plan()
    plan.mark_step(StepId.END_TO_END, StepStatus.SKIPPED, "tested by hand with the customer")
    again = Plan.from_dict(json.loads(json.dumps(plan.to_dict())))
    state = again.step(StepId.END_TO_END)
    assert state.status is StepStatus.SKIPPED and state.note == "tested by hand with the customer"
    assert state.status.finished and state.inputs is not None
    assert StepState().status.finished is False


def test_the_fingerprint_covers_the_action_settings_but_not_when_or_names() -> None:
    assert FINGERPRINT_VERSION == 2
    assert ACTION_SETTINGS_SECTION == ACTION_SETTINGS_KEY
    plan = finished_plan()
    before = plan.fingerprint()
    plan.action_settings.recorded_at = "2027-01-01T00:00:00+00:00"
    plan.action_settings.of(Side.SUPPLIER, 14)["name"] = "Renamed"
    assert plan.fingerprint() == before
    plan.action_settings.of(Side.SUPPLIER, 14)["hidefromuser"] = 1
    assert plan.fingerprint() != before


def test_a_stored_check_is_current_then_stale_with_its_fingerprint() -> None:
    plan = finished_plan()
    assert check_state(plan).freshness is Freshness.NOT_RUN
    stored = store_check_result(
        plan, [{"rule": "R8", "severity": "error"}], blocking=1, checked_at="2026-12-01T10:00:00Z"
    )
    assert plan.action_check is not None and plan.action_check.to_dict() == stored
    assert stored["fingerprint"] == plan.fingerprint()
    assert plan.step(StepId.ACTION_CHECK).status is StepStatus.ATTENTION
    assert plan.step(StepId.ACTION_CHECK).note == "1 error to fix"
    assert check_state(plan).current
    old = plan.fingerprint()
    change_a_mapping(plan)
    state = check_state(plan)
    assert state.freshness is Freshness.STALE and state.fingerprint == old
    assert state.changed == ("mappings",)
    assert old[:16] in state.describe("action check") and "the mappings" in state.describe("x")
    store_check_result(plan, [], blocking=0)
    assert check_state(plan).current and plan.step(StepId.ACTION_CHECK).status is StepStatus.DONE


def test_a_check_stored_by_an_older_version_is_unknown() -> None:
    plan = finished_plan()
    plan.action_check = ActionCheck([], checked_at="2026-11-01T10:00:00+00:00")
    state = check_state(plan)
    assert state.freshness is Freshness.UNKNOWN and not state.current
    assert "not recorded" in state.describe("action check")


def test_the_end_to_end_result_records_the_configuration_it_ran_on() -> None:
    plan = finished_plan()
    assert e2e_state(plan).freshness is Freshness.NOT_RUN
    result = E2EResult("HW-TEST", "Contoso", "Northwind MSP", started=True)
    _record(SimpleNamespace(plan=plan), result)  # type: ignore[arg-type]
    assert plan.e2e is not None and plan.e2e["fingerprint"] == plan.fingerprint()
    assert e2e_state(plan).current
    change_a_mapping(plan)
    assert e2e_state(plan).freshness is Freshness.STALE
    # A run stopped before writing anything did not run.
    assert e2e_state(plan, stamp(plan, {"started": False})).freshness is Freshness.NOT_RUN


def test_validate_on_a_plan_stores_its_findings_in_the_plan_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo: DemoPair
) -> None:
    contoso, northwind = demo
    plan = asyncio.run(set_up(contoso, northwind, auto_map=True))
    path = tmp_path / "plan.halowiz.json"
    save_plan(plan, path)
    assert contoso.application is not None and northwind.application is not None
    monkeypatch.setenv("HALO_A_CLIENT_SECRET", contoso.application.client_secret)
    monkeypatch.setenv("HALO_B_CLIENT_SECRET", northwind.application.client_secret)
    out, err = io.StringIO(), io.StringIO()
    code = run_validate(path, [], True, out=out, err=err)
    assert code in (0, 1), err.getvalue()
    printed = json.loads(out.getvalue())["findings"]
    saved = load_plan(path)
    assert saved.action_check is not None
    stored = saved.action_check.to_dict()
    assert stored["findings"] == printed
    assert stored["fingerprint"] == saved.fingerprint()
    assert check_state(saved).current
    assert saved.step(StepId.ACTION_CHECK).status in (StepStatus.DONE, StepStatus.ATTENTION)


def test_the_reason_names_the_input_in_the_admins_words() -> None:
    plan = finished_plan()
    plan.customer.client_id = "another-application"
    why = staleness(plan, StepId.PERMISSIONS)
    assert why is not None
    assert why.reason.startswith("The instances (addresses, tenant or Client ID) changed")


def test_applying_again_after_the_check_keeps_it_current_and_a_changed_action_stales_it(
    demo: DemoPair,
) -> None:
    from demo_setup import session_for

    from halo_wizard.rules import check
    from halo_wizard.rules.check_record import record_check
    from halo_wizard.rules.inputs import CheckInput
    from halo_wizard.steps import mappings
    from halo_wizard.steps.drift import remember_action_settings

    async def scenario(contoso: Any, northwind: Any) -> tuple[Freshness, Freshness]:
        plan = await set_up(contoso, northwind, auto_map=True)
        session = session_for(plan, contoso, northwind)
        try:
            found = (await CheckInput.from_session(session)).with_planned_mappings()
            record_check(plan, found, check(found))
            # Review and apply records the mapped actions' settings again: nothing changed.
            remember_action_settings(plan, (await mappings.survey(session)).catalogues)
            after_apply = check_state(plan).freshness
            # Someone turns on "Send an email" on a mapped action; the next apply records it.
            action_id = next(iter(plan.action_settings.actions[Side.SUPPLIER]))
            with northwind.state.lock:
                northwind.state.update("Outcome", action_id, {"sendemail": 1})
            session.forget_everything()
            remember_action_settings(plan, (await mappings.survey(session)).catalogues)
            return after_apply, check_state(plan).freshness
        finally:
            await session.aclose()

    after_apply, after_change = asyncio.run(scenario(*demo))
    assert after_apply is Freshness.CURRENT
    assert after_change is Freshness.STALE


def test_a_check_kept_from_a_copy_of_the_plan_is_the_one_kept_in_the_plan_itself(
    demo: DemoPair,
) -> None:
    """The window makes the check's record on the worker, on the copy the rules judged
    (KeptCheck), and puts it into the plan: the same as record_check on the plan itself."""
    from demo_setup import session_for

    from halo_wizard.rules import check
    from halo_wizard.rules.check_record import KeptCheck, record_check
    from halo_wizard.rules.inputs import CheckInput

    async def read(contoso: Any, northwind: Any) -> tuple[Plan, CheckInput]:
        plan = await set_up(contoso, northwind, auto_map=True)
        session = session_for(plan, contoso, northwind)
        try:
            return plan, (await CheckInput.from_session(session)).with_planned_mappings()
        finally:
            await session.aclose()

    plan, found = asyncio.run(read(*demo))
    findings = check(found)
    itself = Plan.from_dict(plan.to_dict())
    record_check(itself, found, findings)
    kept = KeptCheck.made_on(Plan.from_dict(plan.to_dict()), found, findings)
    kept.keep(plan)

    assert plan.action_settings is not None and itself.action_settings is not None
    assert plan.action_settings.actions == itself.action_settings.actions
    assert plan.action_settings.actions[Side.SUPPLIER], "the mapped actions' settings are kept"
    assert plan.action_check is not None and itself.action_check is not None
    ours, theirs = plan.action_check, itself.action_check
    assert (ours.fingerprint, ours.inputs, ours.findings) == (
        theirs.fingerprint,
        theirs.inputs,
        theirs.findings,
    )
    step, its_step = plan.step(StepId.ACTION_CHECK), itself.step(StepId.ACTION_CHECK)
    assert (step.status, step.note, step.inputs) == (
        its_step.status,
        its_step.note,
        its_step.inputs,
    )
    assert step.inputs, "a finished step keeps its inputs"
    assert check_state(plan).current and plan.fingerprint() == itself.fingerprint()
