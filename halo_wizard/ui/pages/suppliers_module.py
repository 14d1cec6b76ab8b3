"""Step 3: the Suppliers module, on in both instances (rule R1)."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QWidget

from halo_wizard.plan.model import Side, StepId
from halo_wizard.steps import suppliers_module
from halo_wizard.steps.session import Progress, Session
from halo_wizard.ui.pages.survey_page import SurveyPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.status_line import StatusLine


class SuppliersModulePage(SurveyPage):
    step_id = StepId.SUPPLIERS_MODULE

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.set_heading(
            self.tr("Suppliers module"),
            self.tr(
                "Ticket sync runs through supplier and customer profiles, so the Suppliers "
                "module must be on in both instances (Configuration, the “+” on the Suppliers "
                "module)."
            ),
        )
        self.states = {side: StatusLine("", self) for side in Side}
        box = QGroupBox(self.tr("Where it stands"), self)
        box.setLayout(
            layouts.vbox(
                *self.states.values(),
                layouts.hbox(None, self.check_button),
                margin=metrics.SPACING + 4,
            )
        )
        self.add_section(box)
        self.add_section(self.changes, 1)
        self.add_section(self.manual)

    def survey_text(self) -> str:
        return self.tr("Reading the modules of both instances…")

    async def survey(self, session: Session, progress: Progress) -> suppliers_module.ModuleSurvey:
        return await suppliers_module.survey(session)

    def survey_ok(self, result: suppliers_module.ModuleSurvey) -> bool:
        return all(state.enabled for state in result.states.values())

    def reset(self) -> None:
        super().reset()
        for line in self.states.values():
            line.set(icons.Mark.PENDING, self.tr("Not checked yet"))

    def show_survey(self, result: suppliers_module.ModuleSurvey) -> None:
        for side, line in self.states.items():
            state = result.states.get(side)
            if state is None:
                continue
            role = self.tr("customer") if side is Side.CUSTOMER else self.tr("supplier")
            if state.record_id is None:
                mark = icons.Mark.ATTENTION
                text = self.tr(
                    "{instance} ({role}): the Suppliers module is not listed. Check that the "
                    "application's agent may read the modules (step 2)."
                )
            elif state.enabled:
                mark, text = icons.Mark.DONE, self.tr("{instance} ({role}): on")
            else:
                mark = icons.Mark.CURRENT
                text = self.tr("{instance} ({role}): off, will be turned on")
            line.set(mark, text.format(instance=state.instance, role=role))
