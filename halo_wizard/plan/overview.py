"""The overview of every connection of this machine: one row per plan file saying where it stands
(authenticated each way, last drift check, last end-to-end test, report) and what to do next.

Read from what the plans hold, never from the instances: `halo-wizard check --all` and the
window's Check all refresh the drift results first (steps.overview). Each file is read once."""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Final

from halo_wizard.atomic import write_text_atomic
from halo_wizard.plan.freshness import (
    Freshness,
    ResultState,
    Staleness,
    e2e_state,
    stale_steps,
)
from halo_wizard.plan.linked import linked_of, step_title, steps_for
from halo_wizard.plan.model import (
    JOURNEY_STEPS,
    ConnectionKind,
    DriftResult,
    LastDrift,
    Plan,
    Side,
    StepId,
    StepStatus,
)
from halo_wizard.plan.store import PlanFile, PlanStore, sort_time

log = logging.getLogger(__name__)

__all__ = [
    "CSV_COLUMNS",
    "DIRECTIONS",
    "SENTENCES",
    "Authentication",
    "DriftState",
    "E2EState",
    "Next",
    "NextKind",
    "OverviewRow",
    "ReportState",
    "authentication_words",
    "csv_cells",
    "csv_text",
    "drift_words",
    "e2e_words",
    "local_time",
    "overview_of",
    "read_overview",
    "report_words",
    "row_of",
    "write_csv",
]

DIRECTIONS: Final[tuple[Side, Side]] = (Side.SUPPLIER, Side.CUSTOMER)
"""The profile behind each way, in column order: the supplier profile (in the customer's
instance) carries customer → supplier, the customer profile supplier → customer."""
_SETUP_END: Final = StepId.END_TO_END
"""The steps before this one set the connection up; the test and the report come after."""


class NextKind(StrEnum):
    """What needs doing next, most urgent first (the order is the priority)."""

    FIX_FILE = "fix_file"
    PARTNER = "partner"
    FINISH_SETUP = "finish_setup"
    AUTHENTICATE = "authenticate"
    FIX_DRIFT = "fix_drift"
    CHECK_AGAIN = "check_again"
    RUN_TEST = "run_test"
    EXPORT_REPORT = "export_report"
    CHECK_DRIFT = "check_drift"
    NOTHING = "nothing"

    @property
    def rank(self) -> int:
        return list(NextKind).index(self)


SENTENCES: Final[dict[str, str]] = {
    "fix_file": "Fix the plan file: it cannot be opened",
    "partner": "Open your partner's file (the exchange) to go on",
    "finish_step": "Finish step {step}, {title}",
    "redo_step": "Redo step {step}, {title}: {changed} changed",
    "redo_connection_test": "Redo step {step}, {title}: the connection test fails",
    "redo_swap": "Redo step {step}, Credential swap: {ways} fails",
    "check_drifted_again": "Check for drift again: the plan changed since it drifted",
    "remove_leftovers": "Rerun the end-to-end test: {count} test record(s) left behind",
    "fix_one_drift": "Open the plan and fix the drift",
    "fix_drifts": "Open the plan and fix {count} drifts",
    "check_again": "Check again: the last check could not run",
    "run_test": "Run the end-to-end test (step {step})",
    "fix_test": "Fix and rerun the end-to-end test: it failed",
    "rerun_test": "Rerun the end-to-end test: {changed} changed",
    "export_report": "Export the report (step {step})",
    "export_again": "Export the report again: {changed} changed",
    "check_drift": "Check for drift (never checked)",
    "check_drift_again": "Check for drift again: the plan changed",
    "nothing": "Nothing to do",
}
"""What "next" says, by sentence; the window has the same sentences, translated."""


@dataclass(frozen=True, slots=True)
class Next:
    """What to do next: its kind (the priority), its sentence with the values it names, the
    step it is about (if any) and a longer detail for a tooltip."""

    kind: NextKind
    sentence: str
    values: tuple[tuple[str, str], ...] = ()
    step: StepId | None = None
    detail: str = ""

    @property
    def text(self) -> str:
        return SENTENCES[self.sentence].format(**dict(self.values))


def _said(
    kind: NextKind,
    sentence: str,
    step: StepId | None = None,
    detail: str = "",
    **values: object,
) -> Next:
    if step is not None:
        values.setdefault("step", int(step))
    return Next(kind, sentence, tuple((k, str(v)) for k, v in values.items()), step, detail)


