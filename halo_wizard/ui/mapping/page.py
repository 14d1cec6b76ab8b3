"""Step 7: both profiles' inbound mappings, auto-mapped, overridden, reviewed and written."""

from __future__ import annotations

import asyncio
import html
import logging
import threading
import time
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QStackedWidget,
    QTabBar,
    QWidget,
)

from halo_wizard.api.client import Record
from halo_wizard.plan.model import MappingKind, Side, StepId, StepStatus
from halo_wizard.steps import learning, mappings
from halo_wizard.steps.apply import ApplyReport
from halo_wizard.steps.changes import Change
from halo_wizard.steps.mappings import (
    DIRECTIONS,
    KINDS,
    SPEC,
    Direction,
    KindSpec,
    MappingSurvey,
    direction_into,
)
from halo_wizard.steps.profiles import CUSTOMER_PROFILE
from halo_wizard.steps.session import Progress, Session
from halo_wizard.steps.setup import apply_step
from halo_wizard.steps.unknowns import AnswerNeeded
from halo_wizard.ui.compat import override
from halo_wizard.ui.mapping.commands import MappingCommand, MappingsCommand
from halo_wizard.ui.mapping.defaults import DefaultsBar
from halo_wizard.ui.mapping.model import MappingTableModel, Show
from halo_wizard.ui.mapping.review import ReviewPanel
from halo_wizard.ui.mapping.sentence import SentenceLabel
from halo_wizard.ui.mapping.toolbar import MappingToolbar
from halo_wizard.ui.mapping.view import MappingTableView
from halo_wizard.ui.mapping.widgets import SegmentedSwitch
from halo_wizard.ui.mapping.workspace import MappingEdit, MappingWorkspace
from halo_wizard.ui.mapping.write_bar import WriteBar
from halo_wizard.ui.pages.base import StepPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.status_line import StatusLine

log = logging.getLogger(__name__)


class AutoMapCancelled(Exception):
    """Raised in the auto-map's worker thread at its next progress report once Cancel was
    pressed."""


EDITOR, REVIEW = 0, 1
PROGRESS_INTERVAL = 0.1
"""Seconds between two of auto-map's progress reports shown on the bar."""
REPAINT_FIRST = 0.05
"""Seconds auto-map waits before it starts, for the page to be repainted."""
WIDE_WIDTH = 1500
"""From this page width on, both directions' tables are shown side by side (full HD: ~1680)."""


