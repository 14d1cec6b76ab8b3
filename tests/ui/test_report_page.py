"""Report: what the PDF will hold, the PDF exported through the (patched) save dialog, and a plan
exported from the report page and imported on the connections page; the page warns before export
when the check or the test is stale or not run, says so when no program opens the PDF, and opens
its dialogs in the Documents folder (or the one last used)."""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from demo_setup import set_up
from driver import click, plans_read, until
from pypdf import PdfReader

from halo_wizard.plan.model import MappingKind, Plan, StepId, StepStatus
from halo_wizard.simulator import Simulator
from halo_wizard.ui.dialogs import FileDialogs
from halo_wizard.ui.pages.connections import ConnectionsPage
from halo_wizard.ui.pages.report import ReportPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import metrics


class FakeDialogs(FileDialogs):
    """Answers the dialogs with prepared paths and records what was asked."""

    def __init__(self, answer: Path | None, open_it: bool = True, *, opens: bool = True) -> None:
        self.answer = answer
        self.open_it = open_it
        self.opens = opens  # whether a program opens what is asked to open
        self.suggested: list[Path] = []
        self.opened: list[Path] = []
        self.questions: list[str] = []

    def save_file(self, parent: Any, title: str, suggested: Path, filters: str) -> Path | None:
        self.suggested.append(suggested)
        return self.answer

    def open_file(self, parent: Any, title: str, folder: Path, filters: str) -> Path | None:
        return self.answer

    def ask(self, parent: Any, title: str, question: str) -> bool:
        self.questions.append(question)
        return self.open_it

    def open_path(self, path: Path) -> bool:
        self.opened.append(path)
        return self.opens


def pdf_text(path: Path) -> str:
    """The PDF's words separated by single spaces (the extractor uses tabs and ligatures)."""
    text = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


async def scenario(
    page: ReportPage,
    connections: ConnectionsPage,
    services: Services,
    simulator: Simulator,
    tmp_path: Path,
) -> None:
    contoso, northwind = simulator.instances
    plan: Plan = await set_up(contoso, northwind, auto_map=True)
    services.plans.save(plan)
    page.set_plan(plan)
    page.enter()

    sections = dict(page.sections())
    assert sections["Mappings Contoso → Northwind MSP"].startswith(
        f"{sum(plan.customer_profile_mappings.mapped_count(k) for k in MappingKind)} mappings"
    )
    assert "Mappings Northwind MSP → Contoso" in sections
    assert sections["End-to-end test"].startswith("Not run yet")
    # Never run: the page must not claim "0 findings" (nothing was checked).
    assert sections["Action check findings"].startswith("Not run")
    assert plan.fingerprint()[:16] in sections["Fingerprint"]
    assert page.contents.topLevelItemCount() == len(sections)
    if folder := os.environ.get("HALO_WIZARD_SHOTS"):
        page.grab().save(str(Path(folder) / "11-report.png"))

    # Export the PDF (Letter) through the patched save dialog, and open it.
    target = tmp_path / "out" / "report"
    target.parent.mkdir()
    dialogs = FakeDialogs(target)
    page.dialogs = dialogs
    page.page_size.setCurrentIndex(page.page_size.findData("Letter"))
    click(page.export_button)
    await until(lambda: page.last_pdf is not None and not page.is_busy(), "the PDF", page)
    pdf = target.with_name("report.pdf")
    assert page.last_pdf == pdf and pdf.is_file()
    assert dialogs.suggested[0].name.startswith("Contoso-Northwind MSP mapping report 20")
    assert dialogs.suggested[0].suffix == ".pdf"
    # Asked first (check and test not run), then whether to open it.
    assert len(dialogs.questions) == 2 and "not been run" in dialogs.questions[0]
    assert dialogs.questions[1] == "Open it now?" and dialogs.opened == [pdf]
    text = pdf_text(pdf)
    assert plan.name in text
    row = next(r for r in plan.customer_profile_mappings.rows_of(MappingKind.STATUS) if r.mapped)
    assert f"{' '.join(row.remote_name.split())} {' '.join(row.local_name.split())}" in text
    width = PdfReader(pdf).pages[0].mediabox.width
    assert round(float(width)) == 612  # Letter, in points
    assert "report.pdf" in page.result.text()

    # Export the plan for another administrator, then import it on the connections page.
    exported = tmp_path / "out" / "for-northwind.halowiz.json"
    page.dialogs = FakeDialogs(exported)
    click(page.plan_button)
    assert page.last_export == exported and exported.is_file()
    raw = exported.read_text(encoding="utf-8")
    for instance in (contoso, northwind):
        assert instance.application is not None
        assert instance.application.client_secret not in raw
    assert json.loads(raw)["name"] == plan.name

    connections.refresh()
    before = {summary.id for summary in services.plans.list()}
    connections.dialogs = FakeDialogs(exported)
    click(connections.import_button)
    await plans_read(connections)
    after = services.plans.list()
    new = [summary for summary in after if summary.id not in before]
    assert len(new) == 1 and new[0].name == plan.name and new[0].id != plan.id
    assert connections.selected() is not None and connections.selected().plan_id == new[0].id
    imported = services.plans.open(new[0].id)
    assert imported.fingerprint() == plan.fingerprint()

    # A file that is not a plan says so on the page, and nothing is added.
    junk = tmp_path / "out" / "junk.json"
    junk.write_text("[1, 2]", encoding="utf-8")
    connections.dialogs = FakeDialogs(junk)
    click(connections.import_button)
    assert (
        not connections.problem.isHidden()
        and "not a halo_wizard plan" in connections.problem.text()
    )
    assert len(services.plans.list()) == len(after)


