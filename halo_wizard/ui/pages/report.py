"""Step 11: what the report holds, exported as a PDF both parties can sign; the plan exported.

Before export the page says when the action check or the end-to-end test is stale or has not run
(and asks); after export it says when no program could open the PDF, and offers its folder."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import threading
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

# Imported with the page (in the window's idle time), not first on the PDF thread: a first import
# there holds the interpreter while PySide6 reads the module's source, and the window waits.
import halo_wizard.report.pdf  # noqa: F401
from halo_wizard.plan.freshness import Freshness, ResultState, Staleness, check_state, e2e_state
from halo_wizard.plan.model import Plan, PlanError, StepId, StepStatus
from halo_wizard.plan.store import PLAN_SUFFIX, export_plan
from halo_wizard.report.build import last_findings, write_plan_report
from halo_wizard.report.layout import ReportCancelled
from halo_wizard.steps.drift import DriftReport
from halo_wizard.steps.leftovers import Leftovers
from halo_wizard.steps.mappings import DIRECTIONS
from halo_wizard.steps.overview import drift_and_leftovers
from halo_wizard.steps.session import Progress
from halo_wizard.ui.dialogs import FileDialogs, documents_folder, safe_file_name
from halo_wizard.ui.menus import window_settings
from halo_wizard.ui.pages.base import StepPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.status_line import StatusLine
from halo_wizard.ui.wording import counted

log = logging.getLogger(__name__)

PAGE_SIZES = ("A4", "Letter")
LAST_FOLDER_SETTING = "report/last_folder"
"""Where the last report or plan was exported (the next export dialog opens there)."""


def _write_in_thread(
    loop: asyncio.AbstractEventLoop,
    done: asyncio.Future[int],
    plan: Plan,
    path: Path,
    page_size: str,
    findings: Sequence[Mapping[str, Any]],
    progress: Callable[[int, int, str], None],
    stop: Callable[[], bool],
) -> None:
    """The report job's worker thread: write the PDF, hand the page count (or the error, or
    the cancellation) to `done` on the GUI thread's loop."""
    try:
        pages = write_plan_report(
            plan, path, page_size=page_size, findings=findings, progress=progress, stop=stop
        )
    except ReportCancelled:
        log.info("report cancelled; nothing written to %s", path.name)
        _post(loop, _settle, done, None, asyncio.CancelledError())
    except BaseException as exc:  # handed to the job, which raises it on the GUI thread
        # The Qt objects the frames hold are freed here, on the thread that made them.
        traceback.clear_frames(exc.__traceback__)
        _post(loop, _settle, done, None, exc)
    else:
        _post(loop, _settle, done, pages, None)


def _post(loop: asyncio.AbstractEventLoop, call: Callable[..., None], *args: Any) -> None:
    """Run `call(*args)` on the loop's thread (not at all once the loop is closed)."""
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(call, *args)


def _settle(done: asyncio.Future[int], pages: int | None, error: BaseException | None) -> None:
    if done.done():
        return
    if isinstance(error, asyncio.CancelledError):
        done.cancel()
    elif error is not None:
        done.set_exception(error)
    else:
        assert pages is not None
        done.set_result(pages)


def export_folder() -> Path:
    """The folder last exported to when it still exists, else the user's Documents folder (the
    home folder when there is none: a dialog given a missing folder opens the current one)."""
    remembered = window_settings().value(LAST_FOLDER_SETTING)
    for folder in (remembered, documents_folder()):
        if folder and Path(str(folder)).is_dir():
            return Path(str(folder))
    return Path.home()


def remember_folder(folder: Path) -> None:
    settings = window_settings()
    settings.setValue(LAST_FOLDER_SETTING, str(folder))
    settings.sync()


@dataclass(frozen=True, slots=True)
class Looked:
    """What one refresh of the page read of the plan's freshness."""

    check: ResultState
    e2e: ResultState
    fingerprint: str


