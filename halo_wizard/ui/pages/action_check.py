"""Step 8: the action check, its findings by instance and severity, and the recommended actions."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from halo_wizard.api import constants as C
from halo_wizard.api.client import Record
from halo_wizard.plan.model import MappingKind, Plan, Side, StepId
from halo_wizard.rules import CheckInput, Finding, Severity, check, has_blocking
from halo_wizard.rules.check_record import KeptCheck, record_check
from halo_wizard.rules.context import (
    SOMEWHERE,
    Context,
    action_name,
    field_names,
    is_hidden,
    sends_email,
    sync_party,
    system_use,
    system_use_name,
)
from halo_wizard.rules.model import TALLY_ORDER, Tally, tally, tally_of
from halo_wizard.steps import unknowns
from halo_wizard.steps.apply import ApplyReport
from halo_wizard.steps.mappings import direction_into
from halo_wizard.steps.recommend import (
    InHalo,
    Recommendation,
    apply_recommendations,
    pending_in_halo,
    recommended_changes,
)
from halo_wizard.steps.session import Progress, Session
from halo_wizard.ui.pages.base import StepPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.status_line import StatusLine
from halo_wizard.ui.wording import counted

log = logging.getLogger(__name__)

MAPPING_RULES = frozenset({"R5", "R16"})
"""Rules about a profile's mapping settings (defaults, attachments): shown on step 7."""
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
"""The index of a finding in the page's list, on its row of the tree."""

