"""Connected instances, step 3: the connected instance record in instance B, and its test."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QPushButton, QWidget

from halo_wizard.plan.linked import application_secret_key
from halo_wizard.plan.model import StepId
from halo_wizard.steps import linked_lists
from halo_wizard.steps.apply import ApplyReport
from halo_wizard.steps.session import Progress, Session
from halo_wizard.ui.pages.survey_page import SurveyPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.status_line import StatusLine


class LinkedConnectionPage(SurveyPage):
    step_id = StepId.SUPPLIERS_MODULE

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.set_heading(
            self.tr("Connected instance"),
            self.tr(
                "Instance B keeps a connected instance record (Configuration > Integrations > "
                "Halo API > Connected Instances) with A's API and authorisation URLs, its "
                "tenant and the application's keys. After writing it, the wizard presses Test."
            ),
        )
        self.record_line = StatusLine("", self)
        self.test_line = StatusLine("", self)
        self.test_button = QPushButton(self.tr("Test"), self)
        self.test_button.setToolTip(self.tr("Press Test on the connected instance in B"))
        box = QGroupBox(self.tr("Where it stands"), self)
        box.setLayout(
            layouts.vbox(
                self.record_line,
                self.test_line,
                layouts.hbox(None, self.test_button, self.check_button),
                margin=metrics.SPACING + 4,
            )
        )
        self.add_section(box)
        self.add_section(self.changes, 1)
        self.add_section(self.manual)
        self.task.guard(self.test_button)
        self.test_button.clicked.connect(self.on_test_button_clicked)

    def survey_text(self) -> str:
        return self.tr("Reading the connected instances of instance B…")

    async def survey(self, session: Session, progress: Progress) -> linked_lists.ConnectionSurvey:
        secret = await self.services.secrets.get(application_secret_key(session.plan))
        return await linked_lists.survey_connection(session, secret)

    async def after_write(self, session: Session, report: ApplyReport, progress: Progress) -> None:
        if report.ok:
            progress(0, 1, self.tr("Testing the connection…"))
            await linked_lists.run_connection_test(session)

    def survey_ok(self, result: linked_lists.ConnectionSurvey) -> bool:
        return result.record is not None and result.test_ok is True

    def reset(self) -> None:
        super().reset()
        self.record_line.set(icons.Mark.PENDING, self.tr("Not checked yet"))
        self.test_line.set(icons.Mark.PENDING, self.tr("Not tested yet"))

    def show_survey(self, result: linked_lists.ConnectionSurvey) -> None:
        self.planChanged.emit()  # the survey remembers the record's id in the plan
        if not result.ready:
            self.record_line.set(
                icons.Mark.ATTENTION, self.tr("Verify the API application first (step 2).")
            )
        elif result.record is None:
            self.record_line.set(
                icons.Mark.CURRENT,
                self.tr("{b} has no connected instance for {a} yet: it will be created.").format(
                    a=result.primary, b=result.secondary
                ),
            )
        else:
            self.record_line.set(
                icons.Mark.DONE,
                self.tr("{b}: “{name}” points at {url}").format(
                    b=result.secondary,
                    name=result.record.get("name", ""),
                    url=result.record.get("apiurl", ""),
                ),
            )
        if result.test_ok is None:
            self.test_line.set(icons.Mark.PENDING, self.tr("Not tested yet"))
        else:
            mark = icons.Mark.DONE if result.test_ok else icons.Mark.ATTENTION
            self.test_line.set(mark, self.tr("Test: {text}").format(text=result.test_result))

    def update_controls(self) -> None:
        result = self.survey_result
        self.test_button.setEnabled(
            not self.is_busy() and result is not None and result.record is not None
        )

    def on_test_button_clicked(self) -> None:
        self.task.run(self.tr("Testing the connection…"), self._test_job, self._surveyed)

    async def _test_job(self, progress: Progress) -> linked_lists.ConnectionSurvey:
        session = await self.services.sessions.session()
        await linked_lists.run_connection_test(session)
        result = await self.survey(session, progress)
        self.planChanged.emit()
        return result