class ReportPage(StepPage):
    """Sections and counts of the report; "Export PDF…" and "Export plan…"."""

    step_id = StepId.REPORT

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.dialogs = FileDialogs()
        self.last_pdf: Path | None = None
        self.last_export: Path | None = None
        self.set_heading(
            self.tr("Report"),
            self.tr(
                "A PDF both parties can read and sign: the instances, every mapping in both "
                "directions, the action check's findings, the end-to-end result and a "
                "fingerprint of the configuration. No secret appears in it."
            ),
        )
        self.contents = QTreeWidget(self)
        self.contents.setHeaderLabels([self.tr("Section"), self.tr("What it holds")])
        self.contents.setRootIsDecorated(False)
        self.contents.setAlternatingRowColors(True)
        self.contents.header().setStretchLastSection(True)
        contents_box = QGroupBox(self.tr("What the report will contain"), self)
        contents_box.setLayout(layouts.vbox(self.contents, margin=metrics.SPACING + 4))
        self.page_size = QComboBox(self)
        for size in PAGE_SIZES:
            self.page_size.addItem(size, size)
        self.export_button = QPushButton(self.tr("Export PDF…"), self)
        self.export_button.setToolTip(self.tr("Write the mapping report as a PDF"))
        self.export_button.setDefault(True)
        self.plan_button = QPushButton(self.tr("Export plan…"), self)
        self.plan_button.setToolTip(
            self.tr("Save the plan without secrets, for another administrator to import")
        )
        for button in (self.export_button, self.plan_button):
            button.setMinimumWidth(metrics.BUTTON_MIN_WIDTH + 40)
        self.result = layouts.wrapped_label("", self)
        self.result.hide()
        self.check_line = StatusLine("", self)
        self.test_line = StatusLine("", self)
        form = QFormLayout()
        form.addRow(self.tr("Page size"), self.page_size)
        export_box = QGroupBox(self.tr("Export"), self)
        export_box.setLayout(
            layouts.vbox(
                self.check_line,
                self.test_line,
                form,
                layouts.hbox(self.export_button, self.plan_button, None),
                self.result,
                margin=metrics.SPACING + 4,
            )
        )
        self.page_size.setMinimumWidth(metrics.BUTTON_MIN_WIDTH + 40)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.drift_button = QPushButton(self.tr("Check for drift"), self)
        self.drift_button.setToolTip(
            self.tr(
                "Compare both live instances with this plan: renamed or deleted mapped records, "
                "changed action settings, profiles that no longer authenticate, a module off"
            )
        )
        self.drift_result = layouts.wrapped_label("", self)
        self.drift_list = QTreeWidget(self)
        self.drift_list.setHeaderLabels(
            [self.tr("Instance"), self.tr("Record"), self.tr("What changed"), self.tr("Fix")]
        )
        self.drift_list.setRootIsDecorated(False)
        self.drift_list.setWordWrap(True)
        self.drift_list.hide()
        drift_box = QGroupBox(self.tr("Drift"), self)
        drift_box.setLayout(
            layouts.vbox(
                layouts.wrapped_label(
                    self.tr(
                        "Later, check that the instances still hold what this plan set up "
                        "(the same check as `halo-wizard check`)."
                    ),
                    self,
                ),
                layouts.hbox(self.drift_button, None),
                self.drift_result,
                self.drift_list,
                margin=metrics.SPACING + 4,
            )
        )
        self.add_section(contents_box)
        self.add_section(export_box)
        self.add_section(drift_box)
        self.body_layout.addStretch(1)
        self.task.guard(self.export_button, self.plan_button, self.page_size, self.drift_button)
        self.drift_button.clicked.connect(self.on_drift_button_clicked)
        self.export_button.clicked.connect(self.on_export_button_clicked)
        self.plan_button.clicked.connect(self.on_plan_button_clicked)

    # ---- the window's calls ----

    def reset(self) -> None:
        self.last_pdf = None
        self.last_export = None
        self.show_result("")
        self.task.error.clear()
        self.show_contents()

    def enter(self) -> None:
        self.show_contents()

    def is_complete(self) -> bool:
        return self.plan is not None and not self.is_busy()

    def refresh_freshness(self, stale: Mapping[StepId, Staleness] | None = None) -> None:
        super().refresh_freshness(stale)
        self.show_freshness()

    # ---- what the report holds ----

    def look(self) -> Looked | None:
        """The stored check's and test's state and the plan's fingerprint, read once: each one
        digests the whole configuration (tens of milliseconds at tens of thousands of rows)."""
        plan = self.plan
        if plan is None:
            return None
        return Looked(check_state(plan), e2e_state(plan), plan.fingerprint())

    def sections(self, looked: Looked | None = None) -> list[tuple[str, str]]:
        """(section, what it holds) for the plan, as the PDF will have them."""
        plan = self.plan
        looked = looked or self.look()
        if plan is None or looked is None:
            return []
        rows = [
            (
                self.tr("The connection"),
                self.tr("{customer} and {supplier}: API applications and both profiles").format(
                    customer=plan.customer.name, supplier=plan.supplier.name
                ),
            )
        ]
        for direction in DIRECTIONS:
            mappings = direction.mappings(plan)
            parts = [
                f"{spec.title.lower()} {mappings.mapped_count(spec.kind)}"
                for spec in direction.kinds()
            ]
            total = sum(mappings.mapped_count(spec.kind) for spec in direction.kinds())
            rows.append(
                (
                    self.tr("Mappings {title}").format(title=direction.title(plan)),
                    counted(total, self.tr("{n} mapping"), self.tr("{n} mappings"))
                    + " ("
                    + ", ".join(parts)
                    + ")",
                )
            )
        rows.append((self.tr("Action check findings"), self._check_text(looked.check)))
        rows.append((self.tr("End-to-end test"), self._e2e_text(looked.e2e)))
        rows.append(
            (
                self.tr("Fingerprint"),
                self.tr("{short} (SHA-256 of the configuration, on every page)").format(
                    short=looked.fingerprint[:16]
                ),
            )
        )
        rows.append((self.tr("Sign-off"), self.tr("A place for both parties to sign")))
        return rows

    def _stale_text(self, state: ResultState) -> str:
        return self.tr("Stale, {what} changed since").format(what=state.what_changed)

    def _check_text(self, state: ResultState) -> str:
        plan = self.plan
        assert plan is not None
        if state.freshness is Freshness.NOT_RUN:
            return self.tr("Not run: the report will say so")
        findings = last_findings(plan)
        errors = sum(1 for f in findings if f.get("severity") == "error")
        counts = (
            counted(len(findings), self.tr("{n} finding"), self.tr("{n} findings"))
            + ", "
            + counted(errors, self.tr("{n} error"), self.tr("{n} errors"))
            + ", "
            + counted(
                len(plan.confirmations),
                self.tr("{n} confirmed by hand"),
                self.tr("{n} confirmed by hand"),
            )
        )
        if state.freshness is Freshness.STALE:
            return self._stale_text(state) + f": {counts}"
        if state.freshness is Freshness.UNKNOWN:
            return self.tr("Configuration not recorded: run the check again") + f" ({counts})"
        if not findings:
            return self.tr("Nothing found on this configuration") + f" ({counts})"
        return counts

    def _e2e_text(self, state: ResultState) -> str:
        plan = self.plan
        assert plan is not None
        if state.freshness is Freshness.NOT_RUN:
            return self.tr("Not run yet: the report will say so")
        e2e = plan.e2e or {}
        hops = e2e.get("hops") or []
        passed = sum(1 for hop in hops if isinstance(hop, dict) and hop.get("ok"))
        text = self.tr("{passed} of {total} hops passed").format(passed=passed, total=len(hops))
        if state.freshness is Freshness.STALE:
            return self._stale_text(state) + f": {text}"
        if state.freshness is Freshness.UNKNOWN:
            return self.tr("Configuration not recorded: run the test again") + f" ({text})"
        return text

    def not_current(self, looked: Looked | None = None) -> list[str]:
        """What the report cannot vouch for on this configuration, one sentence each."""
        plan = self.plan
        looked = looked or self.look()
        if plan is None or looked is None:
            return []
        found = []
        for state, what in (
            (looked.check, self.tr("action check")),
            (looked.e2e, self.tr("end-to-end test")),
        ):
            if not state.current:
                found.append(state.describe(what))
        skipped = plan.step(StepId.END_TO_END)
        if found and skipped.status is StepStatus.SKIPPED and not looked.e2e.current:
            found[-1] += " " + self.tr("It was skipped: {why}.").format(why=skipped.note or "-")
        return found

    def show_freshness(self, looked: Looked | None = None) -> None:
        """The two lines above Export: whether the check and the test describe this plan."""
        looked = looked or self.look()
        for line, state, what in (
            (self.check_line, looked.check if looked else None, self.tr("action check")),
            (self.test_line, looked.e2e if looked else None, self.tr("end-to-end test")),
        ):
            if state is None:
                line.hide()
                continue
            mark = {
                Freshness.CURRENT: icons.Mark.DONE,
                Freshness.STALE: icons.Mark.STALE,
                Freshness.UNKNOWN: icons.Mark.UNKNOWN,
                Freshness.NOT_RUN: icons.Mark.ATTENTION,
            }[state.freshness]
            line.set(mark, state.describe(what))
            line.show()

    def show_contents(self) -> None:
        looked = self.look()
        self.show_freshness(looked)
        self.contents.clear()
        for section, text in self.sections(looked):
            item = QTreeWidgetItem([section, text])
            item.setToolTip(1, text)
            self.contents.addTopLevelItem(item)
        self.contents.resizeColumnToContents(0)
        rows = max(self.contents.topLevelItemCount(), 1)
        row_height = max(self.contents.sizeHintForRow(0), self.fontMetrics().height() + 4)
        frame = 2 * self.contents.frameWidth() + self.contents.header().sizeHint().height()
        self.contents.setFixedHeight(frame + rows * row_height + metrics.SPACING)
        self.contents.setColumnWidth(0, self.contents.columnWidth(0) + metrics.SECTION_SPACING)

    def suggested_pdf_name(self, today: dt.date | None = None) -> str:
        plan = self.plan
        assert plan is not None
        day = (today or dt.date.today()).isoformat()
        return (
            safe_file_name(
                self.tr("{customer}-{supplier} mapping report {day}").format(
                    customer=plan.customer.name, supplier=plan.supplier.name, day=day
                )
            )
            + ".pdf"
        )

    def show_result(self, text: str) -> None:
        self.result.setText(text)
        self.result.setVisible(bool(text))

    # ---- jobs ----

    async def _pdf_job(self, path: Path, page_size: str, progress: Progress) -> int | None:
        """Write the PDF on a worker thread (the window stays responsive); Cancel stops it
        between pages and leaves no file. The plan is only read meanwhile: the window allows
        no other step while this page is busy."""
        plan = self.plan
        assert plan is not None
        loop = asyncio.get_running_loop()
        stopped = threading.Event()
        phases = {
            "layout": self.tr("Laying out {name}…").format(name=path.name),
            "pages": self.tr("Writing {name}…").format(name=path.name),
        }

        def heard(done: int, total: int, phase: str) -> None:
            # Called on the worker thread: the panel is updated on the GUI thread.
            _post(loop, progress, done, total, phases.get(phase, ""))

        progress(0, 0, phases["layout"])
        findings = last_findings(plan)
        done: asyncio.Future[int] = loop.create_future()
        worker = threading.Thread(
            target=_write_in_thread,
            args=(loop, done, plan, path, page_size, findings, heard, stopped.is_set),
            name="report-pdf",
            daemon=True,
        )
        worker.start()
        try:
            return await asyncio.shield(done)
        except OSError as exc:
            log.warning("report to %s failed: %s", path, type(exc).__name__)
            self.task.error.show_problem(
                self.tr("The report was not written"),
                str(exc),
                self.tr("Choose another folder, or check that the file is not open elsewhere."),
            )
            return None
        except asyncio.CancelledError:
            stopped.set()
            # Wait for the worker to stop and remove its partial file before saying so.
            await asyncio.wait([done])
            worker.join()
            raise

    def _pdf_written(self, path: Path, pages: int | None) -> None:
        if pages is None:
            return  # not written: the task panel says why
        self.last_pdf = path
        # The report is made for this configuration: the overview tells when it goes stale.
        self.mark(StepStatus.DONE, self.tr("PDF exported"))
        text = (
            self.tr("Saved {path} ({n} page).")
            if pages == 1
            else self.tr("Saved {path} ({n} pages).")
        ).format(path=path, n=pages)
        self.show_result(text)
        self.statusMessage.emit(text)
        if not self.dialogs.ask(self, self.tr("Report saved"), self.tr("Open it now?")):
            return
        if self.dialogs.open_path(path):
            return
        log.info("no program opened the report")
        problem = self.tr("No program on this computer could open {path}.").format(path=path)
        self.show_result(text + " " + problem)
        if self.dialogs.ask(
            self,
            self.tr("The report could not be opened"),
            problem + "\n\n" + self.tr("Show the folder that holds it instead?"),
        ) and not self.dialogs.open_path(path.parent):
            self.show_result(
                text
                + " "
                + self.tr("No program could show its folder either: open {folder} by hand.").format(
                    folder=path.parent
                )
            )

    async def _drift_job(self, progress: Progress) -> tuple[DriftReport, Leftovers]:
        progress(0, 1, self.tr("Reading both instances…"))
        session = await self.services.sessions.session()
        found = await drift_and_leftovers(session, authenticate=True)
        progress(1, 1, "")
        return found

    def _drift_checked(self, found: tuple[DriftReport, Leftovers]) -> None:
        report, leftovers = found
        self._keep_drift(report, leftovers)
        self.drift_list.clear()
        for drift in report.drifts:
            item = QTreeWidgetItem(
                [drift.instance, drift.record, f"{drift.what} ({drift.found})", drift.fix]
            )
            for column in range(4):
                item.setToolTip(column, drift.text)
            self.drift_list.addTopLevelItem(item)
        self.drift_list.setVisible(bool(report.drifts))
        if report.drifts:
            text = self.tr("{n} difference(s) from the plan:").format(n=len(report.drifts))
        else:
            text = self.tr("No drift: both instances still hold what this plan set up.")
        if leftovers.any:
            text += "\n" + self.tr(
                "{n} test record(s) left behind by an earlier end-to-end test (the next "
                "end-to-end test removes them before it starts):"
            ).format(n=len(leftovers.found))
            text += "".join(f"\n  {x.text}" for x in leftovers.found)
        if leftovers.problems:
            text += "\n" + self.tr("Could not look for test records: {why}").format(
                why="; ".join(leftovers.problems)
            )
        self.drift_result.setText(text)

    def _keep_drift(self, report: DriftReport, leftovers: Leftovers) -> None:
        """Keep the result in the plan (the overview shows it; the window saves the plan)."""
        from halo_wizard.steps.overview import ConnectionCheck, keep_result

        plan = self.plan
        if plan is None:
            return
        path = self.services.plans.path_for(plan.id)
        result = ConnectionCheck(plan.id, plan.name, path, fingerprint=plan.fingerprint())
        result.take(plan, report, leftovers.lines(), len(leftovers.found))
        keep_result(plan, result)
        self.planChanged.emit()

    # ---- slots ----

    def on_drift_button_clicked(self) -> None:
        if self.plan is None:
            return
        self.task.run(self.tr("Checking for drift…"), self._drift_job, self._drift_checked)

    def on_export_button_clicked(self) -> None:
        if self.plan is None:
            return
        doubts = self.not_current()
        if doubts and not self.dialogs.ask(
            self,
            self.tr("Export the report?"),
            "\n\n".join(doubts) + "\n\n" + self.tr("The report will say so. Export it anyway?"),
        ):
            return
        path = self.dialogs.save_file(
            self,
            self.tr("Export the report"),
            export_folder() / self.suggested_pdf_name(),
            self.tr("PDF documents (*.pdf)"),
        )
        if path is None:
            return
        remember_folder(path.parent)
        if path.suffix.casefold() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        size = str(self.page_size.currentData())
        self.task.run(
            self.tr("Writing the report…"),
            lambda progress: self._pdf_job(path, size, progress),
            lambda pages: self._pdf_written(path, pages),
        )

    def on_plan_button_clicked(self) -> None:
        plan = self.plan
        if plan is None:
            return
        path = self.dialogs.save_file(
            self,
            self.tr("Export the plan"),
            export_folder() / (safe_file_name(plan.name) + PLAN_SUFFIX),
            self.tr("Plans (*{suffix})").format(suffix=PLAN_SUFFIX),
        )
        if path is None:
            return
        remember_folder(path.parent)
        if not path.name.endswith(PLAN_SUFFIX):
            path = path.with_name(path.name.removesuffix(".json") + PLAN_SUFFIX)
        try:
            export_plan(plan, path, secrets=self.services.secrets.known_values())
        except (OSError, PlanError) as exc:
            log.warning("plan export to %s failed: %s", path, type(exc).__name__)
            self.task.error.show_problem(
                self.tr("The plan was not exported"),
                str(exc),
                self.tr("Choose another folder, or check that the file is not open elsewhere."),
            )
            return
        self.last_export = path
        self.show_result(
            self.tr(
                "Plan exported to {path}, without secrets: the other administrator imports it "
                "on the Connections page and enters their own client secrets."
            ).format(path=path)
        )