SEVERITY_COLORS = {
    Severity.ERROR: metrics.MISSING_COLOR,
    Severity.WARNING: metrics.WARNING_COLOR,
    Severity.INFO: metrics.CURRENT_COLOR,
}
SEVERITY_MARKS = {
    Severity.ERROR: icons.Mark.ATTENTION,
    Severity.WARNING: icons.Mark.UNKNOWN,
    Severity.INFO: icons.Mark.CURRENT,
}


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One run of the check: what was read (with the plan's mappings), found and recommended."""

    found: CheckInput
    findings: list[Finding]
    recommendations: list[Recommendation]
    in_halo: list[InHalo]
    """What the admin still finishes in Halo's screen on actions already created."""
    judged: str | None = None
    """The fingerprint of the plan the rules judged (None: no plan)."""
    kept: KeptCheck | None = None
    """The check as the plan keeps it, made on the copy judged (None: no plan)."""


async def run_check(session: Session) -> CheckResult:
    """Read both instances, check them as they will be once the plan's mappings are written.

    The rules run on a worker thread (at an MSP's scale they take a second or more, which the
    window's thread must not), on a copy of the plan taken now: the admin may go on editing the
    plan meanwhile, and what is found belongs to the plan as it was when the check began."""
    found = (await CheckInput.from_session(session)).with_planned_mappings()
    plan = found.plan
    data = plan.to_dict() if plan is not None else None  # shares nothing with the plan
    return await asyncio.to_thread(_judged, found, data)


def _judged(found: CheckInput, plan_data: dict[str, Any] | None) -> CheckResult:
    """The check of `found` with the plan its data gives (the result keeps `found`, whose plan
    is the one the window edits), and the check as that plan would keep it."""
    judged = found
    if plan_data is not None:
        judged = dataclasses.replace(found, plan=Plan.from_dict(plan_data), _profiles={})
    findings = check(judged)
    copy = judged.plan
    fingerprint = copy.fingerprint() if copy is not None else None  # before it keeps the check
    return CheckResult(
        found,
        findings,
        recommended_changes(judged),
        pending_in_halo(judged),
        fingerprint,
        KeptCheck.made_on(copy, found, findings) if copy is not None else None,
    )


async def check_again(found: CheckInput) -> CheckResult:
    """The rules run again on what was read (after the admin confirmed a finding by hand), on
    a worker thread as run_check's."""
    plan = found.plan
    return await asyncio.to_thread(_judged, found, plan.to_dict() if plan is not None else None)


def counts_of(findings: list[Finding]) -> dict[str, int]:
    """Errors, warnings and notes that are problems, and checks still to confirm by hand: the
    same counts the tree's groups show (rules.model.tally)."""
    counts = tally(findings)
    return {
        "errors": counts[Tally.ERROR],
        "warnings": counts[Tally.WARNING],
        "notes": counts[Tally.NOTE],
        "manual": counts[Tally.MANUAL],
    }


def changes_to_write(recommendations: list[Recommendation]) -> int:
    """How many writes "Create these" makes, counted as apply_recommendations writes them: each
    new action, each record updated once however many recommendations touch it, and one update
    of each profile that gets mapping rows."""
    creates = sum(
        1 for r in recommendations for change in r.changes if change.operation == "create"
    )
    updates = {
        (change.side, change.entity, change.record_id)
        for r in recommendations
        for change in r.changes
        if change.operation == "update"
    }
    profiles = {edit.receiver for r in recommendations for edit in r.plan_edits}
    return creates + len(updates) + len(profiles)


class ConfirmDialog(QDialog):
    """Who confirms a check by hand, and an optional note; OK once a name is given."""

    def __init__(self, finding: Finding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.finding = finding
        self.setWindowTitle(self.tr("Confirm by hand"))
        what = layouts.wrapped_label(
            self.tr("{rule} in {instance}: {record}\n\nWhere to look: {fix}").format(
                rule=finding.rule, instance=finding.instance, record=finding.record, fix=finding.fix
            ),
            self,
        )
        self.who_edit = QLineEdit(self)
        self.who_edit.setPlaceholderText(self.tr("Your name"))
        self.note_edit = QLineEdit(self)
        self.note_edit.setPlaceholderText(self.tr("Optional: what you saw"))
        form = QFormLayout()
        form.addRow(self.tr("Confirmed by"), self.who_edit)
        form.addRow(self.tr("Note"), self.note_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Confirm"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.who_edit.textChanged.connect(self.on_who_edit_textChanged)
        self.setLayout(layouts.vbox(what, form, self.buttons, margin=metrics.MARGIN))
        self.setMinimumWidth(metrics.FIELD_MIN_WIDTH * 2)
        self.on_who_edit_textChanged("")

    def who(self) -> str:
        return self.who_edit.text().strip()

    def note(self) -> str:
        return self.note_edit.text().strip()

    def on_who_edit_textChanged(self, _text: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.who()))


class ActionCheckPage(StepPage):
    """Every documented rule on both instances; "Show me", "Confirm…" and recommended actions."""

    step_id = StepId.ACTION_CHECK

    showMappingRequested = Signal(object, object, object)
    """(receiving Side, MappingKind, remote record id or None): open that row on step 7."""
    showStepRequested = Signal(object)
    """(StepId): open the step where the record is set (a profile, the Suppliers module)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.set_heading(
            self.tr("Action check"),
            self.tr(
                "Every documented rule of ticket sync, checked on both instances as they will be "
                "once your mappings are written. Each finding names the screen and the setting "
                "to change."
            ),
        )
        self.result: CheckResult | None = None
        self.findings: list[Finding] = []
        self.confirm_dialog: ConfirmDialog | None = None

        self.summary = StatusLine("", self)
        self.recheck_button = QPushButton(self.tr("Re-check"), self)
        self.recheck_button.setToolTip(self.tr("Read both instances again and run every rule"))
        self.recheck_button.setMinimumWidth(metrics.BUTTON_MIN_WIDTH)

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Finding"), self.tr("State")])
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setMinimumHeight(220)

        self.detail_title = layouts.heading("", self, delta=1)
        self.detail_title.setWordWrap(True)
        self.detail_message = layouts.wrapped_label("", self)
        self.detail_fix = layouts.wrapped_label("", self)
        self.detail_section = layouts.wrapped_label("", self)
        layouts.colored(self.detail_section, metrics.PENDING_COLOR)
        self.detail_confirmed = layouts.wrapped_label("", self)
        layouts.colored(self.detail_confirmed, metrics.OK_COLOR)
        self.action_box = QGroupBox(self.tr("The action's settings"), self)
        self.action_settings = layouts.wrapped_label("", self.action_box)
        self.action_box.setLayout(layouts.vbox(self.action_settings, margin=metrics.SPACING))
        self.show_button = QPushButton(self.tr("Show me"), self)
        self.show_button.setToolTip(
            self.tr("Open the mapping row or show the action this finding is about")
        )
        self.confirm_button = QPushButton(self.tr("Confirm…"), self)
        self.confirm_button.setToolTip(
            self.tr("Say that you looked at this setting in Halo and it is right")
        )
        details = QWidget(self)
        details.setLayout(
            layouts.vbox(
                self.detail_title,
                self.detail_message,
                self.detail_fix,
                self.detail_section,
                self.detail_confirmed,
                self.action_box,
                layouts.hbox(self.show_button, self.confirm_button, None),
                None,
                margin=metrics.SPACING,
            )
        )
        details_scroll = QScrollArea(self)
        details_scroll.setWidgetResizable(True)
        details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        details_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        details_scroll.setWidget(details)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(details_scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.findings_box = findings_box = QWidget(self)
        findings_layout = layouts.vbox(layouts.hbox(self.summary, self.recheck_button), splitter)
        findings_layout.setStretch(1, 1)
        findings_box.setLayout(findings_layout)

        self.recommend_summary = StatusLine("", self)
        self.create_button = QPushButton(self.tr("Create these"), self)
        self.create_button.setToolTip(
            self.tr(
                "Write the listed changes: create the actions, allow them in the workflows, "
                "map them"
            )
        )
        self.create_button.setMinimumWidth(metrics.BUTTON_MIN_WIDTH)
        self.recommend_note = layouts.wrapped_label("", self)
        self.recommend_note.hide()
        self.recommend_tree = QTreeWidget(self)
        self.recommend_tree.setColumnCount(2)
        self.recommend_tree.setHeaderLabels(
            [self.tr("Recommended"), self.tr("Instance or new value")]
        )
        self.recommend_tree.setUniformRowHeights(True)
        self.recommend_tree.setAlternatingRowColors(True)
        self.recommend_tree.header().setStretchLastSection(False)
        self.recommend_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.recommend_tree.header().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.recommend_tree.setMinimumHeight(160)
        self.in_halo_text = layouts.wrapped_label("", self)
        self.in_halo_button = QPushButton(self.tr("Done in Halo: read it back"), self)
        self.in_halo_button.setToolTip(
            self.tr(
                "Read the actions again once you have set these values in Halo's own screen; "
                "what they show is kept in the plan"
            )
        )
        self.in_halo_box = QGroupBox(self.tr("To finish in Halo"), self)
        in_halo_layout = layouts.hbox(
            self.in_halo_text, layouts.vbox(self.in_halo_button, None), margin=metrics.SPACING
        )
        in_halo_layout.setStretch(0, 1)
        self.in_halo_box.setLayout(in_halo_layout)
        self.recommend_box = QGroupBox(self.tr("Recommended actions"), self)
        recommend_layout = layouts.vbox(
            layouts.hbox(self.recommend_summary, self.create_button),
            self.recommend_note,
            self.recommend_tree,
            self.in_halo_box,
            margin=metrics.SPACING,
        )
        recommend_layout.setStretch(2, 1)
        self.recommend_box.setLayout(recommend_layout)

        self.add_section(findings_box, 3)
        self.add_section(self.recommend_box, 2)

        self.task.guard(
            self.recheck_button, self.create_button, self.confirm_button, self.in_halo_button
        )
        self.in_halo_button.clicked.connect(self.on_in_halo_button_clicked)
        self.recheck_button.clicked.connect(self.on_recheck_button_clicked)
        self.create_button.clicked.connect(self.on_create_button_clicked)
        self.show_button.clicked.connect(self.on_show_button_clicked)
        self.confirm_button.clicked.connect(self.on_confirm_button_clicked)
        self.tree.currentItemChanged.connect(self.on_tree_currentItemChanged)
        self.reset()

    # ---- the window's calls ----

    def reset(self) -> None:
        self.result = None
        self.findings = []
        self.task.error.clear()
        self.recommend_note.hide()
        self._show()

    def enter(self) -> None:
        if self.result is None and self.plan is not None and not self.is_busy():
            self.recheck()

    def is_complete(self) -> bool:
        return not self.is_busy() and self.result is not None and not has_blocking(self.findings)

    # ---- checking ----

    def recheck(self) -> None:
        self.task.run(
            self.tr("Reading both instances and checking every rule…"),
            self._check_job,
            self._checked,
        )

    async def _check_job(self, progress: Progress) -> CheckResult:
        progress(0, 0, self.tr("Reading actions, workflows, profiles and modules…"))
        session = await self.services.sessions.session()
        return await run_check(session)

    def _checked(self, result: CheckResult, select: tuple[str, Side, str] | None = None) -> None:
        plan = self.plan
        if plan is not None and result.judged is not None and plan.fingerprint() != result.judged:
            # The plan changed while the rules ran: what they found is already out of date.
            log.info("the plan changed during the action check: checking again")
            QTimer.singleShot(0, self.recheck)
            return
        self.result = result
        self.findings = list(result.findings)
        self._store(result.kept)
        self._show(select)
        self.statusMessage.emit(self.summary.text())

    def _store(self, kept: KeptCheck | None = None) -> None:
        """Keep the findings in the plan for the report, and where the step stands (`kept`: as
        the worker made them ready on the copy judged, equal to the plan)."""
        plan = self.plan
        if plan is None or self.result is None:
            return
        # With the fingerprint of the configuration checked, so the report can tell if it is stale.
        if kept is not None:
            kept.keep(plan)
        else:
            record_check(plan, self.result.found, self.findings)
        self.planChanged.emit()
        self.completeChanged.emit()

    # ---- confirming by hand ----

    def confirm_finding(self, finding: Finding, who: str, note: str = "") -> None:
        """Keep the admin's confirmation in the plan and show the finding as confirmed."""
        plan = self.plan
        if plan is None or self.result is None or not who.strip():
            return
        plan.confirm(finding.rule, finding.side, finding.record, who.strip(), note.strip())
        self.planChanged.emit()  # the confirmation is kept even if the check is cancelled
        found = self.result.found
        select = (finding.rule, finding.side, finding.record)
        self.task.run(
            self.tr("Checking the rules again…"),
            lambda _progress: check_again(found),
            lambda result: self._checked(result, select),
        )

    # ---- recommended actions ----

    def create_recommended(self) -> None:
        result = self.result
        if result is None or not result.recommendations:
            return
        chosen = list(result.recommendations)
        total = changes_to_write(chosen)
        self.task.run(
            counted(total, self.tr("Writing {n} change…"), self.tr("Writing {n} changes…")),
            lambda progress: self._create_job(chosen, result.found, progress),
            self._created,
        )

    async def _create_job(
        self, chosen: list[Recommendation], found: CheckInput, progress: Progress
    ) -> tuple[ApplyReport, CheckResult]:
        session = await self.services.sessions.session()
        report = await apply_recommendations(session, chosen, found, progress)
        session.forget_everything()  # new actions and workflow lists: later steps read them again
        progress(0, 0, self.tr("Checking both instances again…"))
        return report, await run_check(session)

    def _created(self, outcome: tuple[ApplyReport, CheckResult]) -> None:
        report, result = outcome
        written = len(report.written)
        self.planChanged.emit()  # the new mapping rows are in the plan
        self._checked(result)
        if report.error is not None:
            self.task.show_error(report.error)
            text = counted(
                written,
                self.tr("{n} change written before it stopped."),
                self.tr("{n} changes written before it stopped."),
            )
        else:
            text = counted(written, self.tr("{n} change written."), self.tr("{n} changes written."))
            text += " " + self.tr("Checked again.")
        self.recommend_note.setText(text)
        self.recommend_note.show()
        self.statusMessage.emit(text)

    def read_back_in_halo(self) -> None:
        result = self.result
        if result is None or not result.in_halo:
            return
        steps = list(result.in_halo)
        self.task.run(
            self.tr("Reading the actions back…"),
            lambda progress: self._read_back_job(steps, progress),
            self._read_back,
        )

    async def _read_back_job(
        self, steps: list[InHalo], progress: Progress
    ) -> tuple[list[str], CheckResult]:
        session = await self.services.sessions.session()
        seen: list[str] = []
        for step in steps:
            found = await step.read_back(session)
            if found is not None:
                seen.append(found.seen)
        session.forget_everything()
        progress(0, 0, self.tr("Checking both instances again…"))
        return seen, await run_check(session)

    def _read_back(self, outcome: tuple[list[str], CheckResult]) -> None:
        seen, result = outcome
        self.planChanged.emit()  # what the instances showed is kept in the plan
        self._checked(result)
        text = self.tr("Read back: {seen}").format(seen="; ".join(seen)) if seen else ""
        self.recommend_note.setText(text or self.tr("Read back and checked again."))
        self.recommend_note.show()

    # ---- showing ----

    def _show(self, select: tuple[str, Side, str] | None = None) -> None:
        self._fill_tree(select)
        self._fill_summary()
        self._fill_recommendations()
        self.update_controls()

    def _fill_summary(self) -> None:
        if self.result is None:
            self.summary.set(icons.Mark.PENDING, self.tr("Not checked yet"))
            return
        n = counts_of(self.findings)
        parts = [
            counted(n["errors"], self.tr("{n} error"), self.tr("{n} errors")),
            counted(n["warnings"], self.tr("{n} warning"), self.tr("{n} warnings")),
            counted(
                n["manual"], self.tr("{n} to confirm by hand"), self.tr("{n} to confirm by hand")
            ),
            counted(n["notes"], self.tr("{n} note"), self.tr("{n} notes")),
        ]
        text = ", ".join(parts)
        if has_blocking(self.findings):
            mark = icons.Mark.ATTENTION
            text += " · " + self.tr("fix the errors (or confirm the checks by hand) to go on")
        elif n["warnings"]:
            mark = icons.Mark.UNKNOWN
            text += " · " + self.tr("no error: you can go on")
        else:
            mark = icons.Mark.DONE
            text += " · " + self.tr("no error: you can go on")
        self.summary.set(mark, text)

    def _fill_tree(self, select: tuple[str, Side, str] | None) -> None:
        self.tree.clear()
        if self.result is None:
            self._show_detail(None)
            return
        headings = {
            Tally.ERROR: self.tr("Errors"),
            Tally.WARNING: self.tr("Warnings"),
            Tally.MANUAL: self.tr("To confirm by hand"),
            Tally.NOTE: self.tr("Notes"),
        }
        tally_severity = {
            Tally.ERROR: Severity.ERROR,
            Tally.WARNING: Severity.WARNING,
            Tally.MANUAL: Severity.WARNING,
            Tally.NOTE: Severity.INFO,
        }
        to_select: QTreeWidgetItem | None = None
        first: QTreeWidgetItem | None = None  # the first error, else the first finding
        first_blocks = False
        found = self.result.found
        for side in Side:
            mine = [(i, f) for i, f in enumerate(self.findings) if f.side is side]
            role = self.tr("sends tickets") if side is Side.CUSTOMER else self.tr("receives them")
            top = QTreeWidgetItem(
                [
                    self.tr("{instance} ({role})").format(
                        instance=found.config(side).name, role=role
                    ),
                    counted(len(mine), self.tr("{n} finding"), self.tr("{n} findings")),
                ]
            )
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            if not mine:
                top.setIcon(0, icons.icon(icons.Mark.DONE))
                continue
            for count in TALLY_ORDER:  # the summary's counts, in the same groups
                group = [(i, f) for i, f in mine if tally_of(f) is count]
                if not group:
                    continue
                severity = tally_severity[count]
                head = QTreeWidgetItem([f"{headings[count]} ({len(group)})", ""])
                head.setIcon(0, icons.icon(SEVERITY_MARKS[severity]))
                head.setForeground(0, QBrush(QColor(SEVERITY_COLORS[severity])))
                top.addChild(head)
                for index, finding in group:
                    item = self._finding_item(index, finding)
                    head.addChild(item)
                    if first is None or (finding.blocking and not first_blocks):
                        first, first_blocks = item, finding.blocking
                    if select == (finding.rule, finding.side, finding.record):
                        to_select = item
        self.tree.expandAll()
        target = to_select or first
        if target is not None:
            self.tree.setCurrentItem(target)
        else:
            self._show_detail(None)

    def _finding_item(self, index: int, finding: Finding) -> QTreeWidgetItem:
        headline = f"{finding.rule} · {finding.record}: {finding.message}"
        if finding.confirmed is not None:
            state, mark = self.tr("confirmed by hand"), icons.Mark.DONE
        elif finding.manual:
            state, mark = self.tr("to confirm by hand"), SEVERITY_MARKS[finding.severity]
        else:
            state = {
                Severity.ERROR: self.tr("error"),
                Severity.WARNING: self.tr("warning"),
                Severity.INFO: self.tr("note"),
            }[finding.severity]
            mark = SEVERITY_MARKS[finding.severity]
        item = QTreeWidgetItem([headline, state])
        item.setIcon(0, icons.icon(mark))
        item.setToolTip(0, finding.message)
        item.setData(0, FINDING_ROLE, index)
        return item

    def current_finding(self) -> Finding | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        index = item.data(0, FINDING_ROLE)
        if not isinstance(index, int) or not 0 <= index < len(self.findings):
            return None
        return self.findings[index]

    def _show_detail(self, finding: Finding | None) -> None:
        shown = finding is not None
        for widget in (
            self.detail_message,
            self.detail_fix,
            self.detail_section,
            self.show_button,
            self.confirm_button,
        ):
            widget.setVisible(shown)
        if finding is None:
            self.detail_title.setText(
                self.tr("Choose a finding to see what to change")
                if self.findings
                else (self.tr("Nothing found") if self.result is not None else "")
            )
            self.detail_confirmed.hide()
            self.action_box.hide()
            return
        self.detail_title.setText(
            f"{finding.rule} · {finding.title or finding.record}"
            if finding.title
            else f"{finding.rule} · {finding.record}"
        )
        message = finding.message
        if finding.details:
            message += "\n" + "\n".join("• " + line for line in finding.details)
        if finding.source:
            message += "\n" + self.tr("Read from: {source}.").format(source=finding.source)
        self.detail_message.setText(message)
        self.detail_fix.setText(self.tr("To change: {fix}").format(fix=finding.fix))
        self.detail_section.setText(
            self.tr("From Halo's guide: {section}").format(section=finding.section)
            if finding.section
            else ""
        )
        confirmation = finding.confirmed
        self.detail_confirmed.setVisible(confirmation is not None)
        if confirmation is not None:
            self.detail_confirmed.setText(
                self.tr("Confirmed by {who} on {when}").format(
                    who=confirmation.confirmed_by, when=confirmation.confirmed_at[:10]
                )
                + (f": {confirmation.note}" if confirmation.note else "")
            )
        action = self._action_of(finding)
        self.action_box.setVisible(action is not None)
        if action is not None:
            self.action_settings.setText(self.action_lines(action, finding.side))
        can_show = self._show_target(finding) is not None
        self.show_button.setEnabled(can_show)
        self.show_button.setToolTip(
            self.tr("Open the place in the wizard where this is set")
            if can_show
            else self._show_reason(finding)
        )
        self.confirm_button.setVisible(finding.manual)
        self.confirm_button.setText(
            self.tr("Confirm again…") if finding.confirmed is not None else self.tr("Confirm…")
        )
        self.confirm_button.setEnabled(finding.manual and not self.is_busy())

    def _action_of(self, finding: Finding) -> Record | None:
        locator = finding.locator
        if self.result is None or locator is None or locator.kind != "action":
            return None
        return self.result.found.config(locator.side).get("Outcome", locator.record_id)

    def action_lines(self, action: Mapping[str, Any], side: Side) -> str:
        """The settings of an action that the rules look at, one per line."""
        yes, no = self.tr("Yes"), self.tr("No")
        found = self.result.found if self.result is not None else None
        sync_answer = found.answer(side, C.SYNC_VALUES) if found is not None else None
        email_answer = found.answer(side, C.API_EMAIL_FIELD) if found is not None else None
        sync = sync_party(action, sync_answer)
        api_email = unknowns.api_email_setting(email_answer, action)
        lines = [
            self.tr("Name: {name}").format(name=action_name(action)),
            self.tr("System use: {value}").format(value=system_use_name(system_use(action))),
            self.tr("Send an email: {value}").format(value=yes if sends_email(action) else no),
            self.tr("Hide from user: {value}").format(value=yes if is_hidden(action) else no),
            self.tr("Send to Connected Halo Instance: {value}").format(
                value=self.tr("Yes (which way: not shown yet)") if sync == SOMEWHERE else sync
            ),
            self.tr("Send an e-mail when created through the API: {value}").format(
                value=self.tr("(not shown by the API)")
                if api_email is None
                else (yes if api_email else no)
            ),
            self.tr("Fields: {names}").format(
                names=", ".join(sorted(field_names(action))) or self.tr("(none)")
            ),
        ]
        return "\n".join(lines)

    def _show_target(self, finding: Finding) -> tuple[str, tuple[Any, ...]] | None:
        """Where "Show me" goes: ("mapping", (receiver, kind, remote id or None)) for a row of
        step 7 (an action: the row that maps to it, or its own row as the sender's), ("step",
        (StepId,)) for a profile or the module; None when nothing in the wizard shows it."""
        locator = finding.locator
        if locator is None or self.plan is None:
            return None
        if locator.kind == "mapping" and locator.mapping_kind is not None:
            return "mapping", (locator.side, locator.mapping_kind, locator.remote_id)
        if locator.kind == "action" and locator.record_id is not None:
            side, action_id = locator.side, locator.record_id
            mappings = direction_into(side).mappings(self.plan)
            for row in mappings.rows_of(MappingKind.ACTION):
                if row.local_id == action_id and row.mapped:
                    return "mapping", (side, MappingKind.ACTION, row.remote_id)
            if mappings.default_action == action_id:
                return "mapping", (side, MappingKind.ACTION, None)  # the default, below
            other = Side.SUPPLIER if side is Side.CUSTOMER else Side.CUSTOMER
            return "mapping", (other, MappingKind.ACTION, action_id)
        if locator.kind == "profile":
            if finding.rule in MAPPING_RULES:
                return "mapping", (locator.side, MappingKind.STATUS, None)
            return "step", (StepId.PROFILES,)
        if locator.kind == "module":
            return "step", (StepId.SUPPLIERS_MODULE,)
        return None

    def _show_reason(self, finding: Finding) -> str:
        """Why "Show me" can do nothing for `finding` (its tooltip while it is disabled)."""
        locator = finding.locator
        if locator is not None and locator.kind == "action" and locator.record_id is None:
            return self.tr("There is no such action yet: the recommended actions below create it.")
        return self.tr(
            "Nothing in the wizard shows this record: change it in Halo as described above."
        )

    def _fill_recommendations(self) -> None:
        self.recommend_tree.clear()
        result = self.result
        recommendations = result.recommendations if result is not None else []
        if result is None:
            self.recommend_summary.set(icons.Mark.PENDING, self.tr("Not checked yet"))
        elif not recommendations and result.in_halo:
            self.recommend_summary.set(
                icons.Mark.CURRENT,
                self.tr("Nothing to create; finish the settings below in Halo's own screen"),
            )
        elif not recommendations:
            self.recommend_summary.set(
                icons.Mark.DONE, self.tr("Nothing to create: every role has a suitable action")
            )
        else:
            changes = changes_to_write(recommendations)
            self.recommend_summary.set(
                icons.Mark.CURRENT,
                counted(
                    len(recommendations),
                    self.tr("{n} recommended action"),
                    self.tr("{n} recommended actions"),
                )
                + " · "
                + counted(
                    changes,
                    self.tr("{n} change to write; nothing is written until you say so"),
                    self.tr("{n} changes to write; nothing is written until you say so"),
                ),
            )
        in_halo = result.in_halo if result is not None else []
        self.in_halo_box.setVisible(bool(in_halo))
        self.in_halo_text.setText("\n".join(f"• {step.text}" for step in in_halo))
        self.recommend_box.setVisible(result is not None)
        self.create_button.setVisible(bool(recommendations))
        self.recommend_tree.setVisible(bool(recommendations))
        self.body_layout.setStretchFactor(self.recommend_box, 2 if recommendations else 0)
        if result is None:
            return
        context = Context(result.found)
        for recommendation in recommendations:
            top = QTreeWidgetItem(
                [
                    f"{recommendation.title} ({recommendation.rule})",
                    result.found.config(recommendation.side).name,
                ]
            )
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setToolTip(0, recommendation.reason)
            top.addChild(QTreeWidgetItem([recommendation.reason, ""]))
            for change in recommendation.changes:
                item = QTreeWidgetItem([change.summary, ""])
                for field in change.fields:
                    item.addChild(QTreeWidgetItem([field.label, field.new_text]))
                top.addChild(item)
            for edit in recommendation.plan_edits:
                top.addChild(
                    QTreeWidgetItem(
                        [
                            self.tr("Mapping row: {row}").format(
                                row=edit.describe(
                                    context.name(edit.receiver),
                                    context.profile_label(edit.receiver),
                                )
                            ),
                            "",
                        ]
                    )
                )
            self.recommend_tree.addTopLevelItem(top)
            top.setExpanded(True)

    def recommendation_lines(self) -> list[str]:
        """Every line of the recommended actions (for tests and the clipboard)."""
        lines: list[str] = []

        def walk(item: QTreeWidgetItem) -> None:
            lines.append(" ".join(t for t in (item.text(0), item.text(1)) if t))
            for i in range(item.childCount()):
                child = item.child(i)
                if child is not None:
                    walk(child)

        for i in range(self.recommend_tree.topLevelItemCount()):
            top = self.recommend_tree.topLevelItem(i)
            if top is not None:
                walk(top)
        return lines

    def update_controls(self) -> None:
        busy = self.is_busy()
        self.recheck_button.setEnabled(self.plan is not None and not busy)
        result = self.result
        self.create_button.setEnabled(
            not busy and result is not None and bool(result.recommendations)
        )
        finding = self.current_finding()
        self.confirm_button.setEnabled(not busy and finding is not None and finding.manual)

    # ---- slots ----

    def on_recheck_button_clicked(self) -> None:
        self.recheck()

    def on_in_halo_button_clicked(self) -> None:
        self.read_back_in_halo()

    def on_create_button_clicked(self) -> None:
        self.create_recommended()

    def on_tree_currentItemChanged(
        self, _current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        self._show_detail(self.current_finding())

    def on_show_button_clicked(self) -> None:
        finding = self.current_finding()
        target = self._show_target(finding) if finding is not None else None
        if target is None:
            return
        what, args = target
        if what == "mapping":
            self.showMappingRequested.emit(*args)
        else:
            self.showStepRequested.emit(*args)

    def on_confirm_button_clicked(self) -> None:
        finding = self.current_finding()
        if finding is None or not finding.manual:
            return
        dialog = ConfirmDialog(finding, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.confirm_dialog = dialog
        dialog.accepted.connect(lambda: self.confirm_finding(finding, dialog.who(), dialog.note()))
        dialog.finished.connect(self.on_confirm_dialog_finished)
        dialog.open()

    def on_confirm_dialog_finished(self, _result: int) -> None:
        self.confirm_dialog = None
