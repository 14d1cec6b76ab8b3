"""The profile updates the mappings need, shown before they are written; then the read-back."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QPushButton, QWidget

from halo_wizard.steps.changes import Change
from halo_wizard.steps.unknowns import AnswerNeeded
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.changes_panel import ChangesPanel
from halo_wizard.ui.widgets.status_line import StatusLine


class ReviewPanel(QWidget):
    """'Write these changes' over the list of profile updates; then what was read back."""

    backRequested = Signal()
    writeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.back_button = QPushButton(self.tr("‹ Back to the mappings"), self)
        self.back_button.setToolTip(
            self.tr("Return to the mapping tables without writing anything")
        )
        self.back_button.setMinimumWidth(metrics.BUTTON_MIN_WIDTH)
        self.heading = layouts.heading(self.tr("Review before writing"), self, delta=1)
        self.about = layouts.wrapped_label(
            self.tr(
                "Each profile is updated in one request: its mapping tables, defaults and "
                "attachment setting become what the plan says. Both profiles are read back "
                "afterwards and compared with the plan."
            ),
            self,
        )
        self.result = StatusLine("", self)
        self.result.hide()
        self.learn_text = layouts.wrapped_label("", self)
        self.learn_button = QPushButton(self.tr("Show halo_wizard in Halo…"), self)
        self.learn_button.setToolTip(
            self.tr(
                "Halo's own screen shows how it keeps this value: make one such setting there, "
                "and halo_wizard reads it back"
            )
        )
        self.learn_box = QGroupBox(self.tr("Waiting on Halo"), self)
        self.learn_box.setLayout(
            layouts.vbox(
                self.learn_text, layouts.hbox(None, self.learn_button), margin=metrics.SPACING
            )
        )
        self.learn_box.hide()
        self.changes = ChangesPanel(self)
        self.changes.write_button.setText(self.tr("Write mappings"))
        layout = layouts.vbox(
            layouts.hbox(self.heading, None, self.back_button),
            self.about,
            self.result,
            self.learn_box,
            self.changes,
            None,
        )
        layout.setStretchFactor(self.changes, 1)
        self._layout = layout
        self.setLayout(layout)
        self.back_button.clicked.connect(self.backRequested)
        self.changes.writeRequested.connect(self.writeRequested)

    def show_changes(
        self, changes: list[Change], blocked: list[AnswerNeeded] | None = None
    ) -> None:
        self.result.hide()
        self.changes.set_note("")
        self.changes.set_changes(changes)
        # With nothing else to write, "nothing to change" would not be true: the box says it.
        shown = bool(changes) or not blocked
        self.changes.setVisible(shown)
        self._layout.setStretch(self._layout.count() - 1, 0 if shown else 1)
        self.show_blocked(blocked or [])

    def show_blocked(self, blocked: list[AnswerNeeded], instructions: str = "") -> None:
        """What cannot be written yet, and (once asked for) what to do once in Halo's screen."""
        self.learn_box.setVisible(bool(blocked))
        if not blocked:
            return
        first = blocked[0]
        text = self.tr("Not written yet: {message}").format(message=first.message)
        text += "\n\n" + (
            self.tr("Once in Halo: {instructions}").format(instructions=instructions)
            if instructions
            else self.tr("Halo's own screen shows it once you make one such setting there.")
        )
        self.learn_text.setText(text)
        self.learn_button.setText(
            self.tr("Done in Halo: read it back") if instructions else self.tr("Show me how…")
        )

    def show_result(self, mark: icons.Mark, text: str, left: list[Change]) -> None:
        self.result.set(mark, text)
        self.result.show()
        self.changes.set_changes(left)

    def text(self) -> str:
        """What the panel says (for tests and the clipboard)."""
        lines = [self.result.text()] if not self.result.isHidden() else []
        if not self.learn_box.isHidden():
            lines.append(self.learn_text.text())
        return "\n".join([*lines, self.changes.summary.text(), *self.changes.lines()])
