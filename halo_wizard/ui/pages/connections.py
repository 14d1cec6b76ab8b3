"""The first page: the overview of every connection saved on this machine (where each stands and
what it needs next), to open, start, import, delete, check all at once and export."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from halo_wizard.files import os_reason
from halo_wizard.plan.linked import application_secret_key
from halo_wizard.plan.model import (
    PlanError,
    Side,
    default_secret_key,
    issued_secret_key,
)
from halo_wizard.plan.overview import OverviewRow, read_overview
from halo_wizard.plan.store import PLAN_SUFFIX, PlanFileError, import_plan
from halo_wizard.ui.compat import override
from halo_wizard.ui.dialogs import FileDialogs, documents_folder, safe_file_name
from halo_wizard.ui.pages.check_all import CheckAll
from halo_wizard.ui.pages.overview_model import (
    OverviewFilter,
    OverviewModel,
    connection_mark,
)
from halo_wizard.ui.pages.overview_table import OverviewTable
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.error_panel import ErrorPanel
from halo_wizard.ui.widgets.task_panel import TaskPanel, spawn

if TYPE_CHECKING:  # the check loads the HTTP client: not before it runs
    from halo_wizard.steps.overview import ConnectionCheck
    from halo_wizard.steps.session import Progress

log = logging.getLogger(__name__)


class _Answers(QObject):
    """Carries a read of the plan folder from its worker thread to the page's (a signal emitted
    on another thread is queued to the receiver's)."""

    read = Signal(int, object)  # the read's number, its rows or the error that stopped it


