"""The overview of every connection (issue 18), built from what the plans hold, offline: what
each row says needs doing next (one plan per case, by priority), the last drift check kept in the
plan and read back, when a kept result is stale, the CSV and the one-page PDF."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from overview_plans import CHECKED_AT, Case, cases, change_a_mapping, write_folder
from pypdf import PdfReader

from halo_wizard.plan.model import (
    DriftResult,
    Pairing,
    Plan,
    PlanError,
    Side,
    StepId,
)
from halo_wizard.plan.overview import (
    CSV_COLUMNS,
    NextKind,
    OverviewRow,
    csv_text,
    read_overview,
    row_of,
    write_csv,
)
from halo_wizard.plan.store import PlanFile, PlanStore, load_plan, save_plan, update_plan
from halo_wizard.steps.drift import Drift, DriftKind, DriftReport
from halo_wizard.steps.overview import CheckState, ConnectionCheck, save_result, session_with


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Case]]:
    path = tmp_path_factory.mktemp("overview") / "plans"
    return path, write_folder(path)


@pytest.fixture(scope="module")
def rows(folder: tuple[Path, list[Case]]) -> dict[str, OverviewRow]:
    return {row.name: row for row in read_overview(PlanStore(folder[0]))}


def test_each_plan_says_what_it_needs_next_by_priority(
    folder: tuple[Path, list[Case]], rows: dict[str, OverviewRow]
) -> None:
    _, found = folder
    assert len(rows) == len(found)
    for case in found:
        assert rows[case.name].next.kind is case.expected, case.name
    said = {name: row.next.text for name, row in rows.items()}
    assert said["damaged.halowiz.json"] == "Fix the plan file: it cannot be opened"
    assert said["Alder Dental → Northwind MSP"] == "Finish step 7, Mappings"
    assert said["Birchwood Legal → Northwind MSP"] == (
        "Redo step 5, Credential swap: supplier → customer fails"
    )
    assert said["Cedar Logistics → Northwind MSP"] == "Open the plan and fix 2 drifts"
    assert said["Fernhill Retail → Northwind MSP"] == "Fix and rerun the end-to-end test: it failed"
    assert said["Glenrock Accounting → Northwind MSP"] == (
        "Export the report again: the mappings changed"
    )
    assert said["Ironbridge Council → Northwind MSP"] == "Nothing to do"
    # The most urgent first.
    order = [row.next.kind.rank for row in read_overview(PlanStore(folder[0]))]
    assert order == sorted(order)


def test_a_row_says_each_way_the_drift_check_the_test_and_the_report(
    rows: dict[str, OverviewRow],
) -> None:
    failing = rows["Birchwood Legal → Northwind MSP"]
    assert [way.ok for way in failing.authentication] == [True, False]
    assert failing.authentication[1].by == "credential swap"
    drifted = rows["Cedar Logistics → Northwind MSP"]
    assert drifted.drift.last is not None and drifted.drift.last.drifts == 2
    assert drifted.drift.stale is False
    # The check authenticated later than the credential swap: its answer is the one shown.
    assert drifted.authentication[0].at == CHECKED_AT
    assert drifted.authentication[0].by == "drift check"
    old = rows["Glenrock Accounting → Northwind MSP"]
    assert old.report is not None and old.report.made and old.report.stale is not None
    assert old.e2e is not None and old.e2e.passed and not old.e2e.stale
    shared = rows["Kestrel Architects ⇢ Northwind MSP"]
    assert shared.e2e is None and shared.report is None
    assert not shared.authentication[1].applies
    damaged = rows["damaged.halowiz.json"]
    assert not damaged.ok and "damaged" in damaged.problem


def test_a_kept_drift_check_goes_stale_when_the_configuration_changes(tmp_path: Path) -> None:
    plan = next(c.plan for c in cases() if c.expected is NextKind.NOTHING)
    assert plan is not None
    entry = PlanFile(plan.id, tmp_path / "p.halowiz.json", plan)
    assert row_of(entry).drift.stale is False
    change_a_mapping(plan)
    row = row_of(entry)
    assert row.drift.stale is True
    # The set-up's own steps went stale first: that comes first.
    assert row.next.kind is NextKind.FINISH_SETUP and row.next.step is StepId.MAPPINGS
    assert "the mappings changed" in row.next.text
    assert plan.last_drift is not None
    plan.last_drift.fingerprint = None  # kept by a version that did not record it
    assert row_of(entry).drift.stale is None


def test_the_partners_way_is_theirs_to_test() -> None:
    plan = next(c.plan for c in cases() if c.expected is NextKind.NOTHING)
    assert plan is not None
    plan.pairing = Pairing("conn-1", Side.CUSTOMER, True, catalogue={"taken": "x"})
    row = row_of(PlanFile(plan.id, Path("p"), plan))
    # The customer profile lives in the supplier's instance: the partner's.
    assert row.authentication[1].partner and row.authentication[0].ok is True
    plan.pairing.catalogue = None
    assert row_of(PlanFile(plan.id, Path("p"), plan)).next.kind is NextKind.PARTNER


# ---- the last drift check in the plan -----------------------------------------------------------


def _report(*drifts: Drift, authenticated: bool = True) -> DriftReport:
    return DriftReport("p", "2026-05-04T08:30:00+00:00", authenticated, list(drifts))


def _drift(kind: DriftKind, side: Side, what: str = "Something changed.") -> Drift:
    return Drift(kind, side, side.value.title(), "record", what, "a", "b", "fix it")


def _fine_plan() -> Plan:
    plan = next(c.plan for c in cases() if c.expected is NextKind.NOTHING)
    assert plan is not None
    for side in Side:
        plan.profile(side).record_id = 7
    return plan


def test_a_check_is_kept_as_the_plan_says_it() -> None:
    plan = _fine_plan()
    result = ConnectionCheck(plan.id, plan.name, Path("p"), fingerprint=plan.fingerprint())
    # The supplier profile lives in the customer's instance: its failure is on that side.
    failed = _drift(DriftKind.NOT_AUTHENTICATING, Side.CUSTOMER, "The credentials fail.")
    off = _drift(DriftKind.SUPPLIERS_MODULE_OFF, Side.SUPPLIER, "The Suppliers module is off.")
    result.take(plan, _report(failed, off), ["a test ticket"], 1)
    kept = result.last_drift()
    assert kept.result is DriftResult.DRIFTED and kept.drifts == 2 and kept.leftovers == 1
    assert kept.supplier_profile_authenticated is False
    assert kept.customer_profile_authenticated is True
    assert "The Suppliers module is off." in kept.summary and "left behind" in kept.summary
    assert kept.fingerprint == plan.fingerprint()
    clean = ConnectionCheck(plan.id, plan.name, Path("p"), fingerprint=plan.fingerprint())
    clean.take(plan, _report(authenticated=False), [], 0)
    kept = clean.last_drift()
    assert kept.result is DriftResult.CLEAN and kept.summary == "no drift"
    assert kept.supplier_profile_authenticated is None  # not pressed: not known
    unable = ConnectionCheck(plan.id, plan.name, Path("p"), fingerprint=plan.fingerprint())
    unable.state, unable.reason = CheckState.CANNOT, "no client secret for Contoso"
    assert unable.last_drift().result is DriftResult.COULD_NOT
    assert "no client secret" in unable.last_drift().summary


def test_the_section_reads_back_and_refuses_what_it_cannot_be(tmp_path: Path) -> None:
    plan = _fine_plan()
    assert plan.last_drift is not None
    path = tmp_path / "p.halowiz.json"
    save_plan(plan, path)
    again = load_plan(path)
    assert again.last_drift == plan.last_drift
    assert again.to_dict() == plan.to_dict()
    data = json.loads(path.read_text("utf-8"))
    assert data["last_drift"]["result"] == "clean"
    for field, value, said in (
        ("result", "fine", "expected one of clean, drifted, could_not"),
        ("drifts", -1, "expected a count"),
        ("summary", "x" * 401, "longer than 400"),
        ("fingerprint", "abc", "sha256"),
        ("checked_at", "yesterday", "date and time"),
    ):
        broken = json.loads(json.dumps(data))
        broken["last_drift"][field] = value
        with pytest.raises(PlanError, match=said):
            Plan.from_dict(broken)
    del data["last_drift"]  # a plan from before: never checked
    assert Plan.from_dict(data).last_drift is None
    assert plan.portable_copy().last_drift is None  # made with this machine's secrets


def test_keeping_a_result_changes_nothing_else_in_the_file(tmp_path: Path) -> None:
    store = PlanStore(tmp_path)
    plan = _fine_plan()
    plan.last_drift = None
    store.save(plan)
    path = store.path_for(plan.id)
    before = json.loads(path.read_text("utf-8"))
    result = ConnectionCheck(plan.id, plan.name, path, fingerprint=plan.fingerprint())
    result.take(plan, _report(), [], 0)
    written = save_result(result, store=store)
    assert written is not None and written.last_drift == result.last_drift()
    after = json.loads(path.read_text("utf-8"))
    assert after.pop("last_drift")["result"] == "clean"
    assert after == before  # updated_at too: a check is no change of the plan
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    damaged = ConnectionCheck("x", "x", tmp_path / "x.halowiz.json")  # no fingerprint: unread
    assert save_result(damaged, store=store) is None
    # A plan file outside the store (check --plan FILE) the same way.
    other = tmp_path / "elsewhere.json"
    save_plan(plan, other)
    update_plan(other, lambda p: setattr(p, "last_drift", result.last_drift()))
    assert load_plan(other).last_drift == result.last_drift()


def test_a_check_without_secrets_says_which_are_missing() -> None:
    plan = _fine_plan()
    said = session_with(plan, {Side.CUSTOMER: "a-secret", Side.SUPPLIER: None})
    assert isinstance(said, str)
    assert plan.supplier.name in said and "no client secret" in said
    assert "a-secret" not in said


# ---- CSV and PDF -------------------------------------------------------------------------------


def test_the_csv_has_a_header_and_a_line_per_connection(
    rows: dict[str, OverviewRow], tmp_path: Path
) -> None:
    ordered = list(rows.values())
    path = tmp_path / "out" / "overview.csv"
    write_csv(ordered, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheets on Windows read UTF-8 right with it
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(table[0]) == CSV_COLUMNS
    assert len(table) == len(ordered) + 1
    by_name = {line[0]: dict(zip(CSV_COLUMNS, line, strict=True)) for line in table[1:]}
    drifted = by_name["Cedar Logistics → Northwind MSP"]
    assert drifted["Drift result"] == "drifted (2)" and drifted["Drifts"] == "2"
    assert drifted["Last drift check"] == CHECKED_AT
    assert drifted["Next"] == "Open the plan and fix 2 drifts"
    assert len(drifted["Fingerprint"]) == 64
    assert by_name["Birchwood Legal → Northwind MSP"]["Authenticated supplier → customer"] == "no"
    assert by_name["Glenrock Accounting → Northwind MSP"]["Report"] == "made, stale"
    assert "damaged" in by_name["damaged.halowiz.json"]["Next"]
    assert [p.name for p in path.parent.iterdir()] == ["overview.csv"]  # no temp file left


def test_a_name_a_spreadsheet_would_run_is_written_as_text() -> None:
    plan = _fine_plan()
    plan.name = "=HYPERLINK(1)"
    text = csv_text([row_of(PlanFile(plan.id, Path("p"), plan))])
    assert list(csv.reader(io.StringIO(text)))[1][0] == "'=HYPERLINK(1)"


def _many(count: int) -> list[OverviewRow]:
    made = []
    base = cases()
    while len(made) < count:
        for case in base:
            if len(made) == count:
                break
            if case.plan is None:
                continue
            plan = Plan.from_dict(case.plan.to_dict())
            plan.name = f"{plan.name} ({len(made) + 1})"
            made.append(row_of(PlanFile(plan.id, Path(f"{len(made)}.halowiz.json"), plan)))
    return made


def test_the_pdf_of_fifty_connections_is_one_page(qapp: object, tmp_path: Path) -> None:
    from halo_wizard.report.overview import write_overview_pdf

    rows = _many(50)
    path = tmp_path / "overview.pdf"
    assert write_overview_pdf(rows, path, folder=Path("/plans/of/this/machine")) == 1
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = " ".join(page.extract_text().split())  # words come apart with tabs
    assert "Connections overview" in text and "/plans/of/this/machine" in text
    for row in rows:
        assert row.name[:12] in text  # every row is on the page (long cells are cut short)
    assert "Page 1 of 1" in text


def test_a_longer_list_continues_on_the_next_page_with_its_header(
    qapp: object, tmp_path: Path
) -> None:
    from halo_wizard.report.overview import HEADERS, write_overview_pdf

    path = tmp_path / "overview.pdf"
    pages = write_overview_pdf(_many(140), path, folder=tmp_path)
    reader = PdfReader(path)
    assert pages == len(reader.pages) > 1
    for page in reader.pages:
        text = " ".join(page.extract_text().split())
        assert HEADERS[-1] in text and HEADERS[6] in text
