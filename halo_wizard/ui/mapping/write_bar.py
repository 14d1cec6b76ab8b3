"""Under the tables: what writing would change on the instances, and the way to review it."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from halo_wizard.plan.model import MappingKind, Plan
from halo_wizard.steps.mappings import DIRECTIONS
from halo_wizard.ui.mapping.workspace import MappingWorkspace
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.status_line import StatusLine


class WriteBar(QWidget):
    """'To write: customer profile in Northwind MSP (9 settings), ...' [Read again] [Review…]."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pending = StatusLine("", self)
        self.read_again_button = QPushButton(self.tr("Read again"), self)
        self.read_again_button.setToolTip(self.tr("Read both instances again"))
        self.review_button = QPushButton(self.tr("Review and write…"), self)
        self.review_button.setToolTip(
            self.tr("List every change to both profiles before anything is written")
        )
        self.review_button.setMinimumWidth(metrics.BUTTON_MIN_WIDTH)
        layout = layouts.hbox(self.pending, self.read_again_button, self.review_button)
        layout.setStretch(0, 1)
        self.setLayout(layout)

    def show_state(self, workspace: MappingWorkspace | None, plan: Plan | None) -> bool:
        """Say what stands; True when there is something to write."""
        if workspace is None or plan is None:
            self.pending.set(icons.Mark.PENDING, self.tr("Nothing read yet"))
            return False
        missing = [d for d in DIRECTIONS if d.receiver not in workspace.profiles]
        if missing:
            self.pending.set(
                icons.Mark.ATTENTION,
                self.tr(
                    "The profile in {where} is not there yet: finish step 4 (Profiles) first."
                ).format(where=plan.instance(missing[0].receiver).name),
            )
            return False
        changes = workspace.changes()
        if changes:
            what = ", ".join(
                self.tr("{profile} in {instance} ({count} settings)").format(
                    profile=change.label, instance=change.instance, count=len(change.fields)
                )
                for change in changes
            )
            text = self.tr("To write: {what}.").format(what=what)
            mark = icons.Mark.CURRENT
        elif workspace.blocked:
            text = self.tr(
                "Not written yet: {instance} has not shown halo_wizard how Halo keeps these "
                "values. Review to see the one step to take in Halo."
            ).format(instance=workspace.blocked[0].instance)
            mark = icons.Mark.ATTENTION
        elif not any(workspace.mappings(d).rows for d in DIRECTIONS):
            text = self.tr("Nothing mapped yet: Auto-map fills in the values whose names match.")
            mark = icons.Mark.PENDING
        else:
            text = self.tr("Nothing to write: both instances hold what the plan says.")
            mark = icons.Mark.DONE
        lacking = [(d, kind) for d in DIRECTIONS for kind in workspace.missing_defaults(d)]
        if lacking:
            direction, kind = lacking[0]
            what = {
                MappingKind.STATUS: self.tr("status"),
                MappingKind.ACTION: self.tr("action"),
                MappingKind.TICKET_TYPE: self.tr("ticket type"),
            }.get(kind, kind.value)
            text += " " + self.tr("Choose a default {what} for {title}.").format(
                what=what, title=direction.title(plan)
            )
            mark = icons.Mark.ATTENTION
        self.pending.set(mark, text)
        return bool(changes or workspace.blocked)

    def text(self) -> str:
        return self.pending.text()