def test_report_export_and_plan_round_trip(
    simulator: Simulator, services: Services, run: Callable[[Any], Any], tmp_path: Path
) -> None:
    page = ReportPage(services)
    page.resize(*metrics.WINDOW_SIZE)
    page.show()
    connections = ConnectionsPage(services)
    try:
        run(scenario(page, connections, services, simulator, tmp_path))
    finally:
        for widget in (page, connections):
            widget.close()
            widget.deleteLater()


# ---- Honest before and after export ------------------------------------------------------------


def _offline_page(services: Services) -> tuple[ReportPage, Plan]:
    from report_plans import auto_mapped_plan

    plan = auto_mapped_plan(1)
    page = ReportPage(services)
    page.resize(*metrics.WINDOW_SIZE)
    page.set_plan(plan)
    page.show()
    page.enter()
    return page, plan


def _change_a_mapping(plan: Plan) -> None:
    mappings = plan.customer_profile_mappings
    rows = [r for r in mappings.rows_of(MappingKind.STATUS) if r.mapped]
    first, other = rows[0], next(r for r in rows if r.local_id != rows[0].local_id)
    mappings.set_row(MappingKind.STATUS, first.remote_id, local_id=other.local_id)


def _close(page: ReportPage) -> None:
    page.close()
    page.deleteLater()


def test_export_asks_first_when_the_check_never_ran_and_no_stops_it(
    services: Services, tmp_path: Path
) -> None:
    page, plan = _offline_page(services)
    try:
        plan.mark_step(StepId.END_TO_END, StepStatus.SKIPPED, "tested by hand with Northwind")
        assert "not been run" in page.check_line.text()
        assert "not been run" in page.test_line.text()
        dialogs = FakeDialogs(tmp_path / "report.pdf", open_it=False)
        page.dialogs = dialogs
        click(page.export_button)
        assert len(dialogs.questions) == 1
        assert "action check has not been run" in dialogs.questions[0]
        assert "It was skipped: tested by hand with Northwind." in dialogs.questions[0]
        assert dialogs.suggested == []  # answered No: not even the save dialog
        assert not page.is_busy() and page.last_pdf is None
    finally:
        _close(page)


