"""Step 9: every change the plan still makes to the instances, listed, then applied."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from halo_wizard.plan.model import Side, StepId, StepStatus
from halo_wizard.steps.changes import Change
from halo_wizard.steps.session import Progress
from halo_wizard.steps.setup import (
    Review,
    SetupApplied,
    Waiting,
    WaitingFor,
    apply_review,
    in_step_order,
    review_setup,
)
from halo_wizard.ui.pages.base import StepPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.wording import counted

log = logging.getLogger(__name__)


class ReviewApplyPage(StepPage):
    """Lists the changes of steps 3-7 by instance and step; Apply writes them, then reads back."""

    step_id = StepId.REVIEW_APPLY

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.review: Review | None = None
        self._written: set[int] = set()  # ids of the listed changes written by the last apply
        self._stopped = False  # the last apply stopped before the end
        self.set_heading(
            self.tr("Review and apply"),
            self.tr(
                "The last check before the test: every change the plan still makes to either "
                "instance is listed here by step, including what earlier steps left unwritten. "
                "When there is something to write, the Apply button writes it; applying again "
                "after a stop finishes the rest. Afterwards both instances are read back and "
                "compared with the plan."
            ),
        )
        self.state_icon = QLabel(self)
        self.summary = layouts.heading("", self, delta=1)
        self.summary.setWordWrap(True)
        self.check_button = QPushButton(self.tr("Check again"), self)
        self.check_button.setToolTip(self.tr("Read both instances again"))
        self.apply_button = QPushButton(self.tr("Apply"), self)
        self.apply_button.setToolTip(
            self.tr("Write every listed change, step by step; a failure stops cleanly")
        )
        for button in (self.check_button, self.apply_button):
            button.setMinimumWidth(metrics.BUTTON_MIN_WIDTH)
        self.note = layouts.wrapped_label("", self)
        self.note.hide()
        self.waiting = layouts.wrapped_label("", self)
        self.waiting.hide()
        self.step_text = QLabel(self)
        self.step_bar = QProgressBar(self)
        self.step_bar.setMinimumWidth(metrics.FIELD_MIN_WIDTH)
        self.step_bar.setTextVisible(True)
        self.step_row = layouts.row(self.step_text, self.step_bar, stretch=0)
        self.step_row.hide()
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Change"), self.tr("Now"), self.tr("After applying")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setStretchLastSection(True)
        self.tree.header().setMinimumSectionSize(metrics.BUTTON_MIN_WIDTH)
        self.add_section(
            layouts.row(
                self.state_icon, self.summary, self.check_button, self.apply_button, stretch=1
            )
        )
        self.add_section(self.note)
        self.add_section(self.waiting)
        self.add_section(self.step_row)
        self.add_section(self.tree, 1)
        self.filler = self.add_section(QWidget(self), 1)  # keeps the lines at the top, tree or not
        self.filler.setVisible(False)
        self.task.guard(self.check_button, self.apply_button)
        self.check_button.clicked.connect(self.on_check_button_clicked)
        self.apply_button.clicked.connect(self.on_apply_button_clicked)
        self.task.finished.connect(self.on_task_finished)
        self._applying = False
        self.reset()

    # ---- the window's calls ----

    def reset(self) -> None:
        self.review = None
        self._written = set()
        self._stopped = False
        self.set_note("")
        self.task.error.clear()
        self._show()

    def enter(self) -> None:
        if self.review is None and self.plan is not None:
            self.refresh()

    def refresh(self) -> None:
        self.task.run(self.tr("Reading both instances…"), self._review_job, self._reviewed)

    def is_complete(self) -> bool:
        return (
            not self.is_busy()
            and self.review is not None
            and not self._stopped
            and self.review.is_clean()
        )

    def to_apply(self) -> list[Change]:
        """The listed changes not written yet (what Apply writes)."""
        if self.review is None:
            return []
        return [c for c in self.review.changes() if id(c) not in self._written]

    def lines(self) -> list[str]:
        """Every line of the tree, indented by depth (for tests and the clipboard)."""
        found: list[str] = []

        def walk(item: QTreeWidgetItem | None, depth: int) -> None:
            if item is None:
                return
            texts = [item.text(c) for c in range(3) if item.text(c)]
            found.append("  " * depth + " | ".join(texts))
            for index in range(item.childCount()):
                walk(item.child(index), depth + 1)

        for index in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(index), 0)
        return found

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    # ---- reading the instances ----

    def waiting_text(self, waiting: Waiting | None) -> str:
        """Why a step cannot be listed yet, in the admin's words."""
        if waiting is None:
            return ""
        if waiting.reason is WaitingFor.PROFILES:
            names = ", ".join(
                self.tr("“{name}” in {instance}").format(name=name, instance=instance)
                for name, instance in zip(waiting.names, waiting.instances, strict=True)
            )
            return (
                self.tr("listed after the profile {names} is created (apply first)")
                if len(waiting.names) == 1
                else self.tr("listed after the profiles {names} are created (apply first)")
            ).format(names=names)
        if waiting.reason is WaitingFor.ISSUED_SECRET:
            return self.tr(
                "the API does not show the secret issued by the {roles} profile: paste it on the "
                "Credential swap step (step 5)"
            ).format(roles=", ".join(waiting.names))
        text = f"{waiting.text} {waiting.fix}".strip().rstrip(".")
        if waiting.count > 1:
            text += " " + self.tr("({n} more like it)").format(n=waiting.count - 1)
        return text

    async def _review_job(self, progress: Progress) -> Review:
        session = await self.services.sessions.session()

        def reading(done: int, total: int, text: str) -> None:
            step = next((s for s in StepId if s.key == text), None)  # the engine names the step
            progress(
                done,
                total,
                self.tr("Reading: {step}…").format(step=self.step_title(step)) if step else "",
            )

        return await review_setup(session, reading)

    def _reviewed(self, review: Review) -> None:
        self.review = review
        self._written = set()
        self._stopped = False
        self.planChanged.emit()  # profile record ids and existing mappings kept in the plan
        self._show()
        self.completeChanged.emit()

    # ---- applying ----

    async def _apply_job(self, changes: list[Change], progress: Progress) -> SetupApplied:
        session = await self.services.sessions.session()
        ordered = in_step_order(changes)
        current: list[tuple[StepId, int, int]] = []
        start: dict[StepId, int] = {}
        for position, change in enumerate(ordered):
            start.setdefault(change.step, position)

        def started(step: StepId, index: int, steps: int) -> None:
            current[:] = [(step, index, steps)]
            self._show_step(step, 0, sum(c.step is step for c in ordered), index, steps)

        def counting(done: int, total: int, text: str) -> None:
            # Progress counts along the changes in step order: those before `done` are written.
            self._written.update(id(change) for change in ordered[:done])
            progress(done, total, text)
            if current:
                step, index, steps = current[0]
                size = sum(c.step is step for c in ordered)
                self._show_step(step, min(max(done - start[step], 0), size), size, index, steps)

        outcome = await apply_review(session, changes, counting, on_step=started)
        self._written.update(id(change) for change in outcome.report.written)
        return outcome

    def _applied(self, outcome: SetupApplied) -> None:
        report = outcome.report
        self.planChanged.emit()  # authentication results and profile ids
        written = counted(
            len(report.written), self.tr("{n} change written."), self.tr("{n} changes written.")
        )
        if report.error is not None and outcome.review is not None:
            # Written and read back, but 'Authenticate connection' failed: the rest is listed.
            self.task.show_error(report.error)
            self._reviewed(outcome.review)
            self.mark(StepStatus.ATTENTION, self.tr("authentication failed"))
            note = (
                written
                + " "
                + self.tr("Authentication failed: {reason} Fix it, then apply again.").format(
                    reason=report.error.message
                )
            )
            self.set_note(note)
            self.statusMessage.emit(note)
            return
        if report.error is not None:
            self._stopped = True
            self.task.show_error(report.error)
            self.set_note(
                written
                + " "
                + counted(
                    len(report.not_written),
                    self.tr(
                        "{n} change not written: it is marked below. Fix the cause, then "
                        "press Apply again to finish the rest."
                    ),
                    self.tr(
                        "{n} changes not written: they are marked below. Fix the cause, then "
                        "press Apply again to finish the rest."
                    ),
                )
            )
            self.mark(StepStatus.ATTENTION, report.error.message)
            self._show()
            self.completeChanged.emit()
            return
        before = self.review
        assert outcome.review is not None
        waited = {s.step for s in before.waiting()} if before is not None else set()
        self._reviewed(outcome.review)
        review = outcome.review
        differ = [c for c in review.changes() if c.step not in waited]
        newly = [c for c in review.changes() if c.step in waited]
        parts = [written]
        if outcome.settings_recorded:
            parts.append(
                self.tr(
                    "Settings of mapped actions changed in Halo since they were recorded, and "
                    "are recorded now as Halo holds them: {lines}."
                ).format(lines="; ".join(outcome.settings_recorded))
            )
        if review.is_clean():
            parts.append(self.tr("Read back: the instances hold exactly what the plan says."))
        else:
            if differ:
                parts.append(
                    counted(
                        len(differ),
                        self.tr("Read back: {n} change differs from the plan (listed below)."),
                        self.tr("Read back: {n} changes differ from the plan (listed below)."),
                    )
                )
            if newly:
                parts.append(
                    counted(
                        len(newly),
                        self.tr(
                            "Now that the profiles exist, {n} more change is listed: review it "
                            "and apply again."
                        ),
                        self.tr(
                            "Now that the profiles exist, {n} more changes are listed: review "
                            "them and apply again."
                        ),
                    )
                )
        note = " ".join(parts)
        self.set_note(note)
        self.statusMessage.emit(note)

    # ---- showing ----

    def step_title(self, step: StepId) -> str:
        titles = {
            StepId.SUPPLIERS_MODULE: self.tr("Suppliers module"),
            StepId.PROFILES: self.tr("Profiles"),
            StepId.CREDENTIAL_SWAP: self.tr("Credential swap"),
            StepId.AGENTS: self.tr("Agents as end users"),
            StepId.MAPPINGS: self.tr("Mappings"),
        }
        return titles.get(step, step.key)

    def _show_step(self, step: StepId, done: int, total: int, index: int, steps: int) -> None:
        self.step_row.show()
        self.step_text.setText(
            self.tr("Step {i} of {m}: {step}, {done} of {total}").format(
                i=index + 1, m=steps, step=self.step_title(step), done=done, total=total
            )
        )
        self.step_bar.setRange(0, max(total, 1))
        self.step_bar.setValue(done)
        self.step_bar.setFormat(self.tr("%v of %m"))

    def _show(self) -> None:
        review = self.review
        self.tree.clear()
        left = self.to_apply()
        if review is None:
            mark, text = icons.Mark.PENDING, self.tr("Not checked yet")
        elif self._stopped:
            mark = icons.Mark.ATTENTION
            text = counted(
                len(left),
                self.tr("Stopped: {n} change still to write"),
                self.tr("Stopped: {n} changes still to write"),
            )
        elif review.is_clean():
            mark = icons.Mark.DONE
            text = self.tr("Nothing left to apply: both instances hold what the plan says")
        elif not left:
            mark = icons.Mark.UNKNOWN
            text = self.tr("Nothing to write until the steps below can be listed")
        else:
            mark = icons.Mark.CURRENT
            text = counted(
                len(left),
                self.tr("{n} change to apply: press Apply to write it"),
                self.tr("{n} changes to apply: press Apply to write them"),
            )
        self.state_icon.setPixmap(icons.icon(mark).pixmap(metrics.ICON_SIZE, metrics.ICON_SIZE))
        self.summary.setText(text)
        self.apply_button.setText(self.tr("Apply the rest") if self._stopped else self.tr("Apply"))
        self.apply_button.setVisible(bool(left))
        self.apply_button.setEnabled(bool(left) and not self.is_busy())
        waiting = review.waiting() if review is not None else []
        self.waiting.setText(
            "\n".join(
                self.tr("{step}: {why}.").format(
                    step=self.step_title(s.step), why=self.waiting_text(s.waiting)
                )
                for s in waiting
            )
        )
        self.waiting.setVisible(bool(waiting))
        has_rows = review is not None and bool(review.changes())
        self.tree.setVisible(has_rows)
        self.filler.setVisible(not has_rows)
        if review is None or not has_rows:
            return
        for side in (Side.CUSTOMER, Side.SUPPLIER):
            item = self._instance_item(review, side)
            if item is not None:
                self.tree.addTopLevelItem(item)
                item.setExpanded(True)
                for index in range(item.childCount()):
                    step_item = item.child(index)
                    if step_item is None:
                        continue
                    step_item.setExpanded(True)
                    if step_item.childCount() <= 6:
                        for inner in range(step_item.childCount()):
                            change_item = step_item.child(inner)
                            if change_item is not None:
                                change_item.setExpanded(True)
        self.tree.setColumnWidth(0, max(self.tree.sizeHintForColumn(0) + 40, 420))
        self.tree.resizeColumnToContents(1)

    def _instance_item(self, review: Review, side: Side) -> QTreeWidgetItem | None:
        steps = [(s, [c for c in s.changes if c.side is side]) for s in review.steps]
        steps = [(s, group) for s, group in steps if group]
        if not steps:
            return None
        name = steps[0][1][0].instance
        count = sum(len(group) for _, group in steps)
        item = QTreeWidgetItem(
            [
                (
                    self.tr("{name}: {n} change") if count == 1 else self.tr("{name}: {n} changes")
                ).format(name=name, n=count),
                "",
                "",
            ]
        )
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        for step_review, group in steps:
            step_item = QTreeWidgetItem(
                [
                    self.tr("Step {n}: {title} ({count})").format(
                        n=int(step_review.step),
                        title=self.step_title(step_review.step),
                        count=len(group),
                    ),
                    "",
                    "",
                ]
            )
            step_item.setFont(0, font)
            for change in group:
                step_item.addChild(self._change_item(change))
            item.addChild(step_item)
        return item

    def _change_item(self, change: Change) -> QTreeWidgetItem:
        written = id(change) in self._written
        if written:
            mark, state = icons.Mark.DONE, self.tr("written")
        elif self._stopped:
            mark, state = icons.Mark.ATTENTION, self.tr("not written")
        else:
            mark, state = icons.Mark.CURRENT, ""
        text = change.summary if not state else f"{change.summary} ({state})"
        item = QTreeWidgetItem([text, "", ""])
        item.setIcon(0, icons.icon(mark))
        item.setData(0, Qt.ItemDataRole.UserRole, state)
        for f in change.fields:
            old = "" if change.operation == "create" else f.old_text
            child = QTreeWidgetItem([f.label, old, f.new_text])
            child.setToolTip(2, f.new_text)
            item.addChild(child)
        return item

    # ---- slots ----

    def update_controls(self) -> None:
        busy = self.is_busy()
        self.apply_button.setEnabled(bool(self.to_apply()) and not busy)
        if not busy:
            self.step_row.hide()

    def on_check_button_clicked(self) -> None:
        self.refresh()

    def on_apply_button_clicked(self) -> None:
        changes = self.to_apply()
        if not changes:
            return
        self._written = {i for i in self._written if self._stopped}
        self._stopped = False
        self.set_note("")
        self._applying = True
        self.task.run(
            counted(
                len(changes), self.tr("Applying {n} change…"), self.tr("Applying {n} changes…")
            ),
            lambda progress: self._apply_job(changes, progress),
            self._applied,
        )

    def on_task_finished(self, ok: bool) -> None:
        applying, self._applying = self._applying, False
        if applying and not ok and not self._stopped and self.review is not None:
            # Cancelled (or an unexpected error): what was written is marked, the rest is left.
            self._stopped = True
            self.set_note(
                counted(
                    sum(1 for c in self.review.changes() if id(c) in self._written),
                    self.tr(
                        "Stopped after {n} change was written; the rest are marked below. "
                        "Press Apply again to finish them."
                    ),
                    self.tr(
                        "Stopped after {n} changes were written; the rest are marked below. "
                        "Press Apply again to finish them."
                    ),
                )
            )
            self._show()
            self.completeChanged.emit()
