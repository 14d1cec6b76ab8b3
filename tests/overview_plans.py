"""Plans in every state the overview tells apart, built offline (no instance is asked): one MSP
instance, many customers, each plan a little further along or in a different kind of trouble."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from report_plans import auto_mapped_plan

from halo_wizard.plan.freshness import stamp
from halo_wizard.plan.model import (
    JOURNEY_STEPS,
    ConnectionKind,
    DriftResult,
    InstancePlan,
    LastDrift,
    MappingKind,
    Plan,
    Side,
    StepId,
    StepStatus,
    new_plan_id,
)
from halo_wizard.plan.overview import NextKind
from halo_wizard.plan.store import PlanStore

CHECKED_AT = "2026-05-04T08:30:00+00:00"
TESTED_AT = "2026-05-03T16:10:00+00:00"
MSP = "Northwind MSP"


def _base() -> Plan:
    """The demo pair auto-mapped from its snapshots (some hundred mapping rows), made once."""
    global _BASE
    if _BASE is None:
        _BASE = auto_mapped_plan()
    return Plan.from_dict(copy.deepcopy(_BASE.to_dict()))


_BASE: Plan | None = None


def finished_up_to(plan: Plan, last: StepId) -> None:
    """Every step up to `last` done, recording its inputs as the plan holds them now."""
    for step in JOURNEY_STEPS:
        if step <= last:
            plan.mark_step(step, StepStatus.DONE)
    plan.current_step = StepId(min(int(last) + 1, int(StepId.REPORT)))
    if last >= StepId.CREDENTIAL_SWAP:
        for side in Side:
            plan.profile(side).authenticated = True
            plan.profile(side).last_authenticated = "2026-05-01T10:00:00+00:00"


def tested(plan: Plan, passed: bool = True) -> None:
    plan.e2e = stamp(
        plan,
        {
            "format": "halo-wizard-e2e/1",
            "started": True,
            "passed": passed,
            "started_at": TESTED_AT,
            "finished_at": TESTED_AT,
            "hops": [],
        },
    )


def checked(plan: Plan, result: DriftResult, drifts: int = 0, summary: str = "") -> None:
    plan.last_drift = LastDrift(
        checked_at=CHECKED_AT,
        result=result,
        drifts=drifts,
        summary=summary or ("no drift" if result is DriftResult.CLEAN else "something changed"),
        fingerprint=plan.fingerprint(),
        supplier_profile_authenticated=True,
        customer_profile_authenticated=True,
    )


def change_a_mapping(plan: Plan) -> None:
    """A mapping row pointed elsewhere: every step that depends on the mappings goes stale."""
    mappings = plan.mappings(Side.SUPPLIER)
    row = next(r for r in mappings.rows if r.mapped and r.kind is MappingKind.STATUS)
    assert row.local_id is not None
    row.local_id += 1000


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    plan: Plan | None  # None: a damaged file
    expected: NextKind


def cases() -> list[Case]:
    """One plan per state the overview says something different about, in priority order."""
    found: list[Case] = []

    def plan(customer: str) -> Plan:
        made = _base()
        made.id = new_plan_id()
        made.customer.name = customer
        made.name = f"{customer} → {MSP}"
        made.customer_profile.name = customer
        made.customer.base_url = "https://" + customer.split()[0].lower() + ".haloitsm.com"
        made.customer.api_url = made.customer.auth_url = ""
        made.customer.__post_init__()
        return made

    found.append(Case("damaged.halowiz.json", None, NextKind.FIX_FILE))

    setting_up = plan("Alder Dental")
    finished_up_to(setting_up, StepId.AGENTS)
    found.append(Case(setting_up.name, setting_up, NextKind.FINISH_SETUP))

    failing = plan("Birchwood Legal")
    finished_up_to(failing, StepId.REVIEW_APPLY)
    tested(failing)
    failing.customer_profile.authenticated = False
    failing.customer_profile.last_authenticated = "2026-05-02T09:00:00+00:00"
    found.append(Case(failing.name, failing, NextKind.AUTHENTICATE))

    drifted = plan("Cedar Logistics")
    finished_up_to(drifted, StepId.REPORT)
    tested(drifted)
    checked(
        drifted,
        DriftResult.DRIFTED,
        2,
        "Northwind MSP: The status 'Waiting on Customer' was renamed.; Cedar Logistics: The "
        "Suppliers module is off.",
    )
    found.append(Case(drifted.name, drifted, NextKind.FIX_DRIFT))

    unchecked = plan("Dunmore Schools")
    finished_up_to(unchecked, StepId.REPORT)
    tested(unchecked)
    checked(unchecked, DriftResult.COULD_NOT, summary="could not be checked: no client secret")
    found.append(Case(unchecked.name, unchecked, NextKind.CHECK_AGAIN))

    untested = plan("Elmstead Clinics")
    finished_up_to(untested, StepId.REVIEW_APPLY)
    found.append(Case(untested.name, untested, NextKind.RUN_TEST))

    failed = plan("Fernhill Retail")
    finished_up_to(failed, StepId.END_TO_END)
    tested(failed, passed=False)
    found.append(Case(failed.name, failed, NextKind.RUN_TEST))

    old_report = plan("Glenrock Accounting")
    finished_up_to(old_report, StepId.REPORT)
    change_a_mapping(old_report)
    finished_up_to(old_report, StepId.END_TO_END)  # applied and tested again, report not
    tested(old_report)
    checked(old_report, DriftResult.CLEAN)
    found.append(Case(old_report.name, old_report, NextKind.EXPORT_REPORT))

    never = plan("Hollow Creek Farms")
    finished_up_to(never, StepId.REPORT)
    tested(never)
    found.append(Case(never.name, never, NextKind.CHECK_DRIFT))

    for customer in ("Ironbridge Council", "Juniper Hotels"):
        fine = plan(customer)
        finished_up_to(fine, StepId.REPORT)
        tested(fine)
        checked(fine, DriftResult.CLEAN)
        found.append(Case(fine.name, fine, NextKind.NOTHING))

    shared = Plan.new(
        "Kestrel Architects ⇢ Northwind MSP",
        InstancePlan("Kestrel Architects", "https://kestrel.halopsa.com", client_id="cid-k"),
        InstancePlan(MSP, "https://northwind.halopsa.com", client_id="cid-n"),
        kind=ConnectionKind.CONNECTED_INSTANCES,
    )
    for step in (StepId.INSTANCES, StepId.PERMISSIONS):
        shared.mark_step(step, StepStatus.DONE)
    found.append(Case(shared.name, shared, NextKind.FINISH_SETUP))
    return found


def write_folder(folder: Path, found: list[Case] | None = None) -> list[Case]:
    """The cases saved as a plan folder (the damaged one as a broken file)."""
    store = PlanStore(folder)
    folder.mkdir(parents=True, exist_ok=True)
    found = cases() if found is None else found
    for case in found:
        if case.plan is None:
            (folder / case.name).write_text("{ not json", "utf-8")
        else:
            store.save(case.plan)
    return found
