"""Connected instances, step 5: each instance's identifier in the subject of outgoing e-mails."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QWidget

from halo_wizard.plan.linked import PRIMARY, SECONDARY, linked_of, store_linked
from halo_wizard.plan.model import Side, StepId
from halo_wizard.steps import linked_lists
from halo_wizard.steps.session import Progress, Session
from halo_wizard.ui.pages.survey_page import SurveyPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.status_line import StatusLine


class LinkedEmailPage(SurveyPage):
    step_id = StepId.CREDENTIAL_SWAP

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.set_heading(
            self.tr("E-mail identifier"),
            self.tr(
                "Each instance can add an identifier to the subject of its outgoing e-mails "
                "(Configuration > Email > General Settings), so you can tell which instance "
                "sent an e-mail. Leave a box empty to leave that instance as it is."
            ),
        )
        self.edits = {side: QLineEdit(self) for side in (PRIMARY, SECONDARY)}
        self.lines = {side: StatusLine("", self) for side in (PRIMARY, SECONDARY)}
        form = QFormLayout()
        form.setSpacing(metrics.SPACING)
        for side, edit in self.edits.items():
            form.addRow(self.tr("Instance A") if side is PRIMARY else self.tr("Instance B"), edit)
            edit.editingFinished.connect(partial(self.on_edit_editingFinished, side))
        box = QGroupBox(self.tr("Identifiers"), self)
        box.setLayout(
            layouts.vbox(
                form,
                *self.lines.values(),
                layouts.hbox(None, self.check_button),
                margin=metrics.SPACING + 4,
            )
        )
        self.add_section(box)
        self.add_section(self.changes, 1)
        self.add_section(self.manual)
        self.task.guard(*self.edits.values())

    def survey_text(self) -> str:
        return self.tr("Reading the e-mail settings of both instances…")

    async def survey(self, session: Session, progress: Progress) -> linked_lists.IdentifierSurvey:
        return await linked_lists.survey_identifiers(session)

    def reset(self) -> None:
        super().reset()
        for side, edit in self.edits.items():
            edit.setText(linked_of(self.plan).identifier(side) if self.plan else "")
            self.lines[side].set(icons.Mark.PENDING, self.tr("Not checked yet"))

    def enter(self) -> None:
        plan = self.plan
        if plan is not None and not linked_of(plan).identifiers:
            # A first visit: suggest a word from each instance's name.
            for side, edit in self.edits.items():
                edit.setText(linked_lists.suggested_identifier(plan.instance(side).name))
            self._store()
        super().enter()

    def show_survey(self, result: linked_lists.IdentifierSurvey) -> None:
        for side, state in result.states.items():
            if not state.readable:
                mark = icons.Mark.ATTENTION
                text = self.tr(
                    "{i}: the e-mail settings can't be read through the API; set "
                    "the identifier by hand."
                )
            elif state.ok:
                mark = icons.Mark.DONE
                text = (
                    self.tr("{i}: identifier “{v}” in outgoing subjects")
                    if state.enabled
                    else self.tr("{i}: no identifier (left as it is)")
                )
            else:
                mark = icons.Mark.CURRENT
                text = self.tr("{i}: will be set to “{w}”")
            self.lines[side].set(
                mark, text.format(i=state.instance, v=state.identifier, w=state.wanted)
            )

    def _store(self) -> None:
        if self.plan is None:
            return
        linked = linked_of(self.plan)
        linked.identifiers = {s.value: e.text().strip() for s, e in self.edits.items()}
        store_linked(self.plan, linked)
        self.planChanged.emit()

    def on_edit_editingFinished(self, side: Side) -> None:
        if self.plan is None:
            return
        if linked_of(self.plan).identifier(side) != self.edits[side].text().strip():
            self._store()
            self.refresh()
