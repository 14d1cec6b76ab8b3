"""The mapping table's view: whole rows, keyboard first (type to search, Enter, Delete)."""

from __future__ import annotations

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from halo_wizard.ui.compat import override
from halo_wizard.ui.mapping.delegates import BadgeDelegate, MatchDelegate, TargetDelegate
from halo_wizard.ui.mapping.model import Column, MappingTableModel

ROW_PADDING = 10
BADGE_SAMPLE_ROWS = 400
"""How many rows set the width of a settings column (enough to meet every combination)."""


class MappingTableView(QTableView):
    """Rows of one mapping table; the current row's target is what keys edit.

    F2, Enter or typing opens the searchable choice (typing starts the search); Delete clears the
    selected rows (`clearRequested`); Ctrl+Enter accepts the selected suggestions
    (`acceptRequested`). The current row and the selection survive filtering and sorting.
    """

    clearRequested = Signal()
    acceptRequested = Signal()

    def __init__(self, model: MappingTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mapping_model = model
        self.setModel(model)
        self.target_delegate = TargetDelegate(self)
        self.badge_delegate = BadgeDelegate(self)
        self.match_delegate = MatchDelegate(self)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setAlternatingRowColors(False)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setMouseTracking(True)  # the drop-down hint follows the mouse
        self.setTabKeyNavigation(False)  # Tab leaves the table, as elsewhere in the window
        self.setSortingEnabled(True)
        self.setMinimumHeight(180)
        vertical = self.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + ROW_PADDING)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self._kept: tuple[object, int | None, int, list[int]] | None = None
        self._pressed_accept: QPersistentModelIndex | None = None
        model.modelAboutToBeReset.connect(self.on_model_modelAboutToBeReset)
        model.modelReset.connect(self.on_model_modelReset)

    def lay_out_columns(self) -> None:
        """Delegates and widths for the model's columns (they differ between kinds)."""
        model = self.mapping_model
        header = self.horizontalHeader()
        metrics = self.fontMetrics()
        for section in range(model.columnCount()):
            column = model.column_at(section)
            delegate = {
                Column.TARGET: self.target_delegate,
                Column.MATCH: self.match_delegate,
                Column.SOURCE_INFO: self.badge_delegate,
                Column.TARGET_INFO: self.badge_delegate,
            }.get(column)
            self.setItemDelegateForColumn(section, delegate)  # type: ignore[arg-type]
            if column in (Column.SOURCE, Column.TARGET, Column.ROUND_TRIP):
                header.setSectionResizeMode(section, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(section, QHeaderView.ResizeMode.Interactive)
                if column is Column.MATCH:
                    width = metrics.horizontalAdvance("Suggestion · 100") + 84
                elif model.kind.value == "field":
                    width = metrics.horizontalAdvance("Single select") + 24
                else:
                    width = self._badges_width(section)
                header.resizeSection(section, width)
        for section in range(model.columnCount(), 8):
            self.setItemDelegateForColumn(section, None)  # type: ignore[arg-type]

    def _badges_width(self, section: int) -> int:
        """As wide as the widest settings of the first rows, so the names keep the rest."""
        model = self.mapping_model
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        header = str(model.headerData(section, Qt.Orientation.Horizontal))
        width = self.fontMetrics().horizontalAdvance(header) + 24
        column = model.column_at(section)
        seen: set[object] = set()
        for row in range(min(model.rowCount(), BADGE_SAMPLE_ROWS)):
            settings = model.settings_at(row, column)
            if settings in seen:
                continue  # the same settings draw the same badges: measured once
            seen.add(settings)
            index = model.index(row, section)
            width = max(width, self.badge_delegate.sizeHint(option, index).width())
        return width + 4

    def target_index(self, row: int | None = None) -> QModelIndex:
        model = self.mapping_model
        if row is None:
            row = self.currentIndex().row()
        if row < 0 or row >= model.rowCount():
            return QModelIndex()
        return model.index(row, model.column(Column.TARGET))

    def selected_remote_ids(self) -> list[int]:
        model = self.mapping_model
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        if not rows and self.currentIndex().isValid():
            rows = [self.currentIndex().row()]
        return [model.remote_id_at(row) for row in rows]

    def go_to(self, remote_id: int) -> bool:
        row = self.mapping_model.row_for(remote_id)
        if row is None:
            return False
        index = self.mapping_model.index(row, 0)
        self.setCurrentIndex(index)
        self.scrollTo(index)
        return True

    def accept_button_at(self, pos: QPoint) -> QModelIndex:
        """The suggestion whose Accept button is at `pos` (viewport coordinates), or none."""
        index = self.indexAt(pos)
        if not index.isValid() or self.mapping_model.column_at(index.column()) is not Column.MATCH:
            return QModelIndex()
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.rect = self.visualRect(index)
        return index if self.match_delegate.hits_button(option, index, pos) else QModelIndex()

    # ---- Qt overrides ----

    @override
    def mousePressEvent(self, event: QMouseEvent) -> None:
        # The button takes the press: selecting the row first would change the sentence above
        # and could move the table under the pointer before the release.
        if event.button() == Qt.MouseButton.LeftButton:
            index = self.accept_button_at(event.position().toPoint())
            if index.isValid():
                self._pressed_accept = QPersistentModelIndex(index)
                event.accept()
                return
        self._pressed_accept = None
        super().mousePressEvent(event)

    @override
    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.accept_button_at(event.position().toPoint()).isValid():
            event.accept()  # a quick second click on Accept must not open the editor
            return
        super().mouseDoubleClickEvent(event)

    @override
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pressed, self._pressed_accept = self._pressed_accept, None
        if pressed is not None:
            index = self.accept_button_at(event.position().toPoint())
            if index.isValid() and index.row() == pressed.row():
                self.match_delegate.acceptClicked.emit(index)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        editing = self.state() == QAbstractItemView.State.EditingState
        if editing or not self.currentIndex().isValid():
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if modifiers & Qt.KeyboardModifier.ControlModifier:
                self.acceptRequested.emit()
            else:
                self.edit(self.target_index())
            return
        if key == Qt.Key.Key_F2:
            self.edit(self.target_index())
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not modifiers:
            self.clearRequested.emit()
            return
        text = event.text()
        plain = not modifiers & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if plain and text and text.isprintable() and not text.isspace():
            self.target_delegate.typed = text
            target = self.target_index()
            self.setCurrentIndex(target)
            self.edit(target)
            if self.state() != QAbstractItemView.State.EditingState:
                self.target_delegate.typed = ""
            return
        super().keyPressEvent(event)

    # ---- keeping the admin's place ----

    def on_model_modelAboutToBeReset(self) -> None:
        model = self.mapping_model
        current = self.currentIndex()
        selected = (
            [model.remote_id_at(i.row()) for i in self.selectionModel().selectedRows()]
            if self.selectionModel() is not None
            else []
        )
        if len(selected) > 2000:  # restoring a huge selection costs more than it is worth
            selected = []
        self._kept = (
            model.table_key(),
            model.remote_id_at(current.row()) if current.isValid() else None,
            current.column() if current.isValid() else 0,
            selected,
        )

    def on_model_modelReset(self) -> None:
        kept, self._kept = self._kept, None
        model = self.mapping_model
        if kept is None or kept[0] != model.table_key():
            return
        _, remote_id, column, selected = kept
        selection = QItemSelection()
        last = model.columnCount() - 1
        for rid in selected:
            row = model.row_for(rid)
            if row is not None:
                selection.select(model.index(row, 0), model.index(row, last))
        selection_model = self.selectionModel()
        if remote_id is not None:
            row = model.row_for(remote_id)
            if row is not None:
                index = model.index(row, min(column, last))
                selection_model.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
                self.scrollTo(index)
        if not selection.isEmpty():
            selection_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