@dataclass(frozen=True, slots=True)
class Authentication:
    """The last known "Authenticate connection" result of one way: ok None = never tested;
    `partner`: the profile lives in the partner's instance (their admin tests it)."""

    ok: bool | None = None
    at: str | None = None
    by: str = ""  # "credential swap", "drift check", "connection test"
    partner: bool = False
    applies: bool = True
    """False for the way back of a shared ticket list (only instance B signs in to A)."""


@dataclass(frozen=True, slots=True)
class DriftState:
    """The last drift check kept in the plan; `stale` when the plan changed since (None: never
    checked, or checked by a version that did not record the configuration)."""

    last: LastDrift | None = None
    stale: bool | None = None


@dataclass(frozen=True, slots=True)
class E2EState:
    """The last end-to-end test: its freshness (plan.freshness) and whether it passed."""

    state: ResultState = field(default_factory=lambda: ResultState(Freshness.NOT_RUN))
    passed: bool | None = None

    @property
    def ran(self) -> bool:
        return self.state.freshness is not Freshness.NOT_RUN

    @property
    def stale(self) -> bool:
        return self.state.freshness is Freshness.STALE


@dataclass(frozen=True, slots=True)
class ReportState:
    """The Report step: finished (the report was made) and whether its inputs changed since."""

    made: bool = False
    at: str | None = None
    stale: Staleness | None = None


@dataclass(frozen=True, slots=True)
class OverviewRow:
    """One connection (one plan file) of the overview."""

    plan_id: str
    path: Path
    name: str
    next: Next
    kind: ConnectionKind | None = None
    paired: bool = False
    customer: str = ""
    supplier: str = ""
    customer_url: str = ""
    supplier_url: str = ""
    updated_at: str | None = None
    problem: str = ""
    """Why the file cannot be opened ("" when it can)."""
    setup_step: StepId | None = None
    """The first set-up step not finished (or stale), None when the set-up is finished."""
    authentication: tuple[Authentication, Authentication] = (Authentication(), Authentication())
    """Customer → supplier, supplier → customer (see DIRECTIONS)."""
    drift: DriftState = DriftState()
    e2e: E2EState | None = None
    """None where there is no end-to-end test (a shared ticket list)."""
    report: ReportState | None = None
    fingerprint: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def kind_words(self) -> str:
        if self.kind is ConnectionKind.CONNECTED_INSTANCES:
            return "Shared ticket list"
        if self.kind is ConnectionKind.TICKET_SYNC:
            return "Ticket sync, two organisations" if self.paired else "Ticket sync"
        return ""


# ---- building rows ---------------------------------------------------------------------------


def _later(a: tuple[bool, str, str] | None, b: tuple[bool, str, str] | None) -> Authentication:
    """The more recent of two (ok, when, by) results."""
    known = [x for x in (a, b) if x is not None]
    if not known:
        return Authentication()
    ok, at, by = max(known, key=lambda x: sort_time(x[1]))
    return Authentication(ok, at or None, by)


def _authentication(plan: Plan) -> tuple[Authentication, Authentication]:
    if plan.kind is ConnectionKind.CONNECTED_INSTANCES:
        linked = linked_of(plan)
        tested = (
            (linked.last_test_ok, linked.last_tested or "", "connection test")
            if linked.last_test_ok is not None
            else None
        )
        return _later(tested, None), Authentication(applies=False)
    ways: list[Authentication] = []
    partner_side = plan.pairing.partner_side if plan.pairing is not None else None
    for side in DIRECTIONS:
        profile = plan.profile(side)
        if partner_side is not None and side.other is partner_side:
            ways.append(Authentication(partner=True))  # the profile lives in their instance
            continue
        swap = (
            (profile.authenticated, profile.last_authenticated or "", "credential swap")
            if profile.authenticated is not None
            else None
        )
        last = plan.last_drift
        by_check = last.authenticated(side) if last is not None else None
        check = (
            (by_check, last.checked_at, "drift check")
            if last is not None and by_check is not None
            else None
        )
        ways.append(_later(swap, check))
    return ways[0], ways[1]


def _setup_step(plan: Plan, stale: dict[StepId, Staleness]) -> StepId | None:
    for step in steps_for(plan.kind) or JOURNEY_STEPS:
        if step >= _SETUP_END:
            break
        if plan.step(step).status not in (StepStatus.DONE, StepStatus.SKIPPED) or step in stale:
            return step
    return None


def _test(plan: Plan) -> E2EState | None:
    if plan.kind is ConnectionKind.CONNECTED_INSTANCES:
        return None
    state = e2e_state(plan)
    passed = None
    if state.freshness is not Freshness.NOT_RUN and isinstance(plan.e2e, dict):
        passed = bool(plan.e2e.get("passed"))
    return E2EState(state, passed)


