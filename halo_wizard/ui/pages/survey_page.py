"""A step that surveys both instances, lists the changes, writes them, and surveys again; with a
partner who manages the other instance (issue 15), what they do on theirs is shown, not written."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGroupBox, QPushButton, QWidget

from halo_wizard.api.errors import MissingScope, PermissionDenied, ValidationFailed
from halo_wizard.plan.model import Side, StepStatus
from halo_wizard.steps.apply import ApplyReport, apply_changes
from halo_wizard.steps.changes import Change
from halo_wizard.steps.session import Progress, Session
from halo_wizard.ui.pages.base import StepPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import layouts, metrics
from halo_wizard.ui.widgets.changes_panel import ChangesPanel
from halo_wizard.ui.widgets.manual_path import ManualPathPanel
from halo_wizard.ui.wording import counted

# Halo said no (as opposed to a network or server failure): the manual path is the way on.
REFUSED = (PermissionDenied, ValidationFailed, MissingScope)


def set_aside(result: Any, partner: Side) -> list[Change]:
    """Take the changes to the partner's instance out of a step's survey, in place, as the
    engine's setup.survey_step does (its `for_partner`): the page lists and writes only the
    rest. A survey holds its changes in `changes`, or in its engine survey's (`survey.changes`)."""
    theirs: list[Change] = []
    for holder in (result, getattr(result, "survey", None)):
        changes = getattr(holder, "changes", None)
        if not isinstance(changes, list):
            continue
        theirs += [c for c in changes if isinstance(c, Change) and c.side is partner]
        changes[:] = [c for c in changes if not (isinstance(c, Change) and c.side is partner)]
    return theirs


class PartnerChanges(QGroupBox):
    """What the partner's admin does on their instance for this step: shown, never written
    here (their own halo_wizard writes it, from the file this side sends them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = layouts.wrapped_label("", self)
        self.setLayout(layouts.vbox(self.lines, margin=metrics.SPACING + 4))
        self.hide()

    def set_changes(self, instance: str, changes: list[Change]) -> None:
        self.setTitle(
            self.tr("What your partner's admin does on {instance}").format(instance=instance)
        )
        text = "\n".join(f"• {change.summary}" for change in changes)
        self.lines.setText(
            text
            + "\n"
            + self.tr(
                "halo_wizard does not change your partner's instance: their own halo_wizard "
                "does this on their side, from the file you send them."
            )
        )
        self.setVisible(bool(changes))

    def text(self) -> str:
        return "" if self.isHidden() else self.lines.text()


class SurveyPage(StepPage):
    """Subclasses say how to survey (`survey`) and what to show (`show_survey`)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.survey_result: Any = None
        self.changes = ChangesPanel(self)
        self.for_partner = PartnerChanges(self)
        self.manual = ManualPathPanel(self)
        self.manual.checkRequested.connect(self.on_manual_checkRequested)
        self.check_button = QPushButton(self.tr("Check again"), self)
        self.check_button.setToolTip(self.tr("Read both instances again"))
        self.task.guard(self.check_button, self.changes.write_button)
        self.changes.writeRequested.connect(self.on_changes_writeRequested)
        self.check_button.clicked.connect(self.on_check_button_clicked)

    def add_section(self, widget: QWidget, stretch: int = 0) -> QWidget:
        super().add_section(widget, stretch)
        if widget is self.changes:  # what the partner does follows what this side writes
            super().add_section(self.for_partner)
        return widget

    # ---- for subclasses ----

    async def survey(self, session: Session, progress: Progress) -> Any:
        raise NotImplementedError

    def changes_of(self, result: Any) -> list[Change]:
        return list(result.changes)

    def show_survey(self, result: Any) -> None:
        """Show what the survey found (besides the changes, which the panel shows)."""

    def survey_text(self) -> str:
        return self.tr("Reading both instances…")

    def survey_ok(self, result: Any) -> bool:
        """Anything besides "no changes left" that the step needs before Next."""
        return True

    # ---- the window's calls ----

    def reset(self) -> None:
        self.survey_result = None
        self.changes.set_changes(None)
        self.for_partner.set_changes("", [])
        self.changes.set_note("")
        self.task.error.clear()

    def enter(self) -> None:
        if self.survey_result is None and self.plan is not None:
            self.refresh()

    def refresh(self) -> None:
        self.changes.set_note("")
        self.task.run(self.survey_text(), self._survey_job, self._surveyed)

    def is_complete(self) -> bool:
        result = self.survey_result
        return (
            not self.is_busy()
            and result is not None
            and self.changes.is_clean()
            and self.survey_ok(result)
        )

    # ---- jobs ----

    async def _survey_job(self, progress: Progress) -> Any:
        session = await self.services.sessions.session()
        return await self.survey(session, progress)

    def _surveyed(self, result: Any) -> None:
        pairing = self.plan.pairing if self.plan is not None else None
        theirs = set_aside(result, pairing.partner_side) if pairing is not None else []
        # Keep guiding only through what is still missing (made by hand, or written, drops out).
        self.manual.keep_only(self.changes_of(result))
        self.survey_result = result
        self.changes.set_changes(self.changes_of(result))
        if pairing is not None:
            assert self.plan is not None
            partner = self.plan.instance(pairing.partner_side).name or self.tr("your partner")
            self.for_partner.set_changes(partner, theirs)
            if self.changes.is_clean():
                self.changes.summary.setText(
                    self.tr(
                        "Nothing to change on your side: {instance} is set up as needed"
                    ).format(instance=self.plan.instance(pairing.own_side).name)
                )
        self.show_survey(result)
        self.update_controls()
        self.completeChanged.emit()

    async def after_write(self, session: Session, report: ApplyReport, progress: Progress) -> None:
        """What a step does between writing and surveying again (e.g. authenticate)."""

    async def _write_job(
        self, changes: list[Change], progress: Progress
    ) -> tuple[ApplyReport, Any]:
        session = await self.services.sessions.session()
        report = await apply_changes(session, changes, progress)
        await self.after_write(session, report, progress)
        progress(len(changes), len(changes), self.tr("Checking both instances again…"))
        return report, await self.survey(session, progress)

    def _written(self, outcome: tuple[ApplyReport, Any]) -> None:
        report, result = outcome
        self._surveyed(result)
        written = len(report.written)
        if report.error is not None:
            self.task.show_error(report.error)
            if isinstance(report.error, REFUSED):
                self.manual.set_changes(report.not_written)
            self.changes.set_note(
                counted(
                    written,
                    self.tr("{n} change written before it stopped; the rest are listed below."),
                    self.tr("{n} changes written before it stopped; the rest are listed below."),
                )
            )
            self.mark(StepStatus.ATTENTION, report.error.message)
            return
        left = self.changes_of(result)
        note = (
            counted(written, self.tr("{n} change written."), self.tr("{n} changes written."))
            + " "
            + (
                self.tr("Checked again: nothing is left to change.")
                if not left
                else self.tr("Checked again: some changes did not read back as written.")
            )
        )
        self.changes.set_note(note)
        self.statusMessage.emit(note)

    # ---- slots ----

    def on_check_button_clicked(self) -> None:
        self.refresh()

    def on_manual_checkRequested(self) -> None:
        self.refresh()

    def on_changes_writeRequested(self) -> None:
        changes = self.changes.changes()
        if not changes:
            return
        self.task.run(
            counted(len(changes), self.tr("Writing {n} change…"), self.tr("Writing {n} changes…")),
            lambda progress: self._write_job(changes, progress),
            self._written,
        )
