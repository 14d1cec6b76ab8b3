"""A masked secret with a Show toggle, editable (client secrets) or read-only with Copy."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from halo_wizard.ui.widgets import layouts
from halo_wizard.ui.widgets.copy_field import COPIED_FEEDBACK_MS


class SecretField(QWidget):
    """A secret shown as dots until the admin clicks Show; never put in a tooltip or log."""

    edited = Signal()
    """The admin finished editing the secret (focus left or Enter pressed)."""

    def __init__(
        self, *, read_only: bool = False, label: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setReadOnly(read_only)
        self.edit.setAccessibleName(label)
        self.show_button = QPushButton(self.tr("Show"), self)
        self.show_button.setCheckable(True)
        self.show_button.setToolTip(self.tr("Show or hide the secret on screen (never logged)"))
        self.show_button.toggled.connect(self.on_show_button_toggled)
        self.edit.editingFinished.connect(self.edited)
        self.copy_button: QPushButton | None = None
        items: list[QWidget] = [self.edit, self.show_button]
        if read_only:
            self.copy_button = QPushButton(self.tr("Copy"), self)
            self.copy_button.setToolTip(self.tr("Copy the secret to the clipboard"))
            self.copy_button.clicked.connect(self.on_copy_button_clicked)
            items.append(self.copy_button)
        self.setLayout(layouts.hbox(*items))

    def value(self) -> str:
        return self.edit.text().strip()

    def set_value(self, value: str) -> None:
        self.edit.setText(value)
        self.edit.setCursorPosition(0)
        if self.copy_button is not None:
            self.copy_button.setEnabled(bool(value))

    def set_placeholder(self, text: str) -> None:
        self.edit.setPlaceholderText(text)

    def on_show_button_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.edit.setEchoMode(mode)
        self.show_button.setText(self.tr("Hide") if shown else self.tr("Show"))

    def on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.edit.text())
        if self.copy_button is not None:
            self.copy_button.setText(self.tr("Copied"))
            QTimer.singleShot(COPIED_FEEDBACK_MS, self._reset_copy)

    def _reset_copy(self) -> None:
        if self.copy_button is not None:
            self.copy_button.setText(self.tr("Copy"))
