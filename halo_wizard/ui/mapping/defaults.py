"""Under the table: the current kind's default (searchable) and the profile's attachment setting."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from halo_wizard.api import constants as C
from halo_wizard.plan.model import DEFAULT_ATTRIBUTE, MappingKind
from halo_wizard.steps.mappings import Direction
from halo_wizard.ui.mapping.widgets import UNCHANGED, SearchableCombo
from halo_wizard.ui.mapping.workspace import DefaultWarning, MappingWorkspace
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.status_line import StatusLine


class DefaultsBar(QWidget):
    """'Default status: [Action/Ticket Type Default]' with what it means, and 'Send attachments'."""

    defaultChosen = Signal(object)
    """The admin chose a default (an id, -1 for Action/Ticket Type Default, or None)."""
    attachmentsToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.combo = SearchableCombo(self)
        self.combo.setMinimumWidth(metrics.FIELD_MIN_WIDTH * 3 // 4)
        self.label.setBuddy(self.combo)
        self.hint = layouts.wrapped_label("", self)
        self.hint.setStyleSheet(f"color: {metrics.PENDING_COLOR};")
        self.warning = StatusLine("", self)
        self.warning.hide()
        self.attachments = QCheckBox(self)
        self._default_row = QWidget(self)
        default_row = layouts.hbox(self.label, self.combo, self.hint)
        default_row.setStretch(2, 1)
        self._default_row.setLayout(default_row)
        # The attachment setting has its own line: beside the default it would not fit at 1024.
        second = layouts.hbox(self.attachments, self.warning)
        second.setStretch(1, 1)
        self.setLayout(
            layouts.vbox(self._default_row, second, spacing=metrics.SPACING_SMALL, margin=0)
        )
        self.combo.committed.connect(self.on_combo_committed)
        line = self.combo.lineEdit()
        if line is not None:
            line.returnPressed.connect(self.on_line_returnPressed)
            line.editingFinished.connect(self.on_combo_committed)
        self.attachments.toggled.connect(self.attachmentsToggled)

    def show_for(
        self, workspace: MappingWorkspace | None, direction: Direction, kind: MappingKind
    ) -> None:
        if workspace is None:
            self._default_row.hide()
            self.warning.hide()
            self.attachments.hide()
            return
        plan = workspace.plan
        sender = plan.instance(direction.sender).name
        receiver = plan.instance(direction.receiver).name
        mappings = workspace.mappings(direction)
        self.attachments.show()
        self.attachments.blockSignals(True)
        self.attachments.setChecked(mappings.outbound_attachments)
        self.attachments.blockSignals(False)
        self.attachments.setText(
            self.tr("{receiver} sends attachments to {sender}").format(
                receiver=receiver, sender=sender
            )
        )
        self.attachments.setToolTip(
            self.tr(
                "Outbound setting of this profile: attachments added to an action in {receiver} "
                "go to {sender} with the synced action."
            ).format(receiver=receiver, sender=sender)
        )
        attr = DEFAULT_ATTRIBUTE.get(kind)
        if attr is None:  # fields have no default
            self._default_row.hide()
            self.warning.hide()
            return
        self._default_row.show()
        choices = workspace.targets(direction, kind)
        options: list[tuple[str, object]] = [(self.tr("— none —"), None)]
        if kind is MappingKind.STATUS:
            options.append(
                (self.tr("Action/Ticket Type Default"), C.STATUS_ACTION_OR_TICKET_TYPE_DEFAULT)
            )
        names = workspace.target_labels(direction, kind)
        options += list(zip(names, (c.id for c in choices), strict=True))
        self.combo.set_options(options, getattr(mappings, attr))
        labels = {
            MappingKind.STATUS: self.tr("Default &status"),
            MappingKind.CATEGORY: self.tr("Default &category"),
            MappingKind.ACTION: self.tr("Default &action"),
            MappingKind.TICKET_TYPE: self.tr("Default &ticket type"),
        }
        hints = {
            MappingKind.STATUS: self.tr(
                "A ticket {sender} sends gets this status in {receiver} when its status is not "
                "mapped. Action/Ticket Type Default uses {receiver}'s own defaults."
            ),
            MappingKind.CATEGORY: self.tr("Used when a category of {sender} is not mapped."),
            MappingKind.ACTION: self.tr(
                "Added for an action of {sender} that is not mapped: a generic action hidden "
                "from the user, such as an internal note, allowed by the workflows."
            ),
            MappingKind.TICKET_TYPE: self.tr(
                "A ticket of a type that is not mapped is logged in {receiver} as this type."
            ),
        }
        self.label.setText(labels[kind] + ":")
        self.hint.setText(hints[kind].format(sender=sender, receiver=receiver))
        self._show_warning(workspace, direction, kind)

    def _show_warning(
        self, workspace: MappingWorkspace, direction: Direction, kind: MappingKind
    ) -> None:
        texts: list[str] = []
        if kind in workspace.missing_defaults(direction):
            texts.append(self.tr("Choose a default: every profile needs one (R5)."))
        if kind is MappingKind.ACTION:
            words = {
                DefaultWarning.NOT_HIDDEN: self.tr("it is not hidden from the user"),
                DefaultWarning.SENDS_EMAIL: self.tr("it sends an e-mail"),
                DefaultWarning.SENDS_BACK: self.tr("it sends to the connected instance"),
            }
            found = [words[w] for w in workspace.default_warnings(direction)]
            if found:
                texts.append(
                    self.tr("This default action is not a generic hidden note: {why} (R6).").format(
                        why="; ".join(found)
                    )
                )
        self.warning.set(icons.Mark.UNKNOWN, " ".join(texts))
        self.warning.setVisible(bool(texts))

    def on_combo_committed(self) -> None:
        value = self.combo.value()
        if value is UNCHANGED:
            self.combo.revert()
            return
        self.defaultChosen.emit(value)

    def on_line_returnPressed(self) -> None:
        value = self.combo.best_value()  # Enter on part of a name takes its best match
        if value is not UNCHANGED:
            self.combo.set_value(value)
            self.defaultChosen.emit(value)
