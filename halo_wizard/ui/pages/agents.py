"""Step 6: the customer side's agents become end users under the customer profile in the
supplier's instance, matched by e-mail (rule R4)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from halo_wizard.plan.model import StepId
from halo_wizard.steps import agents
from halo_wizard.steps.agents import AgentOutcome, AgentSurvey
from halo_wizard.steps.session import Progress, Session
from halo_wizard.ui.pages.agents_model import AGENT, EMAIL, OUTCOME, AgentFilter, AgentTableModel
from halo_wizard.ui.pages.survey_page import SurveyPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.status_line import StatusLine

_WIDEST_COLUMN = 420
"""A column is never wider than this: a very long e-mail address is elided, not the table."""


class AgentsPage(SurveyPage):
    step_id = StepId.AGENTS

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.set_heading(
            self.tr("Agents as end users"),
            self.tr(
                "A ticket sent to the supplier is created under the customer whose user raised "
                "it, matched by e-mail. So every agent of the customer's instance who escalates "
                "tickets must exist as an end user under the customer profile in the supplier's "
                "instance."
            ),
        )
        self.counts = StatusLine("", self)
        self.model = AgentTableModel(self)
        self.proxy = AgentFilter(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search by name or e-mail"))
        self.search.setClearButtonEnabled(True)
        self.outcome = QComboBox(self)
        self.outcome.addItem(self.tr("All agents"), None)
        for outcome in AgentOutcome:
            self.outcome.addItem(self.model.outcome_text(outcome), outcome)
        self.include_disabled = QCheckBox(self.tr("Include disabled agents"), self)
        self.leave_out = QPushButton(self.tr("Leave out / include selected"), self)
        self.leave_out.setToolTip(self.tr("Agents left out are not created (kept in the plan)"))
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(AGENT, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        # Tab leaves the table for the next control; the arrow keys move within it.
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        row_height = self.table.fontMetrics().height() + 2 * metrics.SPACING_SMALL + 2
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        self.table.setMinimumHeight(260)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.add_section(layouts.row(self.counts, self.check_button))
        self.add_section(
            layouts.row(self.search, self.outcome, self.include_disabled, self.leave_out, stretch=0)
        )
        self.add_section(self.table, 2)
        self.add_section(self.changes, 1)
        self.add_section(self.manual)
        self.task.guard(self.include_disabled, self.leave_out)
        self.search.textChanged.connect(self.on_search_textChanged)
        self.outcome.currentIndexChanged.connect(self.on_outcome_currentIndexChanged)
        self.include_disabled.toggled.connect(self.on_include_disabled_toggled)
        self.leave_out.clicked.connect(self.on_leave_out_clicked)

    # ---- survey ----

    def survey_text(self) -> str:
        return self.tr("Reading the agents and the customer's end users…")

    async def survey(self, session: Session, progress: Progress) -> AgentSurvey:
        return await agents.survey(session)

    def reset(self) -> None:
        super().reset()
        self.model.set_rows([])
        self.counts.set(icons.Mark.PENDING, self.tr("Not checked yet"))
        if self.plan is not None:
            self.include_disabled.blockSignals(True)
            self.include_disabled.setChecked(self.plan.agents.include_disabled)
            self.include_disabled.blockSignals(False)

    def show_survey(self, result: AgentSurvey) -> None:
        self.model.set_rows(result.rows)
        # With nothing to write, the table takes the height the list of changes had.
        self.body_layout.setStretchFactor(self.changes, 1 if result.changes else 0)
        self.fit_columns()
        create = result.count(AgentOutcome.CREATE)
        text = self.tr(
            "{total} agents: {create} will be created, {exists} already there, {skipped} skipped"
        ).format(
            total=len(result.rows),
            create=create,
            exists=result.count(AgentOutcome.EXISTS),
            skipped=result.count(AgentOutcome.SKIPPED),
        )
        self.counts.set(icons.Mark.CURRENT if create else icons.Mark.DONE, text)

    def fit_columns(self) -> None:
        """Widths from every agent, not only those a search shows, within sensible bounds: a
        search or a short list never leaves the columns narrow."""
        metrics_ = self.table.fontMetrics()
        padding = 2 * metrics.SPACING + metrics.ICON_SIZE
        for column, least in ((AGENT, 180), (EMAIL, 240), (OUTCOME, 150)):
            widest = max(metrics_.horizontalAdvance(t) for t in self.model.column_texts(column))
            self.table.setColumnWidth(column, min(max(widest + padding, least), _WIDEST_COLUMN))

    def update_controls(self) -> None:
        self.leave_out.setEnabled(not self.is_busy() and self.survey_result is not None)

    # ---- slots ----

    def on_search_textChanged(self, text: str) -> None:
        self.proxy.set_text(text)

    def on_outcome_currentIndexChanged(self, index: int) -> None:
        self.proxy.set_outcome(self.outcome.itemData(index))

    def on_include_disabled_toggled(self, checked: bool) -> None:
        if self.plan is None or self.plan.agents.include_disabled == checked:
            return
        self.plan.agents.include_disabled = checked
        self.planChanged.emit()
        self.refresh()

    def on_leave_out_clicked(self) -> None:
        plan = self.plan
        if plan is None:
            return
        emails = {
            self.model.row_at(self.proxy.mapToSource(index).row()).email
            for index in self.table.selectionModel().selectedRows()
        }
        emails.discard("")
        if not emails:
            self.statusMessage.emit(self.tr("Select the agents to leave out or include first."))
            return
        for email in emails:
            if plan.agents.is_skipped(email):
                plan.agents.skip = [e for e in plan.agents.skip if e.casefold() != email.casefold()]
            elif "@" in email:
                plan.agents.skip.append(email)
        self.planChanged.emit()
        self.refresh()
