"""A read-only value with a Copy button (values the admin pastes into Halo)."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from halo_wizard.ui.widgets import layouts

COPIED_FEEDBACK_MS = 1500


class CopyField(QWidget):
    """Shows one value read-only; Copy puts it on the clipboard (masked values included)."""

    copied = Signal(str)
    """The label of the value that was copied (never the value)."""

    def __init__(self, value: str = "", label: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._label = label
        self.edit = QLineEdit(value, self)
        self.edit.setReadOnly(True)
        self.edit.setAccessibleName(label)
        self.copy_button = QPushButton(self.tr("Copy"), self)
        self.copy_button.setToolTip(self.tr("Copy to the clipboard"))
        self.copy_button.clicked.connect(self.on_copy_button_clicked)
        self.setLayout(layouts.hbox(self.edit, self.copy_button))
        self._update_enabled()

    def value(self) -> str:
        return self.edit.text()

    def set_value(self, value: str) -> None:
        self.edit.setText(value)
        self.edit.setCursorPosition(0)
        self._update_enabled()

    def _update_enabled(self) -> None:
        self.copy_button.setEnabled(bool(self.edit.text()))

    def on_copy_button_clicked(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.edit.text())
        self.copy_button.setText(self.tr("Copied"))
        QTimer.singleShot(COPIED_FEEDBACK_MS, self._reset_button)
        self.copied.emit(self._label)

    def _reset_button(self) -> None:
        self.copy_button.setText(self.tr("Copy"))
