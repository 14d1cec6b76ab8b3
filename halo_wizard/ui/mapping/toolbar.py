"""Above the table: filter, which rows to show, auto-map, accept, clear, undo and redo."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLineEdit, QMenu, QPushButton, QToolButton, QWidget

from halo_wizard.ui.mapping.model import Show
from halo_wizard.ui.widgets import layouts, metrics


class MappingToolbar(QWidget):
    """The controls of the current table; the page connects to their signals."""

    def __init__(self, undo: QAction, redo: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Filter (Ctrl+F)"))
        self.search.setToolTip(self.tr("Show only the rows with this text, on either side"))
        self.search.setMaximumWidth(metrics.FIELD_MIN_WIDTH * 3 // 2)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(metrics.FIELD_MIN_WIDTH * 3 // 5)
        self.show_filter = QComboBox(self)
        for show, text in (
            (Show.ALL, self.tr("All values")),
            (Show.UNMAPPED, self.tr("Not mapped")),
            (Show.SUGGESTED, self.tr("Suggestions")),
            (Show.MAPPED, self.tr("Mapped")),
            (Show.WARNINGS, self.tr("Needs attention")),
        ):
            self.show_filter.addItem(text, show)
        self.show_filter.setToolTip(self.tr("Which rows to show"))
        self.auto_button = QToolButton(self)
        self.auto_button.setText(self.tr("Auto-map"))
        self.auto_button.setToolTip(
            self.tr(
                "Map this table's values by name; rows chosen by hand or already on the "
                "instance stay as they are"
            )
        )
        self.auto_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.auto_menu = QMenu(self.auto_button)
        self.auto_this = self.auto_menu.addAction(self.tr("Auto-map this table"))
        self.auto_all = self.auto_menu.addAction(self.tr("Auto-map every table, both directions"))
        self.auto_button.setMenu(self.auto_menu)
        self.accept_all_button = QPushButton(self.tr("Accept suggestions"), self)
        self.accept_all_button.setToolTip(
            self.tr(
                "Use every suggested value of this table that nothing is wrong with (one step "
                "to undo); action pairs Halo's guide warns against are left for you"
            )
        )
        self.clear_all_button = QPushButton(self.tr("Clear all"), self)
        self.clear_all_button.setToolTip(self.tr("Remove every mapping of this table"))
        # Arrows rather than words: the whole row must fit the page of a 1024-pixel window.
        self.undo_button = self._arrow_button(undo, "↶")
        self.redo_button = self._arrow_button(redo, "↷")
        row = layouts.hbox(
            self.search,
            self.show_filter,
            None,
            self.auto_button,
            self.accept_all_button,
            self.clear_all_button,
            metrics.SPACING,
            self.undo_button,
            self.redo_button,
        )
        row.setStretch(0, 1)  # the filter grows (up to its maximum) before the gap does
        self.setLayout(row)

    def _arrow_button(self, action: QAction, arrow: str) -> QToolButton:
        """A button that does `action`, shows its state and tooltip, and reads as `arrow`."""
        button = QToolButton(self)
        button.setText(arrow)
        button.setAccessibleName(action.text())
        button.clicked.connect(action.trigger)

        def follow() -> None:
            button.setEnabled(action.isEnabled())
            button.setToolTip(action.toolTip())

        action.changed.connect(follow)
        follow()
        return button

    def show_value(self) -> Show:
        value = self.show_filter.currentData()
        return value if isinstance(value, Show) else Show.ALL

    def set_show(self, show: Show) -> None:
        self.show_filter.setCurrentIndex(self.show_filter.findData(show))