def _report(plan: Plan, stale: dict[StepId, Staleness]) -> ReportState | None:
    if plan.kind is ConnectionKind.CONNECTED_INSTANCES:
        return None
    state = plan.step(StepId.REPORT)
    made = state.status is StepStatus.DONE
    return ReportState(made, state.updated_at if made else None, stale.get(StepId.REPORT))


def _next(
    plan: Plan,
    setup: StepId | None,
    stale: dict[StepId, Staleness],
    ways: tuple[Authentication, Authentication],
    drift: DriftState,
    test: E2EState | None,
    report: ReportState | None,
) -> Next:
    pairing = plan.pairing
    if pairing is not None and pairing.catalogue is None:
        return _said(NextKind.PARTNER, "partner")
    if setup is not None:
        title = step_title(plan.kind, setup)
        why = stale.get(setup)
        if why is not None:
            return _said(
                NextKind.FINISH_SETUP,
                "redo_step",
                setup,
                why.reason,
                title=title,
                changed=why.what_changed,
            )
        return _said(NextKind.FINISH_SETUP, "finish_step", setup, title=title)
    failing = [
        label
        for label, way in zip(("customer → supplier", "supplier → customer"), ways, strict=True)
        if way.ok is False
    ]
    if failing:
        if plan.kind is ConnectionKind.CONNECTED_INSTANCES:
            step = StepId.SUPPLIERS_MODULE  # the connected instance's test
            title = step_title(plan.kind, step)
            return _said(NextKind.AUTHENTICATE, "redo_connection_test", step, title=title)
        ways_words = " and ".join(failing)
        return _said(NextKind.AUTHENTICATE, "redo_swap", StepId.CREDENTIAL_SWAP, ways=ways_words)
    last = drift.last
    if last is not None and last.result is DriftResult.DRIFTED:
        if drift.stale:
            return _said(NextKind.CHECK_AGAIN, "check_drifted_again", detail=last.summary)
        if not last.drifts and last.leftovers:
            return _said(
                NextKind.FIX_DRIFT,
                "remove_leftovers",
                StepId.END_TO_END,
                last.summary,
                count=last.leftovers,
            )
        if last.drifts > 1:
            return _said(NextKind.FIX_DRIFT, "fix_drifts", detail=last.summary, count=last.drifts)
        return _said(NextKind.FIX_DRIFT, "fix_one_drift", detail=last.summary)
    if last is not None and last.result is DriftResult.COULD_NOT:
        return _said(NextKind.CHECK_AGAIN, "check_again", detail=last.summary)
    if test is not None:
        step = StepId.END_TO_END
        if not test.ran:
            return _said(NextKind.RUN_TEST, "run_test", step)
        if not test.passed:
            return _said(NextKind.RUN_TEST, "fix_test", step)
        if test.stale:
            return _said(NextKind.RUN_TEST, "rerun_test", step, changed=test.state.what_changed)
    if report is not None:
        step = StepId.REPORT
        if not report.made:
            return _said(NextKind.EXPORT_REPORT, "export_report", step)
        if report.stale is not None:
            return _said(
                NextKind.EXPORT_REPORT,
                "export_again",
                step,
                report.stale.reason,
                changed=report.stale.what_changed,
            )
    if last is None:
        return _said(NextKind.CHECK_DRIFT, "check_drift")
    if drift.stale:
        return _said(NextKind.CHECK_DRIFT, "check_drift_again")
    return _said(NextKind.NOTHING, "nothing")


def row_of(entry: PlanFile) -> OverviewRow:
    """The overview row of one plan file (read once by PlanStore.read_all)."""
    plan = entry.plan
    if plan is None:
        problem = str(entry.error or "the plan file cannot be opened")
        return OverviewRow(
            plan_id=entry.id,
            path=entry.path,
            name=entry.path.name,
            next=_said(NextKind.FIX_FILE, "fix_file", detail=problem),
            problem=problem,
        )
    fingerprint = plan.fingerprint()
    stale = stale_steps(plan, steps_for(plan.kind) or JOURNEY_STEPS)
    setup = _setup_step(plan, stale)
    ways = _authentication(plan)
    last = plan.last_drift
    drift = DriftState(
        last,
        None if last is None or last.fingerprint is None else last.fingerprint != fingerprint,
    )
    test = _test(plan)
    report = _report(plan, stale)
    return OverviewRow(
        plan_id=entry.id,
        path=entry.path,
        name=plan.name,
        next=_next(plan, setup, stale, ways, drift, test, report),
        kind=plan.kind,
        paired=plan.pairing is not None,
        customer=plan.customer.name,
        supplier=plan.supplier.name,
        customer_url=plan.customer.base_url,
        supplier_url=plan.supplier.base_url,
        updated_at=plan.updated_at,
        setup_step=setup,
        authentication=ways,
        drift=drift,
        e2e=test,
        report=report,
        fingerprint=fingerprint,
    )