class MappingsPage(StepPage):
    """One table per kind and direction; every change is an undo command on the plan.

    Reads both instances when first shown; writes only after the admin has reviewed the
    profile updates, then reads both profiles back and says whether they hold what the plan says.
    """

    step_id = StepId.MAPPINGS

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self._settings_recorded: list[str] = []  # said after the write that recorded them
        self.set_heading(
            self.tr("Mappings"),
            self.tr(
                "What each value of one instance becomes in the other. Nothing is written "
                "before you review it."
            ),
        )
        self.workspace: MappingWorkspace | None = None
        self.direction: Direction = DIRECTIONS[0]
        self.kind = MappingKind.STATUS
        self.undo_stack = QUndoStack(self)

        self.undo_action = QAction(self.tr("Undo"), self)
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = QAction(self.tr("Redo"), self)
        redo_keys = [QKeySequence("Ctrl+Shift+Z")]
        redo_keys += [
            k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo) if k not in redo_keys
        ]
        self.redo_action.setShortcuts(redo_keys)

        self.directions = SegmentedSwitch(["", ""], self)
        self.profile_note = QLabel(self)
        self.profile_note.setStyleSheet(f"color: {metrics.PENDING_COLOR};")
        self.kinds = QTabBar(self)
        self.kinds.setExpanding(False)
        self.kinds.setDrawBase(False)
        self.kinds.setToolTip(self.tr("Ctrl+PgDown, Ctrl+PgUp: next and previous table"))
        self.sentence = SentenceLabel(self)
        self.toolbar = MappingToolbar(self.undo_action, self.redo_action, self)
        self.counter = StatusLine("", self)
        # One table per direction: both side by side when the page is wide enough, else only
        # the current direction's. `model` and `table` are always the current direction's.
        self.models = [MappingTableModel(self) for _ in DIRECTIONS]
        self.tables = [MappingTableView(model, self) for model in self.models]
        self.table_titles = [QLabel(self) for _ in DIRECTIONS]
        self.model = self.models[0]
        self.table = self.tables[0]
        self.wide = False
        self.defaults = DefaultsBar(self)
        self.write_bar = WriteBar(self)
        self.review = ReviewPanel(self)
        self._example: learning.Example | None = None
        self.notice = ""
        """What the last Accept all left for the admin (flagged suggestions), in words."""
        self._read_from: tuple[Session, dict[tuple[Side, str], list[Record] | None]] | None = None
        """The session and lists the workspace was read from (to see when they are forgotten)."""
        self._pending_show: tuple[Side, MappingKind, int | None] | None = None
        """A row "Show me" asked for while the page was reading."""

        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        for keys, slot in (
            ("Ctrl+F", self.toolbar.search.setFocus),
            ("Ctrl+PgDown", lambda: self._step_kind(1)),
            ("Ctrl+PgUp", lambda: self._step_kind(-1)),
            ("Ctrl+1", lambda: self.directions.set_current(0)),
            ("Ctrl+2", lambda: self.directions.set_current(1)),
        ):
            shortcut = QAction(self)
            shortcut.setShortcut(QKeySequence(keys))
            shortcut.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.triggered.connect(slot)
            self.addAction(shortcut)

        separator = QFrame(self)
        separator.setFrameShape(QFrame.Shape.HLine)
        separator.setFrameShadow(QFrame.Shadow.Sunken)
        editor = QWidget(self)
        self.table_columns: list[QWidget] = []
        for title, table in zip(self.table_titles, self.tables, strict=True):
            column = QWidget(self)
            column.setLayout(layouts.vbox(title, table, spacing=metrics.SPACING_SMALL))
            self.table_columns.append(column)
            title.hide()
            table.installEventFilter(self)
            table.viewport().installEventFilter(self)
        tables = QWidget(self)
        tables.setLayout(layouts.hbox(*self.table_columns))
        self.table_columns[1].hide()
        self.profile_note.setWordWrap(True)
        header_row = layouts.hbox(self.directions, self.profile_note)
        header_row.setStretch(1, 1)
        editor_layout = layouts.vbox(
            header_row,
            self.kinds,
            self.sentence,
            self.toolbar,
            self.counter,
            tables,
            self.defaults,
            separator,
            self.write_bar,
        )
        editor_layout.setStretchFactor(tables, 1)
        editor.setLayout(editor_layout)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(editor)
        self.stack.addWidget(self.review)
        self.add_section(self.stack, 1)

        bar = self.toolbar
        self.task.guard(
            bar.auto_button,
            bar.accept_all_button,
            bar.clear_all_button,
            self.write_bar.review_button,
            self.write_bar.read_again_button,
            *self.tables,
            self.defaults,
            self.review.changes.write_button,
            self.review.back_button,
        )
        self.directions.changed.connect(self.on_directions_changed)
        self.kinds.currentChanged.connect(self.on_kinds_currentChanged)
        bar.search.textChanged.connect(self.on_search_textChanged)
        bar.show_filter.currentIndexChanged.connect(self.on_show_filter_currentIndexChanged)
        bar.auto_button.clicked.connect(self.on_auto_this_triggered)
        bar.auto_this.triggered.connect(self.on_auto_this_triggered)
        bar.auto_all.triggered.connect(self.on_auto_all_triggered)
        bar.accept_all_button.clicked.connect(self.on_accept_all_button_clicked)
        bar.clear_all_button.clicked.connect(self.on_clear_all_button_clicked)
        self.undo_action.triggered.connect(self.undo_stack.undo)
        self.redo_action.triggered.connect(self.undo_stack.redo)
        self.undo_stack.indexChanged.connect(self.on_undo_stack_indexChanged)
        for model, table in zip(self.models, self.tables, strict=True):
            model.editRequested.connect(self.push)
            table.clearRequested.connect(self.on_table_clearRequested)
            table.acceptRequested.connect(self.on_table_acceptRequested)
            table.match_delegate.acceptClicked.connect(self.on_match_delegate_acceptClicked)
            table.selectionModel().currentRowChanged.connect(self.on_table_currentRowChanged)
        self.defaults.defaultChosen.connect(self.on_defaults_defaultChosen)
        self.defaults.attachmentsToggled.connect(self.on_defaults_attachmentsToggled)
        self.write_bar.review_button.clicked.connect(self.on_review_button_clicked)
        self.write_bar.read_again_button.clicked.connect(self.on_read_again_button_clicked)
        self.review.backRequested.connect(self.on_review_backRequested)
        self.review.writeRequested.connect(self.on_review_writeRequested)
        self.review.learn_button.clicked.connect(self.on_learn_button_clicked)
        self.task.guard(self.review.learn_button)
        self._reserve_counter_lines()
        self.reset()

    # ---- the window's calls ----

    def reset(self) -> None:
        self.workspace = None
        self._read_from = None
        self.undo_stack.clear()
        self.stack.setCurrentIndex(EDITOR)
        self.task.error.clear()
        self.show_table()

    def enter(self) -> None:
        if self.plan is None or self.is_busy():
            return
        if self.workspace is None or self.instances_changed():
            self.read()

    def instances_changed(self) -> bool:
        """True when a list this page was read from has been forgotten since (a step wrote to
        that instance): the catalogue shown is old and is read again."""
        if self._read_from is None:
            return self.workspace is not None
        session, lists = self._read_from
        return any(
            session.reader(side).cached(entity) is not seen
            for (side, entity), seen in lists.items()
        )

    def _remember_lists(self, session: Session) -> None:
        wanted = [(side, spec.entity) for side in Side for spec in KINDS]
        wanted += [(d.receiver, d.role.entity) for d in DIRECTIONS]
        self._read_from = (
            session,
            {(side, entity): session.reader(side).cached(entity) for side, entity in wanted},
        )

    def is_complete(self) -> bool:
        workspace = self.workspace
        if self.is_busy() or workspace is None:
            return False
        if any(d.receiver not in workspace.profiles for d in DIRECTIONS):
            return False
        if any(workspace.missing_defaults(d) for d in DIRECTIONS):
            return False
        return not workspace.changes()

    # ---- reading and writing ----

    def read(self) -> None:
        self.task.run(
            self.tr("Reading both instances' values and profiles…"), self._read_job, self._read
        )

    async def _read_job(self, progress: Progress) -> MappingSurvey:
        progress(0, 0, self.tr("Reading statuses, categories, fields, actions and ticket types…"))
        session = await self.services.sessions.session()
        result = await mappings.survey(session)
        self._remember_lists(session)
        return result

    def _read(self, result: MappingSurvey) -> None:
        assert self.plan is not None
        if self.workspace is None or self.workspace.plan is not self.plan:
            self.workspace = MappingWorkspace(self.plan, result)
        else:
            self.workspace.load(result)
        if result.added_existing:
            self.undo_stack.clear()  # the plan changed outside the undo history
            self.planChanged.emit()
            self.statusMessage.emit(
                self.tr(
                    "%n mapping(s) already on the instances were added to the plan.",
                    "",
                    result.added_existing,
                )
            )
        self.show_table()
        self.completeChanged.emit()
        pending, self._pending_show = self._pending_show, None
        if pending is not None and not self._open_row(*pending):
            self.statusMessage.emit(self.tr("That mapping row is not in the table any more."))

    async def _write_job(
        self, changes: list[Change], progress: Progress
    ) -> tuple[ApplyReport, MappingSurvey]:
        session = await self.services.sessions.session()

        def reporting(done: int, total: int, text: str) -> None:
            # The engine's own phase after the writes is the read back, worded here.
            progress(done, total, self.tr("Reading both profiles back…") if done >= total else text)

        applied = await apply_step(session, StepId.MAPPINGS, changes, reporting)
        self._remember_lists(session)
        assert applied.read_back is not None  # apply_step always reads the step back
        self._settings_recorded = applied.settings_recorded
        return applied.report, applied.read_back.survey

    def _written(self, outcome: tuple[ApplyReport, MappingSurvey]) -> None:
        report, again = outcome
        recorded, self._settings_recorded = self._settings_recorded, []
        if recorded:
            self.statusMessage.emit(
                self.tr(
                    "Settings of mapped actions changed in Halo since they were recorded, and "
                    "are recorded now as Halo holds them: {lines}."
                ).format(lines="; ".join(recorded))
            )
        assert self.workspace is not None
        self.workspace.load(again)
        self.show_table()
        left = again.changes
        if report.error is not None:
            self.task.show_error(report.error)
            text = self.tr(
                "%n profile update(s) written before it stopped; the rest is listed below.",
                "",
                len(report.written),
            )
            self.review.show_result(icons.Mark.ATTENTION, text, self.workspace.readable(left))
            self.mark(StepStatus.ATTENTION, report.error.message)
        elif not left:
            text = self.tr(
                "%n profile update(s) written and read back: the instances hold exactly what "
                "the plan says.",
                "",
                len(report.written),
            )
            self.review.show_result(icons.Mark.DONE, text, left)
            # Done now, not only on Next: the sidebar and the stale banner are right at once.
            self.mark(
                StepStatus.DONE,
                self.tr("%n profile update(s) written and read back", "", len(report.written)),
            )
            self.statusMessage.emit(text)
        else:
            differs = "; ".join(f.label for change in left for f in change.fields)
            text = self.tr("Written, but read back differently from the plan: {what}.").format(
                what=differs
            )
            self.review.show_result(icons.Mark.ATTENTION, text, self.workspace.readable(left))
            self.mark(StepStatus.ATTENTION, text)
        self.completeChanged.emit()

    # ---- edits ----

    def push(self, edit: MappingEdit | None) -> None:
        """Do an edit as an undo command (nothing when there is nothing to change)."""
        if edit is not None and not edit.empty:
            self.undo_stack.push(MappingCommand(edit, self._apply))

    def _apply(self, edit: MappingEdit, forward: bool) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        workspace.apply(edit, forward)
        kind = edit.kind if edit.kind is not None else self.kind
        if kind is not self.kind or not self.shows(edit.direction):
            self.show_table(edit.direction, kind)
        else:
            if edit.direction != self.direction:
                self.activate(edit.direction)
            touched = [rid for (k, rid) in edit.rows_after if k is self.kind]
            self.model.rows_changed(touched if len(touched) < 500 else None)
            other = self.models[1 - DIRECTIONS.index(self.direction)]
            shown = other.direction is not None and self.shows(other.direction)
            if shown and kind is MappingKind.STATUS:
                other.rows_changed(None)  # its round trips go through the rows just changed
            self.update_labels(defaults=bool(edit.settings_after))
        rows = [rid for (k, rid) in edit.rows_after if k is self.kind]
        if len(rows) == 1:
            self.table.go_to(rows[0])
        self.planChanged.emit()
        self.completeChanged.emit()

    def _apply_many(self, edits: list[MappingEdit], forward: bool, applied: bool) -> None:
        """Do or undo several edits (undone in the reverse order), then show the current table
        once: thousands of rows, shown after each edit, would keep the window still. `applied`:
        done and the tables shown already; only the labels are left."""
        workspace = self.workspace
        if workspace is None:
            return
        if applied:
            self.update_labels()
        else:
            for edit in edits if forward else reversed(edits):
                workspace.apply(edit, forward)
            self.show_table(self.direction, self.kind)
        self.planChanged.emit()
        self.completeChanged.emit()

    # ---- showing ----

    def show_table(
        self, direction: Direction | None = None, kind: MappingKind | None = None
    ) -> None:
        """Show one table (the current one when not told), with everything around it."""
        self._show_tables(direction, kind)
        self.update_labels()

    def _show_tables(
        self, direction: Direction | None = None, kind: MappingKind | None = None
    ) -> None:
        """show_table without the labels around the tables."""
        if direction is not None:
            self.direction = direction
        if kind is not None:
            self.kind = kind
        if self.kind not in {spec.kind for spec in self.direction.kinds()}:
            self.kind = MappingKind.STATUS
        here = DIRECTIONS.index(self.direction)
        self.model, self.table = self.models[here], self.tables[here]
        self.directions.set_current(here)
        self._fill_kind_tabs()
        for i, direction in enumerate(DIRECTIONS):
            shown = i == here or (
                self.wide and self.kind in {spec.kind for spec in direction.kinds()}
            )
            self.table_columns[i].setVisible(shown)
            self.table_titles[i].setVisible(self.wide)
            if not shown:
                continue
            model, table = self.models[i], self.tables[i]
            model.show_table(
                self.workspace,
                direction,
                self.kind,
                text=self.toolbar.search.text(),
                show=self.toolbar.show_value(),
            )
            table.lay_out_columns()
            header = table.horizontalHeader()
            header.blockSignals(True)  # only show the model's sort; it is already sorted
            header.setSortIndicator(*model.sort_state())
            header.blockSignals(False)

    def shows(self, direction: Direction) -> bool:
        """True when the table of `direction` for the current kind is on screen."""
        i = DIRECTIONS.index(direction)
        return direction == self.direction or (
            self.wide and self.table_columns[i].isVisibleTo(self)
        )

    def activate(self, direction: Direction) -> None:
        """Make the table of `direction` (already shown beside the other) the current one."""
        if direction == self.direction:
            return
        self.direction = direction
        here = DIRECTIONS.index(direction)
        self.model, self.table = self.models[here], self.tables[here]
        self.directions.set_current(here)
        self._fill_kind_tabs()
        self.update_labels()

    def set_wide(self, wide: bool) -> None:
        """Both directions side by side (wide) or one at a time with the switch."""
        if wide == self.wide:
            return
        self.wide = wide
        self._reserve_counter_lines()
        self.show_table()

    def _reserve_counter_lines(self) -> None:
        # The counter keeps its height when its text grows, so an edit never moves the table:
        # two lines where it may wrap, one where the page is wide.
        lines = 1 if self.wide else 2
        label = self.counter.label
        label.setFixedHeight(label.fontMetrics().lineSpacing() * lines + 2)

    def show_mapping(self, receiver: Side, kind: MappingKind, remote_id: int | None) -> bool:
        """Open the table of `receiver`'s profile for `kind` and select the row of `remote_id`
        (for the action check's "Show me"; None: the table, with its default below); False when
        that row is not in the table."""
        if self.workspace is None or self.is_busy():
            self._pending_show = (receiver, kind, remote_id)  # shown once the read is done
            return True
        return self._open_row(receiver, kind, remote_id)

    def _open_row(self, receiver: Side, kind: MappingKind, remote_id: int | None) -> bool:
        direction = direction_into(receiver)
        self.stack.setCurrentIndex(EDITOR)
        self.toolbar.search.clear()
        self.toolbar.show_filter.setCurrentIndex(0)  # every row, so the one asked for is shown
        self.show_table(direction, kind)
        if remote_id is None:
            self.table.setFocus()
            return True
        return self.table.go_to(remote_id)

    def _fill_kind_tabs(self) -> None:
        kinds = self.direction.kinds()
        self.kinds.blockSignals(True)
        while self.kinds.count() > len(kinds):
            self.kinds.removeTab(self.kinds.count() - 1)
        while self.kinds.count() < len(kinds):
            self.kinds.addTab("")
        for i, spec in enumerate(kinds):
            self.kinds.setTabData(i, spec.kind.value)
        self.kinds.setCurrentIndex([spec.kind for spec in kinds].index(self.kind))
        self.kinds.blockSignals(False)

    def update_labels(self, *, defaults: bool = True) -> None:
        """Counters, tab titles, direction words, the write bar, and (when asked) the defaults."""
        workspace, direction = self.workspace, self.direction
        titles = {
            MappingKind.STATUS: self.tr("Statuses"),
            MappingKind.CATEGORY: self.tr("Categories"),
            MappingKind.FIELD: self.tr("Fields"),
            MappingKind.ACTION: self.tr("Actions"),
            MappingKind.TICKET_TYPE: self.tr("Ticket types"),
        }
        for i, spec in enumerate(direction.kinds()):
            text = titles[spec.kind]
            if workspace is not None:
                total = len(workspace.sources(direction, spec.kind))
                text += f"  {workspace.mapped_count(direction, spec.kind)}/{total}"
            self.kinds.setTabText(i, text)
        if self.plan is not None:
            self.directions.set_labels([f"{d.title(self.plan)}" for d in DIRECTIONS])
            self.directions.set_tooltips(
                [
                    self.tr("What arrives in {receiver} from {sender} (Ctrl+{n})").format(
                        receiver=self.plan.instance(d.receiver).name,
                        sender=self.plan.instance(d.sender).name,
                        n=n,
                    )
                    for n, d in enumerate(DIRECTIONS, start=1)
                ]
            )
            profile = direction.role.plan(self.plan)
            where = self.plan.instance(direction.receiver).name
            role = (
                self.tr("customer profile")
                if direction.role is CUSTOMER_PROFILE
                else self.tr("supplier profile")
            )
            self.profile_note.setText(
                self.tr("Set on the {role} “{name}” in {where}").format(
                    role=role, name=profile.name, where=where
                )
            )
            for i, d in enumerate(DIRECTIONS):
                current = d == direction
                self.table_titles[i].setText(
                    ("<b>{title}</b>" if current else "{title}").format(
                        title=html.escape(d.title(self.plan))
                    )
                    + (self.tr(" · being edited") if current and self.wide else "")
                )
        self.update_counter()
        self.update_sentence()
        if defaults:
            self.defaults.show_for(workspace, direction, self.kind)
        self.update_controls()

    def update_counter(self) -> None:
        workspace = self.workspace
        if workspace is None:
            self.counter.set(icons.Mark.PENDING, self.tr("Not read yet"))
            return
        total = self.model.total()
        mapped = workspace.mapped_count(self.direction, self.kind)
        suggestions = len(workspace.suggestion_ids(self.direction, self.kind))
        parts = []
        count = workspace.auto_counts.get((self.direction.receiver, self.kind))
        if count is not None:
            parts.append(
                self.tr("{matched} of {total} matched automatically").format(
                    matched=count.matched, total=count.total
                )
            )
        parts.append(self.tr("{mapped} of {total} mapped").format(mapped=mapped, total=total))
        if suggestions:
            parts.append(self.tr("%n suggestion(s) to review", "", suggestions))
        if self.kind is MappingKind.STATUS:
            changed = workspace.round_trips_that_change(self.direction)
            if changed:
                parts.append(self.tr("%n round trip(s) come back different", "", changed))
        shown = self.model.rowCount()
        if shown != total:
            parts.append(self.tr("{shown} shown").format(shown=shown))
        mark = icons.Mark.DONE if mapped == total and total else icons.Mark.CURRENT
        if not total:
            parts = [self.tr("The sending instance has none")]
            mark = icons.Mark.PENDING
        self.counter.set(mark, " · ".join(parts))

    def counter_text(self) -> str:
        return self.counter.text()

    def update_sentence(self) -> None:
        current = self.table.currentIndex()
        if self.workspace is None or not current.isValid():
            self.sentence.show_general(self.plan, self.direction)
            return
        row = current.row()
        source = self.model.source_name(row)
        trip = self.model.round_trip(self.model.remote_id_at(row))
        self.sentence.show_row(
            self.workspace,
            self.direction,
            self.kind,
            source,
            self.model.mapping_at(row),
            self.model.target_name(row),
            self.model.round_trip_text(trip, source) if trip and not trip.same else "",
        )

    def update_controls(self) -> None:
        busy = self.is_busy()
        workspace = None if busy else self.workspace
        bar = self.toolbar
        bar.auto_button.setEnabled(workspace is not None)
        bar.accept_all_button.setEnabled(
            workspace is not None and bool(workspace.suggestion_ids(self.direction, self.kind))
        )
        bar.clear_all_button.setEnabled(
            workspace is not None and bool(workspace.table(self.direction, self.kind))
        )
        self.undo_action.setEnabled(not busy and self.undo_stack.canUndo())
        self.redo_action.setEnabled(not busy and self.undo_stack.canRedo())
        self.undo_action.setToolTip(
            self.tr("Undo: {what} (Ctrl+Z)").format(what=self.undo_stack.undoText())
            if self.undo_stack.canUndo()
            else self.tr("Nothing to undo")
        )
        self.redo_action.setToolTip(
            self.tr("Redo: {what} (Ctrl+Shift+Z)").format(what=self.undo_stack.redoText())
            if self.undo_stack.canRedo()
            else self.tr("Nothing to redo")
        )
        writable = self.write_bar.show_state(self.workspace, self.plan)
        self.write_bar.review_button.setEnabled(workspace is not None and writable)
        self.write_bar.read_again_button.setEnabled(self.plan is not None and not busy)

    def _step_kind(self, step: int) -> None:
        count = self.kinds.count()
        if count:
            self.kinds.setCurrentIndex((self.kinds.currentIndex() + step) % count)

    def _accept(self, remote_ids: Iterable[int] | None) -> None:
        if self.workspace is not None:
            self.push(self.workspace.accept(self.direction, self.kind, remote_ids))

    # ---- slots ----

    def on_directions_changed(self, index: int) -> None:
        if DIRECTIONS[index] != self.direction:
            self.show_table(DIRECTIONS[index], self.kind)

    def on_kinds_currentChanged(self, index: int) -> None:
        if index >= 0:
            self.show_table(kind=MappingKind(self.kinds.tabData(index)))

    def on_search_textChanged(self, text: str) -> None:
        for model in self._shown_models():
            model.set_filter(text)
        self.update_counter()

    def on_show_filter_currentIndexChanged(self, index: int) -> None:
        for model in self._shown_models():
            model.set_filter(self.toolbar.search.text(), self.toolbar.show_filter.itemData(index))
        self.update_counter()

    def _shown_models(self) -> list[MappingTableModel]:
        """The models of the tables on screen (a hidden one is filtered when show_table shows
        it again)."""
        return [
            model
            for model, column in zip(self.models, self.table_columns, strict=True)
            if model is self.model or column.isVisibleTo(self)
        ]

    def on_auto_this_triggered(self) -> None:
        self._auto_map([self.direction], [SPEC[self.kind]], self.tr("Auto-mapping this table…"))

    def on_auto_all_triggered(self) -> None:
        self._auto_map(list(DIRECTIONS), KINDS, self.tr("Auto-mapping every table…"))

    def _auto_map(
        self, directions: Sequence[Direction], kinds: Sequence[KindSpec], text: str
    ) -> None:
        """Auto-map off the GUI thread, with progress and Cancel on the task panel; the edits
        are pushed (one undo step for several tables) when it ends, nothing when cancelled."""
        workspace = self.workspace
        if workspace is None or self.is_busy():
            return
        stop = threading.Event()

        async def job(progress: Progress) -> list[MappingEdit]:
            loop = asyncio.get_running_loop()

            sent: list[tuple[float, int, int]] = [(0.0, -1, -1)]  # when, done, total

            def heard(done: int, total: int) -> None:  # on the worker thread
                if stop.is_set():
                    raise AutoMapCancelled
                now = time.monotonic()
                when, *last = sent[0]
                # The engine reports thousands of times (many of them "all done" again); the bar
                # needs a few a second, and each report costs the GUI thread a moment.
                if now - when >= PROGRESS_INTERVAL or (done == total and last != [done, total]):
                    sent[0] = (now, done, total)
                    loop.call_soon_threadsafe(progress, done, total, text)

            def run() -> list[MappingEdit]:
                try:
                    edits = [workspace.auto_map(d, kinds, heard) for d in directions]
                except AutoMapCancelled:
                    return []
                return [e for e in edits if e is not None]

            try:
                # The page is repainted busy before the worker takes the interpreter: a repaint
                # while it works waits for it at every step.
                await asyncio.sleep(REPAINT_FIRST)
                edits = await asyncio.to_thread(run)
            except asyncio.CancelledError:
                stop.set()  # the worker stops at its next progress report
                raise
            if every_table and edits and self.workspace is workspace:
                await self._apply_in_turns(workspace, edits)
            return edits

        every_table = len(directions) > 1
        self.task.run(text, job, lambda edits: self._auto_mapped(edits, every_table))

    async def _apply_in_turns(self, workspace: MappingWorkspace, edits: list[MappingEdit]) -> None:
        """Apply auto-map's edits (one per profile) and show the tables, letting the window
        repaint between the steps; all undone if Cancel is pressed before the last."""
        applied: list[MappingEdit] = []
        try:
            for edit in edits:  # computed before any is applied: each touches its own profile
                workspace.apply(edit, True)
                applied.append(edit)
                await asyncio.sleep(0)
            self._show_tables()
            await asyncio.sleep(0)
        except asyncio.CancelledError:
            for edit in reversed(applied):
                workspace.apply(edit, False)
            self.show_table()
            raise

    def _auto_mapped(self, edits: list[MappingEdit], every_table: bool) -> None:
        if self.workspace is None:
            return
        if not edits:
            self.statusMessage.emit(self.tr("Auto-map found nothing new to map."))
            return
        if every_table:  # already applied and shown by _apply_in_turns
            command = MappingsCommand(edits, self._apply_many, self.tr("Auto-map every table"))
            command.applied = True
            self.undo_stack.push(command)
            return
        for edit in edits:
            self.push(edit)

    def on_accept_all_button_clicked(self) -> None:
        """Accept the suggestions nothing is wrong with; list the flagged ones and leave them."""
        workspace = self.workspace
        if workspace is None:
            return
        flagged = workspace.flagged_suggestion_ids(self.direction, self.kind)
        self._accept(None)
        if not flagged:
            return
        names = [self.model.source_name_of(remote_id) for remote_id in flagged]
        self.notice = self.tr(
            "%n suggestion(s) left for you to decide: each pairs actions Halo's guide warns "
            "against (an e-mail action with an e-mail action, or one that sends back). "
            "They are listed under “Needs attention”: {names}.",
            "",
            len(flagged),
        ).format(names=", ".join(names))
        show = self.toolbar.show_filter
        show.setCurrentIndex(show.findData(Show.WARNINGS))
        self.statusMessage.emit(self.notice)

    def on_clear_all_button_clicked(self) -> None:
        if self.workspace is not None:
            self.push(self.workspace.clear_all(self.direction, self.kind))

    def on_table_clearRequested(self) -> None:
        if self.workspace is not None:
            ids = self.table.selected_remote_ids()
            self.push(self.workspace.clear(self.direction, self.kind, ids))

    def on_table_acceptRequested(self) -> None:
        self._accept(self.table.selected_remote_ids())

    def on_match_delegate_acceptClicked(self, index: QModelIndex) -> None:
        model = index.model()
        if index.isValid() and isinstance(model, MappingTableModel) and model.direction:
            self.activate(model.direction)
            self._accept([model.remote_id_at(index.row())])

    def on_table_currentRowChanged(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self.update_sentence()

    # ---- Qt overrides ----

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A click or focus in the other direction's table makes it the one being edited.
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress):
            for table, direction in zip(self.tables, DIRECTIONS, strict=True):
                if watched is table or watched is table.viewport():
                    self.activate(direction)
        return super().eventFilter(watched, event)

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.set_wide(event.size().width() >= WIDE_WIDTH)

    def on_defaults_defaultChosen(self, value: object) -> None:
        if self.workspace is not None and self.kind in SPEC and SPEC[self.kind].default_field:
            self.push(self.workspace.set_default(self.direction, self.kind, value))  # type: ignore[arg-type]

    def on_defaults_attachmentsToggled(self, on: bool) -> None:
        if self.workspace is not None:
            self.push(self.workspace.set_attachments(self.direction, on))

    def on_undo_stack_indexChanged(self, _index: int) -> None:
        self.update_controls()

    def on_review_button_clicked(self) -> None:
        if self.workspace is None:
            return
        changes = self.workspace.readable(self.workspace.changes())
        self._example = None
        self.review.show_changes(changes, self.workspace.blocked)
        self.stack.setCurrentIndex(REVIEW)
        self.review.changes.write_button.setFocus()

    def on_review_backRequested(self) -> None:
        self.stack.setCurrentIndex(EDITOR)
        self.show_table()
        self.table.setFocus()

    def on_read_again_button_clicked(self) -> None:
        self.read()

    def on_learn_button_clicked(self) -> None:
        """First what to do once in Halo; then, when the admin says it is done, the read-back."""
        if self.workspace is None or not self.workspace.blocked:
            return
        first = self.workspace.blocked[0]
        example = self._example
        if example is None:
            self.task.run(
                self.tr("Finding a value to show it on…"),
                lambda _p: self._prepare_job(first),
                self._prepared,
            )
        else:
            self.task.run(
                self.tr("Reading it back…"),
                lambda _p: self._read_back_job(example),
                self._read_then_review,
            )

    async def _prepare_job(self, first: AnswerNeeded) -> learning.Example:
        session = await self.services.sessions.session()
        return await learning.prepare(session, first.unknown, first.side)

    def _prepared(self, example: learning.Example) -> None:
        self._example = example
        assert self.workspace is not None
        self.review.show_blocked(self.workspace.blocked, example.instructions)

    async def _read_back_job(self, example: learning.Example) -> MappingSurvey:
        session = await self.services.sessions.session()
        found = await learning.read_back(session, example)
        self._example = None
        if found.answer is not None:
            self.statusMessage.emit(self.tr("Learned: {seen}").format(seen=found.seen))
        self.planChanged.emit()
        result = await mappings.survey(session)
        self._remember_lists(session)
        return result

    def _read_then_review(self, result: MappingSurvey) -> None:
        self._read(result)
        self.on_review_button_clicked()

    def on_review_writeRequested(self) -> None:
        if self.workspace is None:
            return
        changes = self.workspace.changes()
        if not changes:
            return
        self.task.run(
            self.tr("Writing %n profile update(s)…", "", len(changes)),
            lambda progress: self._write_job(changes, progress),
            self._written,
        )
