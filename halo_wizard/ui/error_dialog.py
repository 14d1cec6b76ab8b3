"""The one dialog for unexpected errors: a summary, the details, and "Copy details"."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QWidget,
)

from halo_wizard.logsetup import scrub
from halo_wizard.paths import log_file
from halo_wizard.ui.widgets import layouts, metrics


class ErrorDialog(QDialog):
    """Shows unexpected errors; a second error while open is added to the same dialog."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Something went wrong"))
        self.setMinimumWidth(560)
        self._details: list[str] = []
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        self.icon = layouts.wrapped_label("", self)
        self.icon.setPixmap(icon.pixmap(40, 40))
        self.summary = layouts.wrapped_label("", self)
        self.advice = layouts.wrapped_label(
            self.tr(
                "halo_wizard met an error it did not expect. Nothing more was written to the "
                "instances. The details are also in the log file:\n{path}"
            ).format(path=log_file()),
            self,
        )
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setMinimumHeight(180)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(self.tr("Copy details"), self)
        self.copy_button.setToolTip(
            self.tr("Copy the error details, with secrets removed, to send to support")
        )
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.on_copy_button_clicked)
        self.setLayout(
            layouts.vbox(
                layouts.hbox(self.icon, layouts.vbox(self.summary, self.advice)),
                self.details,
                buttons,
                margin=metrics.MARGIN,
            )
        )

    def add_error(self, summary: str, details: str) -> None:
        self._details.append(scrub(details))
        count = len(self._details)
        text = scrub(summary)
        if count > 1:
            text = self.tr("{summary}\n({count} errors so far)").format(summary=text, count=count)
        self.summary.setText(text)
        self.details.setPlainText("\n\n".join(self._details))

    def clear(self) -> None:
        self._details.clear()

    def copied_text(self) -> str:
        return "\n\n".join(self._details)

    def on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.copied_text())
        self.copy_button.setText(self.tr("Copied"))


class ErrorReporter(QObject):
    """Carries error reports from any thread to the dialog on the window's thread."""

    reported = Signal(str, str)

    def __init__(self, parent_window: QWidget | None = None) -> None:
        super().__init__()
        self._window = parent_window
        self._dialog: ErrorDialog | None = None
        self.reported.connect(self.on_reported, Qt.ConnectionType.QueuedConnection)

    def __call__(self, summary: str, details: str) -> None:
        """The logsetup error reporter: safe to call from any thread."""
        self.reported.emit(summary, details)

    def set_window(self, window: QWidget | None) -> None:
        self._window = window

    def dialog(self) -> ErrorDialog | None:
        return self._dialog

    def on_reported(self, summary: str, details: str) -> None:
        if self._dialog is None:
            self._dialog = ErrorDialog(self._window)
            self._dialog.finished.connect(self.on_dialog_finished)
        self._dialog.add_error(summary, details)
        self._dialog.show()
        self._dialog.raise_()

    def on_dialog_finished(self, _result: int) -> None:
        if self._dialog is not None:
            self._dialog.clear()
