"""Step 2: prove on both sides, before anything is written, that the application may do what
the later steps need; say exactly what to grant where it may not."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from halo_wizard.plan.model import Side, StepId, StepStatus
from halo_wizard.steps import permissions
from halo_wizard.steps.permissions import Capability
from halo_wizard.steps.session import Progress
from halo_wizard.ui.pages.base import StepPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.status_line import StatusLine
from halo_wizard.ui.wording import counted


def _mark(check: Capability) -> icons.Mark:
    if check.ok is True:
        return icons.Mark.DONE
    if check.ok is False:
        return icons.Mark.ATTENTION
    return icons.Mark.UNKNOWN


class PermissionsPage(StepPage):
    step_id = StepId.PERMISSIONS

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.set_heading(
            self.tr("Permissions"),
            self.tr(
                "Before anything is written, the wizard reads every list the later steps use "
                "on each side and judges each change from the application's scopes and its "
                "agent: nothing is written to test it. Whatever fails is listed with exactly "
                "what to grant."
            ),
        )
        self.checks: list[Capability] | None = None
        self.summary = StatusLine("", self)
        self.check_button = QPushButton(self.tr("Check again"), self)
        self.check_button.setToolTip(
            self.tr(
                "Test every capability on both instances again, after granting what was missing"
            )
        )
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("Check"), self.tr("Result"), self.tr("Needed for")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setMinimumHeight(300)
        self.grants = QGroupBox(self.tr("What to grant"), self)
        self.grant_text = layouts.wrapped_label("", self.grants)
        self.grants.setLayout(layouts.vbox(self.grant_text, margin=metrics.SPACING + 4))
        self.risk = QCheckBox(self.tr("Go on anyway with the listed risk"), self)
        self.risk.setToolTip(
            self.tr("Later steps may fail where a permission is missing; nothing is hidden.")
        )
        self.add_section(layouts.row(self.summary, self.check_button))
        self.add_section(self.tree, 1)
        self.add_section(self.grants)
        self.add_section(self.risk)
        self.task.guard(self.check_button, self.risk)
        self.check_button.clicked.connect(self.on_check_button_clicked)
        self.risk.toggled.connect(self.on_risk_toggled)

    # ---- the window's calls ----

    def reset(self) -> None:
        self.checks = None
        self.tree.clear()
        self.grants.hide()
        self.risk.hide()
        self.summary.set(icons.Mark.PENDING, self.tr("Not checked yet"))
        if self.plan is not None:
            self.risk.setChecked(self.plan.permissions_risk_accepted)

    def enter(self) -> None:
        if self.checks is None and self.plan is not None:
            self.refresh()

    def refresh(self) -> None:
        self.task.run(self.tr("Checking permissions on both instances…"), self._job, self._checked)

    def is_complete(self) -> bool:
        if self.is_busy() or self.checks is None or self.plan is None:
            return False
        return not permissions.blocking(self.checks) or self.plan.permissions_risk_accepted

    def missing(self) -> list[Capability]:
        return permissions.blocking(self.checks or [])

    # ---- jobs ----

    async def _job(self, progress: Progress) -> list[Capability]:
        session = await self.services.sessions.session()
        return await permissions.preflight(session, progress)

    def _checked(self, checks: list[Capability]) -> None:
        self.checks = checks
        self._show(checks)
        missing = self.missing()
        if missing and self.plan is not None and not self.plan.permissions_risk_accepted:
            self.mark(
                StepStatus.ATTENTION,
                counted(
                    len(missing),
                    self.tr("{n} permission missing"),
                    self.tr("{n} permissions missing"),
                ),
            )
        self.completeChanged.emit()

    def _show(self, checks: list[Capability]) -> None:
        self.tree.clear()
        plan = self.plan
        for side in Side:
            name = plan.instance(side).name if plan is not None else side.value
            role = self.tr("customer") if side is Side.CUSTOMER else self.tr("supplier")
            mine = [c for c in checks if c.side is side]
            failed = sum(1 for c in mine if c.ok is False)
            top = QTreeWidgetItem([f"{name} ({role})", self._count_text(mine), ""])
            top.setIcon(0, icons.icon(icons.Mark.ATTENTION if failed else icons.Mark.DONE))
            for check in mine:
                row = QTreeWidgetItem([check.label, self._result_text(check), check.needed_for])
                row.setIcon(0, icons.icon(_mark(check)))
                row.setToolTip(1, check.detail)
                if check.ok is False:
                    row.addChild(QTreeWidgetItem([self.tr("Grant"), check.grant, ""]))
                top.addChild(row)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        self.tree.resizeColumnToContents(1)
        missing = self.missing()
        unknown = sum(1 for c in checks if c.ok is None)
        if missing:
            self.summary.set(
                icons.Mark.ATTENTION,
                counted(
                    len(missing),
                    self.tr("{n} permission is missing; nothing has been written."),
                    self.tr("{n} permissions are missing; nothing has been written."),
                ),
            )
        elif unknown:
            self.summary.set(
                icons.Mark.UNKNOWN,
                counted(
                    unknown,
                    self.tr("No permission is missing; {n} could not be tested yet."),
                    self.tr("No permission is missing; {n} could not be tested yet."),
                ),
            )
        else:
            self.summary.set(
                icons.Mark.DONE, self.tr("All {n} checks passed.").format(n=len(checks))
            )
        self.grants.setVisible(bool(missing))
        self.risk.setVisible(bool(missing))
        self.grant_text.setText(
            "<br><br>".join(
                f"<b>{plan.instance(c.side).name if plan else ''}: {c.label}</b><br>{c.grant}"
                for c in missing
            )
        )

    def _count_text(self, checks: list[Capability]) -> str:
        passed = sum(1 for c in checks if c.ok is True)
        return self.tr("{passed} of {total} passed").format(passed=passed, total=len(checks))

    def _result_text(self, check: Capability) -> str:
        if check.ok is True:
            return self.tr("Passed")
        if check.ok is False:
            return self.tr("Missing: {detail}").format(detail=check.detail)
        return self.tr("Unknown: {detail}").format(detail=check.detail)

    # ---- slots ----

    def on_check_button_clicked(self) -> None:
        self.refresh()

    def on_risk_toggled(self, accepted: bool) -> None:
        if self.plan is None or self.plan.permissions_risk_accepted == accepted:
            return
        self.plan.permissions_risk_accepted = accepted
        self.planChanged.emit()
        self.completeChanged.emit()
