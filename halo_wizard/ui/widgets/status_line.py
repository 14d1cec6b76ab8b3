"""An icon and a sentence: how one thing stands (on / off, found / will be created, ...)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from halo_wizard.ui.widgets import icons, layouts, metrics


class StatusLine(QWidget):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = QLabel(self)
        self.icon.setFixedWidth(metrics.ICON_SIZE + 2)
        self.label = layouts.wrapped_label(text, self)
        row = layouts.hbox(self.icon, self.label)
        self.setLayout(row)
        row.setStretch(1, 1)
        self.set(icons.Mark.PENDING, text)

    def set(self, mark: icons.Mark, text: str) -> None:
        self.icon.setPixmap(icons.icon(mark).pixmap(metrics.ICON_SIZE, metrics.ICON_SIZE))
        self.label.setText(text)

    def text(self) -> str:
        return self.label.text()
