"""The first page: the plans saved on this machine, to open, start or delete."""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from halo_wizard.plan.linked import application_secret_key, step_title
from halo_wizard.plan.model import (
    PlanError,
    Side,
    StepId,
    default_secret_key,
    issued_secret_key,
)
from halo_wizard.plan.store import PLAN_SUFFIX, PlanFileError, PlanSummary, import_plan
from halo_wizard.ui.dialogs import FileDialogs, documents_folder
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.error_panel import ErrorPanel
from halo_wizard.ui.widgets.task_panel import spawn

log = logging.getLogger(__name__)

_ID_ROLE = Qt.ItemDataRole.UserRole


def _when(text: str | None) -> str:
    if not text:
        return ""
    try:
        moment = datetime.fromisoformat(text).astimezone()
    except ValueError:
        return text
    return moment.strftime("%Y-%m-%d %H:%M")


class ConnectionsPage(QWidget):
    """The plan list. Opening or starting a plan is asked of the window through signals."""

    openRequested = Signal(str)
    newRequested = Signal()
    newLinkedRequested = Signal()
    """A new plan for a ticket list shared from one instance to another (connected instances)."""
    deleted = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.dialogs = FileDialogs()
        self._summaries: dict[str, PlanSummary] = {}
        title = layouts.heading(self.tr("Connections"), self, delta=metrics.TITLE_POINT_DELTA)
        intro = layouts.wrapped_label(
            self.tr(
                "Each plan connects two Halo instances for ticket sync. Open one to carry on "
                "where you left off, or start a new one."
            ),
            self,
        )
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("Plan"), self.tr("Where it stands"), self.tr("Changed")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setIconSize(icons.icon(icons.Mark.DONE).availableSizes()[0])
        self.empty = layouts.wrapped_label(self.tr("No plans yet. Start one with New plan."), self)
        self.problem = ErrorPanel(self)
        self.new_button = QPushButton(self.tr("New plan"), self)
        self.new_button.setToolTip(self.tr("Ticket sync between two instances (the main path)"))
        self.new_linked_button = QPushButton(self.tr("New shared ticket list"), self)
        self.new_linked_button.setToolTip(
            self.tr("Show a ticket list of one instance in another (connected instances)")
        )
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.setToolTip(self.tr("Open the selected plan where you left off"))
        self.delete_button = QPushButton(self.tr("Delete…"), self)
        self.delete_button.setToolTip(
            self.tr("Move the selected plan to the trash folder (asks first)")
        )
        self.import_button = QPushButton(self.tr("Import plan…"), self)
        self.import_button.setToolTip(
            self.tr("Open a plan another administrator exported (it holds no secrets)")
        )
        self.open_button.setDefault(True)
        page_layout = layouts.vbox(
            title,
            intro,
            metrics.SPACING,
            self.tree,
            self.empty,
            self.problem,
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
        page_layout.setStretchFactor(self.tree, 1)
        self.new_button.clicked.connect(self.on_new_button_clicked)
        self.new_linked_button.clicked.connect(self.newLinkedRequested)
        self.open_button.clicked.connect(self.on_open_button_clicked)
        self.delete_button.clicked.connect(self.on_delete_button_clicked)
        self.import_button.clicked.connect(self.on_import_button_clicked)
        self.tree.itemSelectionChanged.connect(self.on_tree_itemSelectionChanged)
        self.tree.itemDoubleClicked.connect(self.on_tree_itemDoubleClicked)
        self.refresh()

    def refresh(self) -> None:
        """Read the plan list again (the store reads the folder)."""
        self.tree.clear()
        self._summaries = {}
        for summary in self.services.plans.list():
            self._summaries[summary.id] = summary
            self.tree.addTopLevelItem(self._item(summary))
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        self.tree.setColumnWidth(0, max(self.tree.columnWidth(0), 320))
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        self.empty.setVisible(not self._summaries)
        self.on_tree_itemSelectionChanged()

    def _item(self, summary: PlanSummary) -> QTreeWidgetItem:
        if not summary.ok:
            item = QTreeWidgetItem([summary.path.name, self.tr("Cannot be opened"), ""])
            item.setIcon(0, icons.icon(icons.Mark.ATTENTION))
            item.setToolTip(0, summary.error or "")
            item.setToolTip(1, summary.error or "")
        else:
            step = summary.current_step or StepId.INSTANCES
            where = self.tr("Step {n}: {title}").format(
                n=int(step), title=step_title(summary.kind, step)
            )
            item = QTreeWidgetItem([summary.name, where, _when(summary.updated_at)])
            item.setIcon(0, icons.icon(icons.Mark.CURRENT))
        item.setData(0, _ID_ROLE, summary.id)
        return item

    def selected(self) -> PlanSummary | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        return self._summaries.get(str(item.data(0, _ID_ROLE)))

    def select(self, plan_id: str) -> None:
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item is not None and item.data(0, _ID_ROLE) == plan_id:
                self.tree.setCurrentItem(item)

    def confirm_delete(self, summary: PlanSummary) -> bool:
        """Ask before deleting (tests replace this)."""
        answer = QMessageBox.question(
            self,
            self.tr("Delete plan"),
            self.tr(
                "Delete the plan “{name}”?\n\nThe file moves to the trash folder of the plan "
                "folder, and its client secrets are removed from {where}. Nothing changes on "
                "the Halo instances."
            ).format(name=summary.name, where=self.services.secrets.description),
        )
        return answer == QMessageBox.StandardButton.Yes

    # ---- slots ----

    def on_tree_itemSelectionChanged(self) -> None:
        summary = self.selected()
        self.open_button.setEnabled(summary is not None and summary.ok)
        self.delete_button.setEnabled(summary is not None)
        self.problem.clear()
        if summary is not None and not summary.ok:
            self.problem.show_problem(self.tr("This plan cannot be opened"), summary.error or "")

    def on_tree_itemDoubleClicked(self, _item: QTreeWidgetItem, _column: int) -> None:
        self.on_open_button_clicked()

    def on_new_button_clicked(self) -> None:
        self.newRequested.emit()

    def on_open_button_clicked(self) -> None:
        summary = self.selected()
        if summary is not None and summary.ok:
            self.openRequested.emit(summary.id)

    def on_delete_button_clicked(self) -> None:
        summary = self.selected()
        if summary is None or not self.confirm_delete(summary):
            return
        # Every entry the plan may have used, including a shared list's application secret.
        keys = [default_secret_key(summary.id, side) for side in Side]
        keys.append(application_secret_key(summary.id))
        keys.extend(issued_secret_key(summary.id, side) for side in Side)
        if summary.ok:
            try:
                plan = self.services.plans.open(summary.id)
                keys[:2] = [plan.secret_key_for(side) for side in Side]
            except PlanFileError:
                log.info("plan %s cannot be read; removing its default secret entries", summary.id)
        try:
            self.services.plans.delete(summary.id)
        except (PlanFileError, OSError) as exc:
            self.problem.show_problem(self.tr("Could not delete the plan"), str(exc))
            return
        spawn(self._forget_secrets(keys))
        self.deleted.emit(summary.id)
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
        self.refresh()
        self.select(plan.id)

    async def _forget_secrets(self, keys: list[str]) -> None:
        for key in keys:
            await self.services.secrets.delete(key)
