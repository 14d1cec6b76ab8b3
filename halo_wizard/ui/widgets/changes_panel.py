"""The changes a step will write, listed before anything is written (secrets masked)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QWidget

from halo_wizard.steps.changes import Change
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.wording import counted

MAX_ROWS_EXPANDED = 12
"""Lists longer than this start collapsed (one line per record)."""


class ChangesPanel(QWidget):
    """ "N changes to write" with each record and field (old → new); Write asks to write them."""

    writeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._changes: list[Change] = []
        self._surveyed = False
        self.summary = layouts.heading("", self, delta=1)
        self.note = layouts.wrapped_label("", self)
        self.note.hide()
        self.state_icon = QLabel(self)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Change"), self.tr("Now"), self.tr("After writing")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setRootIsDecorated(True)
        self.tree.header().setStretchLastSection(True)
        self.tree.header().setMinimumSectionSize(metrics.BUTTON_MIN_WIDTH)
        self.write_button = QPushButton(self.tr("Write these changes"), self)
        self.write_button.setToolTip(
            self.tr("Write exactly the changes listed above, then read the instances again")
        )
        self.write_button.setMinimumWidth(metrics.BUTTON_MIN_WIDTH)
        self.write_button.clicked.connect(self.on_write_button_clicked)
        self._layout = layouts.vbox(
            layouts.hbox(self.state_icon, self.summary, None, self.write_button),
            self.note,
            self.tree,
            None,  # takes the spare height while there is no list to show
        )
        self.setLayout(self._layout)
        self.set_changes(None)

    def changes(self) -> list[Change]:
        return list(self._changes)

    def is_clean(self) -> bool:
        """True once a survey found nothing left to change."""
        return self._surveyed and not self._changes

    def set_changes(self, changes: list[Change] | None) -> None:
        """Show a survey's changes; None means "not surveyed yet"."""
        self._surveyed = changes is not None
        self._changes = list(changes or [])
        self.tree.clear()
        for change in self._changes:
            self.tree.addTopLevelItem(self._item(change))
        if len(self._changes) <= MAX_ROWS_EXPANDED:
            self.tree.expandAll()
        for column in (0, 1):
            self.tree.resizeColumnToContents(column)
        count = len(self._changes)
        if changes is None:
            self.summary.setText(self.tr("Not checked yet"))
            mark = icons.Mark.PENDING
        elif count == 0:
            self.summary.setText(self.tr("Nothing to change: both instances are set up as needed"))
            mark = icons.Mark.DONE
        else:
            self.summary.setText(
                counted(
                    count,
                    self.tr("{n} change to write; nothing is written until you say so"),
                    self.tr("{n} changes to write; nothing is written until you say so"),
                )
            )
            mark = icons.Mark.CURRENT
        self.state_icon.setPixmap(icons.icon(mark).pixmap(metrics.ICON_SIZE, metrics.ICON_SIZE))
        self.tree.setVisible(count > 0)
        self._layout.setStretch(2, 1 if count else 0)
        self._layout.setStretch(3, 0 if count else 1)
        self.write_button.setVisible(count > 0)

    def set_note(self, text: str) -> None:
        """A line under the summary, e.g. what the last write did."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _item(self, change: Change) -> QTreeWidgetItem:
        item = QTreeWidgetItem([change.summary, "", ""])
        for field in change.fields:
            old = "" if change.operation == "create" else field.old_text
            item.addChild(QTreeWidgetItem([field.label, old, field.new_text]))
        return item

    def lines(self) -> list[str]:
        """Every shown line (Change.describe, secrets masked): for tests and the clipboard."""
        return [line for change in self._changes for line in change.describe()]

    def on_write_button_clicked(self) -> None:
        if self._changes:
            self.writeRequested.emit()
