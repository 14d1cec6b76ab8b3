"""An expected error shown on the page in plain words: what happened and what to do."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QWidget

from halo_wizard.api.errors import HaloError
from halo_wizard.ui.widgets import layouts, metrics


class ErrorPanel(QFrame):
    """Title, message and fix of a HaloError (or of any plain problem), hidden until shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorPanel")
        self.setStyleSheet(
            f"#errorPanel {{ background: {metrics.ERROR_BACKGROUND};"
            f" border: 1px solid {metrics.ERROR_BORDER}; border-radius: 4px; }}"
            f"#errorPanel QLabel {{ color: {metrics.ERROR_TEXT}; }}"
        )
        self.title = layouts.heading("", self, delta=1)
        self.message = layouts.wrapped_label("", self)
        self.fix = layouts.wrapped_label("", self)
        self.setLayout(
            layouts.vbox(
                self.title,
                self.message,
                self.fix,
                margin=metrics.SPACING + 4,
                spacing=metrics.SPACING_SMALL,
            )
        )
        self.hide()

    def show_error(self, error: HaloError) -> None:
        where = f"{error.instance}: " if error.instance else ""
        self.show_problem(f"{where}{error.title}", error.message, error.fix)

    def show_problem(self, title: str, message: str, fix: str = "") -> None:
        self.title.setText(title)
        self.message.setText(message)
        self.fix.setText(self.tr("What to do: {fix}").format(fix=fix) if fix else "")
        self.fix.setVisible(bool(fix))
        self.show()

    def text(self) -> str:
        """Everything the panel says, for tests and screen readers."""
        parts = (self.title.text(), self.message.text(), self.fix.text())
        return "\n".join(p for p in parts if p)

    def clear(self) -> None:
        for label in (self.title, self.message, self.fix):
            label.clear()
        self.hide()
