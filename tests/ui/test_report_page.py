"""Report: what the PDF will hold, the PDF exported through the (patched) save dialog, and a plan
exported from the report page and imported on the connections page."""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from demo_setup import set_up
from driver import click, until
from pypdf import PdfReader

from halo_wizard.plan.model import MappingKind, Plan
from halo_wizard.simulator import Simulator
from halo_wizard.ui.dialogs import FileDialogs
from halo_wizard.ui.pages.connections import ConnectionsPage
from halo_wizard.ui.pages.report import ReportPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import metrics


class FakeDialogs(FileDialogs):
    """Answers the dialogs with prepared paths and records what was asked."""

    def __init__(self, answer: Path | None, open_it: bool = True) -> None:
        self.answer = answer
        self.open_it = open_it
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
        return True


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
    assert sections["Action check findings"].startswith("0 findings")
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
    assert dialogs.questions == ["Open it now?"] and dialogs.opened == [pdf]
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
    after = services.plans.list()
    new = [summary for summary in after if summary.id not in before]
    assert len(new) == 1 and new[0].name == plan.name and new[0].id != plan.id
    assert connections.selected() is not None and connections.selected().id == new[0].id
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
