"""The guided manual path: when Halo refuses a change through the API, what to do by hand."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QPushButton, QWidget

from halo_wizard.steps.changes import Change
from halo_wizard.steps.manual import where_in_halo
from halo_wizard.ui.widgets import layouts, metrics
from halo_wizard.ui.widgets.copy_field import CopyField


class ManualPathPanel(QGroupBox):
    """Each change Halo refused: where to click in Halo and its values with copy buttons; then
    'check again' reads the instances back to confirm it was done."""

    checkRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Make these changes in Halo by hand"))
        self.intro = layouts.wrapped_label(
            self.tr(
                "Halo refused them through the API (the message above says why). You can grant "
                "what is missing and write again, or make them in Halo's own screens as listed, "
                "then check: the wizard reads both instances back."
            ),
            self,
        )
        self.steps = QWidget(self)
        self.steps_layout = layouts.vbox()
        self.steps.setLayout(self.steps_layout)
        self.done_button = QPushButton(self.tr("I have made these changes: check again"), self)
        self.done_button.setToolTip(self.tr("Read both instances again to confirm the changes"))
        self.done_button.clicked.connect(self.checkRequested)
        self.setLayout(
            layouts.vbox(
                self.intro,
                self.steps,
                layouts.hbox(None, self.done_button),
                margin=metrics.SPACING + 4,
            )
        )
        self._changes: list[Change] = []
        self.hide()

    def set_changes(self, changes: list[Change]) -> None:
        self._changes = list(changes)
        while self.steps_layout.count():
            item = self.steps_layout.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        for change in changes:
            self.steps_layout.addWidget(layouts.wrapped_label(where_in_halo(change), self.steps))
            form = QFormLayout()
            for field in change.fields:
                # As Halo's screen shows it ("Yes", not "True"); a secret copies its real value.
                shown = "" if field.new is None else str(field.new)
                value = CopyField(shown if field.secret else field.new_text, field.label)
                if field.secret:
                    value.edit.setEchoMode(QLineEdit.EchoMode.Password)
                form.addRow(field.label, value)
            holder = QWidget(self.steps)
            holder.setLayout(form)
            self.steps_layout.addWidget(holder)
        self.setVisible(bool(changes))

    def keep_only(self, still_missing: list[Change]) -> None:
        """Drop the steps whose change no longer needs making (read back as done)."""
        if not self._changes:
            return
        listed = {_key(c) for c in self._changes}
        self.set_changes([c for c in still_missing if _key(c) in listed])

    def step_texts(self) -> list[str]:
        return [where_in_halo(c) for c in self._changes]


def _key(change: Change) -> tuple[object, ...]:
    return (change.side, change.entity, change.operation, change.record)