def overview_of(entries: Iterable[PlanFile]) -> list[OverviewRow]:
    """The rows of these files: what needs doing first, then by name."""
    rows = [row_of(entry) for entry in entries]
    rows.sort(key=lambda row: (row.next.kind.rank, row.name.casefold()))
    return rows


def read_overview(store: PlanStore) -> list[OverviewRow]:
    """Every plan of the folder as an overview row (each file read once)."""
    return overview_of(store.read_all())


# ---- in words: the CSV and the PDF -----------------------------------------------------------


def local_time(text: str | None) -> str:
    """A stored UTC time as this machine's local time, to the minute ("" for none)."""
    if not text:
        return ""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def authentication_words(way: Authentication) -> str:
    if not way.applies:
        return "n/a"
    if way.partner:
        return "partner's side"
    if way.ok is None:
        return "not tested"
    return "yes" if way.ok else "no"


def drift_words(drift: DriftState) -> str:
    last = drift.last
    if last is None:
        return "never checked"
    if last.result is DriftResult.CLEAN:
        words = "no drift"
    elif last.result is DriftResult.DRIFTED:
        words = f"drifted ({last.drifts})" if last.drifts else "test records left"
    else:
        words = "could not check"
    return words + (", stale" if drift.stale else "")


def e2e_words(test: E2EState | None) -> str:
    if test is None:
        return "n/a"
    if not test.ran:
        return "never run"
    words = "passed" if test.passed else "failed"
    if test.state.freshness is Freshness.STALE:
        words += ", stale"
    elif test.state.freshness is Freshness.UNKNOWN:
        words += ", configuration not recorded"
    return words


def report_words(report: ReportState | None) -> str:
    if report is None:
        return "n/a"
    if not report.made:
        return "not made"
    return "made, stale" if report.stale is not None else "made, current"


CSV_COLUMNS: Final[tuple[str, ...]] = (
    "Plan",
    "Kind",
    "Customer instance",
    "Customer address",
    "Supplier instance",
    "Supplier address",
    "Authenticated customer → supplier",
    "Authenticated customer → supplier at",
    "Authenticated supplier → customer",
    "Authenticated supplier → customer at",
    "Last drift check",
    "Drift result",
    "Drifts",
    "Test records left behind",
    "Drift summary",
    "Last end-to-end test",
    "End-to-end result",
    "Report",
    "Report changed since",
    "Fingerprint",
    "Next",
    "Plan changed",
    "File",
)


def csv_cells(row: OverviewRow) -> tuple[str, ...]:
    """One CSV line of the overview; times as stored (ISO 8601, UTC)."""
    if not row.ok:
        blank = [""] * len(CSV_COLUMNS)
        blank[0], blank[-3], blank[-1] = row.name, f"{row.next.text}: {row.problem}", str(row.path)
        return tuple(blank)
    first, second = row.authentication
    last = row.drift.last
    test = row.e2e
    report = row.report
    return (
        row.name,
        row.kind_words,
        row.customer,
        row.customer_url,
        row.supplier,
        row.supplier_url,
        authentication_words(first),
        first.at or "",
        authentication_words(second),
        second.at or "",
        last.checked_at if last else "",
        drift_words(row.drift),
        str(last.drifts) if last else "",
        str(last.leftovers) if last else "",
        last.summary if last else "",
        test.state.ran_at if test is not None and test.ran else "",
        e2e_words(test),
        report_words(report),
        report.stale.what_changed if report is not None and report.stale is not None else "",
        row.fingerprint,
        row.next.text,
        row.updated_at or "",
        str(row.path),
    )


def _spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (a plan name starting with "=")."""
    if text[:1] in ("=", "+", "@", "-") and not text.lstrip("+-").replace(".", "", 1).isdigit():
        return "'" + text
    return text


def csv_text(rows: Sequence[OverviewRow]) -> str:
    """The overview as CSV: a header line, then one line per connection."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([_spreadsheet_safe(cell) for cell in csv_cells(row)])
    return buffer.getvalue()


def write_csv(rows: Sequence[OverviewRow], path: Path) -> None:
    """Write the CSV atomically, UTF-8 with a byte order mark (so spreadsheets on Windows read
    "→" and accented names right). Raises OSError."""
    write_text_atomic(Path(path), "\ufeff" + csv_text(rows), mode=0o644)
    log.info("overview of %d connection(s) written to %s", len(rows), path)