class ConnectionsPage(QWidget):
    """The overview. Opening or starting a plan is asked of the window through signals."""

    openRequested = Signal(str)
    newRequested = Signal()
    newLinkedRequested = Signal()
    """A new plan for a ticket list shared from one instance to another (connected instances)."""
    deleted = Signal(str)
    statusMessage = Signal(str)
    """A line for the window's status bar (a check or an export finished)."""
    planChecked = Signal(str)
    """A plan's drift check was kept in its file (and in the open plan, when it is that one)."""
    loaded = Signal()
    """The plan folder was read and its rows are shown."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.dialogs = FileDialogs()
        self._watched_window: QWidget | None = None
        # The plan folder is read on a worker of its own, never on the window's thread: 50
        # large plans take more than a second to read. Reads run one at a time, the newest
        # one's rows are shown, and a read asked for while one waits to start is that one.
        self._reader = concurrent.futures.ThreadPoolExecutor(1, "plan-folder")
        self._reads = 0
        self._waiting: concurrent.futures.Future[None] | None = None
        self._wanted: str | None = None
        self._closed = False
        self._answers = _Answers(self)
        self._answers.read.connect(self.on_answers_read)
        self.reading = False
        """A read of the plan folder is under way (its rows are not shown yet)."""
        title = layouts.heading(self.tr("Connections"), self, delta=metrics.TITLE_POINT_DELTA)
        intro = layouts.wrapped_label(
            self.tr(
                "Every connection saved on this computer, where it stands and what it needs "
                "next. Open one to carry on, or check them all for drift at once."
            ),
            self,
        )
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter by name, instance or state (Ctrl+F)"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(metrics.FIELD_MIN_WIDTH // 2)
        self.filter.setMaximumWidth(2 * metrics.FIELD_MIN_WIDTH)
        self.filter.setAccessibleName(self.tr("Filter connections"))
        self.count = QLabel(self)
        # Never what keeps the window from being narrow: cut short when there is no room.
        self.count.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        self.check_button = QPushButton(self.tr("Check all"), self)
        self.check_button.setToolTip(
            self.tr(
                "Check every connection for drift at once (within each instance's request "
                "budget); each result is kept in its plan"
            )
        )
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.setToolTip(self.tr("Save this overview as a CSV file or a PDF"))
        export_menu = QMenu(self.export_button)
        self.export_csv_action = export_menu.addAction(self.tr("As CSV (spreadsheet)…"))
        self.export_pdf_action = export_menu.addAction(self.tr("As PDF (one page)…"))
        self.export_button.setMenu(export_menu)

        self.model = OverviewModel(self)
        self.check = CheckAll(services, self.model, self)
        self.proxy = OverviewFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = OverviewTable(self.proxy, self)
        self.table.installEventFilter(self)
        self.filter.installEventFilter(self)

        self.details = layouts.wrapped_label("", self)
        self.details.setObjectName("connectionDetails")
        self.empty = layouts.wrapped_label(self.tr("No plans yet. Start one with New plan."), self)
        self.note = layouts.wrapped_label("", self)
        self.note.hide()
        self.problem = ErrorPanel(self)
        self.task = TaskPanel(self)
        self.new_button = QPushButton(self.tr("New plan"), self)
        self.new_button.setToolTip(self.tr("Ticket sync between two instances (the main path)"))
        self.new_linked_button = QPushButton(self.tr("New shared ticket list"), self)
        self.new_linked_button.setToolTip(
            self.tr("Show a ticket list of one instance in another (connected instances)")
        )
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.setToolTip(self.tr("Open the selected plan where you left off (Enter)"))
        self.delete_button = QPushButton(self.tr("Delete…"), self)
        self.delete_button.setToolTip(
            self.tr("Move the selected plan to the trash folder (asks first; Delete key)")
        )
        self.import_button = QPushButton(self.tr("Import plan…"), self)
        self.import_button.setToolTip(
            self.tr("Open a plan another administrator exported (it holds no secrets)")
        )
        self.open_button.setDefault(True)
        filter_row = layouts.hbox(self.filter, None, self.check_button, self.export_button)
        filter_row.setStretch(0, 3)  # the filter takes most of the width, up to its maximum
        page_layout = layouts.vbox(
            layouts.hbox(title, self.count),
            intro,
            metrics.SPACING_SMALL,
            filter_row,
            self.table,
            self.details,
            self.empty,
            self.note,
            self.problem,
            self.task,
            layouts.hbox(
                self.new_button,
                self.new_linked_button,
                self.import_button,
                None,
                self.delete_button,
                self.open_button,
            ),
            margin=metrics.MARGIN,
        )
        self.setLayout(page_layout)
        page_layout.setStretchFactor(self.table, 1)
        self.find_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        self.find_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_shortcut.activated.connect(self.on_find_shortcut_activated)
        self.task.guard(self.check_button, self.import_button, self.export_button)
        self.task.runningChanged.connect(self.on_task_runningChanged)
        self.check.rowChecked.connect(self.on_check_rowChecked)
        self.new_button.clicked.connect(self.on_new_button_clicked)
        self.new_linked_button.clicked.connect(self.newLinkedRequested)
        self.open_button.clicked.connect(self.on_open_button_clicked)
        self.delete_button.clicked.connect(self.on_delete_button_clicked)
        self.import_button.clicked.connect(self.on_import_button_clicked)
        self.check_button.clicked.connect(self.on_check_button_clicked)
        self.export_csv_action.triggered.connect(self.on_export_csv_action_triggered)
        self.export_pdf_action.triggered.connect(self.on_export_pdf_action_triggered)
        self.filter.textChanged.connect(self.on_filter_textChanged)
        self.table.doubleClicked.connect(self.on_table_doubleClicked)
        self.table.selectionModel().selectionChanged.connect(self.on_table_selectionChanged)
        self.refresh()

    # ---- what the window calls ----

    def refresh(self, select: str | None = None) -> None:
        """Read every plan again (each file once, on a worker thread) and show where each
        stands when read (`loaded`); then `select` that plan, else the one selected now."""
        if select is not None:
            self._wanted = select
        elif self._wanted is None and (current := self.selected()) is not None:
            self._wanted = current.plan_id
        if self._closed:
            return
        self.reading = True
        self._update_counts()
        waiting = self._waiting
        if waiting is not None and not waiting.running() and not waiting.done():
            return  # the read waiting to start reads the folder as it will be then
        self._reads += 1
        self._waiting = self._reader.submit(self._read, self._reads)

    def _read(self, number: int) -> None:
        """On the reader's thread: the rows of every plan, or what stopped the read."""
        try:
            answer: list[OverviewRow] | Exception = read_overview(self.services.plans)
        except Exception as exc:  # any failure becomes a message on the page, never a crash
            log.warning("the plan folder could not be read: %s", exc)
            answer = exc
        try:
            self._answers.read.emit(number, answer)
        except RuntimeError:  # the page is gone (its window closed): nobody waits for the rows
            log.debug("plan folder read %d ended after its page", number)

    def on_answers_read(self, number: int, answer: object) -> None:
        if number != self._reads:
            return  # a newer read is under way: its rows are the ones to show
        self._waiting = None
        self.reading = False
        if isinstance(answer, Exception):
            self._update_counts()
            reason = os_reason(answer) if isinstance(answer, OSError) else str(answer)
            self.problem.show_problem(
                self.tr("The plan folder could not be read"),
                reason,
                self.tr("Check that {folder} exists and can be read, then come back here.").format(
                    folder=self.services.plans.directory
                ),
            )
            return
        assert isinstance(answer, list)
        wanted, self._wanted = self._wanted, None
        self.model.set_rows(answer)
        self.table.fit_columns()
        if wanted is not None and self.position(wanted) >= 0:
            self.select(wanted)
        else:
            self._select_proxy_row(0)
        self._update_counts()
        self.update_controls()
        self.loaded.emit()

    def close_reader(self) -> None:
        """No more reads: the one under way ends on its own, and its answer is dropped."""
        self._closed = True
        self._reads += 1
        self.reading = False
        self._reader.shutdown(wait=False, cancel_futures=True)

    def rows(self) -> list[OverviewRow]:
        """The rows shown (filtered), top to bottom."""
        found = []
        for at in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(at, 0))
            row = self.model.row_at(source.row())
            if row is not None:
                found.append(row)
        return found

    def row_count(self) -> int:
        return self.proxy.rowCount()

    def position(self, plan_id: str) -> int:
        """Where the plan stands in the table as shown (-1: not shown)."""
        at = self.model.position(plan_id)
        if at < 0:
            return -1
        return self.proxy.mapFromSource(self.model.index(at, 0)).row()

    def selected(self) -> OverviewRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(self.proxy.mapToSource(index).row())

    def select(self, plan_id: str) -> None:
        """Select the plan's row (while the folder is read, once it is read)."""
        if self.reading:
            self._wanted = plan_id
        at = self.position(plan_id)
        if at >= 0:
            self._select_proxy_row(at)

    def is_busy(self) -> bool:
        return self.task.is_running()

    def cancel(self) -> None:
        self.task.cancel()

    def pending(self) -> list[asyncio.Task[Any]]:
        """The check or export not finished yet (the window awaits it before the loop ends)."""
        return self.task.pending()

    def confirm_delete(self, row: OverviewRow) -> bool:
        """Ask before deleting (tests replace this)."""
        answer = QMessageBox.question(
            self,
            self.tr("Delete plan"),
            self.tr(
                "Delete the plan “{name}”?\n\nThe file moves to the trash folder of the plan "
                "folder, and its client secrets are removed from {where}. Nothing changes on "
                "the Halo instances."
            ).format(name=row.name, where=self.services.secrets.description),
        )
        return answer == QMessageBox.StandardButton.Yes

    def update_controls(self) -> None:
        row = self.selected()
        busy = self.task.is_running()
        self.open_button.setEnabled(row is not None and row.ok)
        self.delete_button.setEnabled(row is not None and not busy)
        self.check_button.setEnabled(self.model.rowCount() > 0 and not busy)
        self.export_button.setEnabled(not busy)
        self.import_button.setEnabled(not busy)

    # ---- showing ----

    def _select_proxy_row(self, at: int) -> None:
        if not 0 <= at < self.proxy.rowCount():
            self.table.clearSelection()
            self.table.setCurrentIndex(QModelIndex())
            self._show_selected()
            return
        index = self.proxy.index(at, 0)
        self.table.setCurrentIndex(index)
        self.table.selectRow(at)
        self.table.scrollTo(index)
        self._show_selected()

    def _show_selected(self) -> None:
        row = self.selected()
        self.problem.clear()
        if row is None:
            self.details.clear()
            self.details.setVisible(False)
        elif not row.ok:
            self.details.setVisible(False)
            self.problem.show_problem(self.tr("This plan cannot be opened"), row.problem)
        else:
            self.details.setText(
                self.tr("{name} — next: {next}").format(
                    name=row.name, next=self.model.next_text(row)
                )
                + "\n"
                + self.model.details(row)
            )
            self.details.setVisible(True)
        self.update_controls()

    def _update_counts(self) -> None:
        total = self.model.rowCount()
        rows = self.model.rows()
        urgent = sum(1 for row in rows if connection_mark(row) is icons.Mark.ATTENTION)
        shown = self.proxy.rowCount()
        text = self.tr("{n} connection(s), {urgent} need attention").format(n=total, urgent=urgent)
        if shown != total:
            text = self.tr("{shown} of {text}").format(shown=shown, text=text)
        self.count.setText(text if total or not self.reading else self.tr("Reading the plans…"))
        self.empty.setVisible(total == 0 and not self.reading)
        self.table.setVisible(total > 0)

    def show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))
        if text:
            self.statusMessage.emit(text)

    # ---- Check all ----

    def _checked(self, results: list[ConnectionCheck]) -> None:
        from halo_wizard.steps.overview import CheckState

        drifted = sum(1 for r in results if r.state is CheckState.DRIFTED)
        unchecked = sum(1 for r in results if r.state is CheckState.CANNOT)
        text = self.tr(
            "Checked {n} connection(s): {clean} without drift, {drifted} drifted, {unchecked} "
            "could not be checked."
        ).format(
            n=len(results),
            clean=len(results) - drifted - unchecked,
            drifted=drifted,
            unchecked=unchecked,
        )
        self.show_note(text)
        self._update_counts()
        if self.check.not_kept:
            self.problem.show_problem(
                self.tr("Some results were not kept in their plans"),
                "\n".join(self.check.not_kept),
                self.tr("Check that the plan folder can be written to, then check again."),
            )

    # ---- Export ----

    def suggested_name(self, suffix: str, today: dt.date | None = None) -> str:
        day = (today or dt.date.today()).isoformat()
        return safe_file_name(self.tr("Connections overview {day}").format(day=day)) + suffix

    def _export(self, suffix: str, what: str, filters: str) -> None:
        path = self.dialogs.save_file(
            self,
            self.tr("Export the overview as {what}").format(what=what),
            documents_folder() / self.suggested_name(suffix),
            filters,
        )
        if path is None:
            return
        if path.suffix.casefold() != suffix:
            path = path.with_name(path.name + suffix)
        rows = self.model.rows()
        folder = self.services.plans.directory
        self.task.run(
            self.tr("Writing {name}…").format(name=path.name),
            lambda progress: self._export_job(path, rows, folder, progress),
            lambda pages: self._exported(path, pages),
        )

    async def _export_job(
        self, path: Path, rows: list[OverviewRow], folder: Path, progress: Progress
    ) -> int | None:
        """Write the file off the loop; a folder that cannot be written is said on the page."""
        from halo_wizard.plan.overview import write_csv

        progress(0, 0, self.tr("Writing {name}…").format(name=path.name))
        loop = asyncio.get_running_loop()

        def write() -> int:
            if path.suffix.casefold() == ".csv":
                write_csv(rows, path)
                return 0
            from halo_wizard.report.overview import write_overview_pdf

            return write_overview_pdf(rows, path, folder=folder)

        try:
            return await loop.run_in_executor(None, write)
        except OSError as exc:
            log.warning("overview export to %s failed: %s", path, os_reason(exc))
            self.task.error.show_problem(
                self.tr("The overview was not written"),
                self.tr("{path} could not be written: {why}.").format(
                    path=path, why=os_reason(exc)
                ),
                self.tr("Choose another folder, or close the file if another program has it."),
            )
            return None

    def _exported(self, path: Path, pages: int | None) -> None:
        if pages is None:
            return
        if pages == 0:
            text = self.tr("Saved {path}.").format(path=path)
        elif pages == 1:
            text = self.tr("Saved {path} (1 page).").format(path=path)
        else:
            text = self.tr("Saved {path} ({n} pages).").format(path=path, n=pages)
        self.show_note(text)

    # ---- Qt overrides ----

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        window = self.window()
        if window is not self and window is not self._watched_window:
            window.installEventFilter(self)  # a check stops when its window closes
            self._watched_window = window

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched_window and event.type() == QEvent.Type.Close:
            self.cancel()
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.on_open_button_clicked()
                return True
            if watched is self.table and key == Qt.Key.Key_Delete:
                if self.delete_button.isEnabled():
                    self.on_delete_button_clicked()
                return True
            if watched is self.filter and key == Qt.Key.Key_Down and self.proxy.rowCount():
                self.table.setFocus()
                if not self.table.currentIndex().isValid():
                    self._select_proxy_row(0)
                return True
            if watched is self.filter and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.on_open_button_clicked()  # the one row the filter left, most often
                return True
            if watched is self.filter and key == Qt.Key.Key_Escape and self.filter.text():
                self.filter.clear()
                return True
        return super().eventFilter(watched, event)

    # ---- slots ----

    def on_find_shortcut_activated(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def on_filter_textChanged(self, text: str) -> None:
        current = self.selected()
        self.proxy.setFilterFixedString(text.strip())
        if current is not None and self.position(current.plan_id) >= 0:
            self.select(current.plan_id)
        else:
            self._select_proxy_row(0)
        self._update_counts()

    def on_table_selectionChanged(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        self._show_selected()

    def on_table_doubleClicked(self, _index: QModelIndex) -> None:
        self.on_open_button_clicked()

    def on_check_rowChecked(self, plan_id: str) -> None:
        self.planChecked.emit(plan_id)
        self._show_selected()

    def on_task_runningChanged(self, running: bool) -> None:
        # While Check all runs, its results update rows in place: they stay where they are
        # (the admin may be reading or about to click one), and take their places at the end.
        self.proxy.setDynamicSortFilter(not running)
        self.update_controls()

    def on_new_button_clicked(self) -> None:
        self.newRequested.emit()

    def on_open_button_clicked(self) -> None:
        row = self.selected()
        if row is not None and row.ok:
            self.openRequested.emit(row.plan_id)

    def on_check_button_clicked(self) -> None:
        self.show_note("")
        self.task.run(self.tr("Checking every connection…"), self.check.run, self._checked)

    def on_export_csv_action_triggered(self) -> None:
        self._export(".csv", self.tr("CSV"), self.tr("CSV files (*.csv)"))

    def on_export_pdf_action_triggered(self) -> None:
        self._export(".pdf", self.tr("PDF"), self.tr("PDF documents (*.pdf)"))

    def on_delete_button_clicked(self) -> None:
        row = self.selected()
        if row is None or self.task.is_running() or not self.confirm_delete(row):
            return
        # Every entry the plan may have used, including a shared list's application secret.
        keys = [default_secret_key(row.plan_id, side) for side in Side]
        keys.append(application_secret_key(row.plan_id))
        keys.extend(issued_secret_key(row.plan_id, side) for side in Side)
        if row.ok:
            try:
                plan = self.services.plans.open(row.plan_id)
                keys[:2] = [plan.secret_key_for(side) for side in Side]
            except PlanFileError:
                log.info("plan %s cannot be read; removing its default secret entries", row.plan_id)
        try:
            self.services.plans.delete(row.plan_id)
        except (PlanFileError, OSError) as exc:
            self.problem.show_problem(self.tr("Could not delete the plan"), str(exc))
            return
        spawn(self._forget_secrets(keys))
        self.deleted.emit(row.plan_id)
        self.model.remove(row.plan_id)  # gone at once; the read that follows confirms it
        self.refresh()

    def on_import_button_clicked(self) -> None:
        path = self.dialogs.open_file(
            self,
            self.tr("Import a plan"),
            documents_folder(),
            self.tr("Plans (*{suffix} *.json)").format(suffix=PLAN_SUFFIX),
        )
        if path is None:
            return
        try:
            plan = import_plan(path)
            self.services.plans.save(plan, secrets=self.services.secrets.known_values())
        except (PlanError, OSError) as exc:
            self.problem.show_problem(self.tr("The plan was not imported"), str(exc))
            return
        log.info("imported plan %s as %s", path.name, plan.id)
        self.refresh(select=plan.id)

    async def _forget_secrets(self, keys: list[str]) -> None:
        for key in keys:
            await self.services.secrets.delete(key)