async def _export(page: ReportPage, dialogs: FakeDialogs) -> Path:
    page.dialogs = dialogs
    click(page.export_button)
    await until(lambda: page.last_pdf is not None and not page.is_busy(), "the PDF", page)
    assert page.last_pdf is not None
    return page.last_pdf


def test_a_stale_check_is_shown_with_its_fingerprint_and_a_viewer_that_fails_is_said(
    services: Services, run: Callable[[Any], Any], tmp_path: Path
) -> None:
    from halo_wizard.plan.freshness import stamp, store_check_result

    page, plan = _offline_page(services)
    try:
        store_check_result(plan, [], blocking=0)
        plan.e2e = stamp(plan, {"started": True, "finished_at": "2026-12-01T10:00:00+00:00"})
        old = plan.fingerprint()
        page.show_contents()
        assert dict(page.sections())["Action check findings"].startswith("Nothing found")
        _change_a_mapping(plan)
        page.show_contents()
        text = dict(page.sections())["Action check findings"]
        assert text.startswith("Stale, the mappings changed since")
        assert "Stale" in page.check_line.text() and old[:16] in page.check_line.text()
        assert "Stale" in dict(page.sections())["End-to-end test"]
        if folder := os.environ.get("HALO_WIZARD_SHOTS"):
            for width, height in ((1024, 640), (1920, 1080)):
                page.resize(width, height)
                page.grab().save(str(Path(folder) / f"report-stale-check-{width}.png"))

        # No program opens PDFs here: the page says so, with the path, and offers the folder.
        dialogs = FakeDialogs(tmp_path / "out.pdf", open_it=True, opens=False)
        pdf = run(_export(page, dialogs))
        assert pdf.is_file()
        assert "Stale" in dialogs.questions[0] and old[:16] in dialogs.questions[0]
        assert dialogs.questions[1] == "Open it now?"
        assert "No program" in dialogs.questions[2] and str(pdf) in dialogs.questions[2]
        assert dialogs.opened == [pdf, pdf.parent]
        assert "No program" in page.result.text() and str(pdf.parent) in page.result.text()
    finally:
        _close(page)


def test_a_current_check_and_test_export_without_a_question(
    services: Services, run: Callable[[Any], Any], tmp_path: Path
) -> None:
    from halo_wizard.plan.freshness import stamp, store_check_result

    page, plan = _offline_page(services)
    try:
        store_check_result(plan, [], blocking=0)
        plan.e2e = stamp(plan, {"started": True, "finished_at": "2026-12-01T10:00:00+00:00"})
        page.show_contents()
        assert "this configuration" in page.check_line.text()
        dialogs = FakeDialogs(tmp_path / "out.pdf")
        pdf = run(_export(page, dialogs))
        assert dialogs.questions == ["Open it now?"] and dialogs.opened == [pdf]
        assert "Nothing found" in pdf_text(pdf)
    finally:
        _close(page)


def test_the_export_dialog_opens_in_documents_then_in_the_folder_last_used(
    services: Services, run: Callable[[Any], Any], tmp_path: Path, monkeypatch: Any
) -> None:
    from halo_wizard.plan.freshness import stamp, store_check_result
    from halo_wizard.ui.pages import report

    documents = tmp_path / "Documents"
    monkeypatch.setattr(report, "documents_folder", lambda: documents)
    page, plan = _offline_page(services)
    try:
        store_check_result(plan, [], blocking=0)
        plan.e2e = stamp(plan, {"started": True})
        # No Documents folder: the home folder, never the current directory.
        assert report.export_folder() == Path.home()
        documents.mkdir()
        elsewhere = tmp_path / "exports"
        elsewhere.mkdir()
        dialogs = FakeDialogs(elsewhere / "first.pdf", open_it=False)
        run(_export(page, dialogs))
        assert dialogs.suggested[0].parent == documents
        page.last_pdf = None
        dialogs = FakeDialogs(elsewhere / "second.pdf", open_it=False)
        run(_export(page, dialogs))
        assert dialogs.suggested[0].parent == elsewhere
    finally:
        _close(page)
