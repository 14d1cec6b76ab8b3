"""Connected instances, step 2: the API application in instance A that instance B signs in with."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QPushButton, QWidget

from halo_wizard.api import constants as C
from halo_wizard.plan.linked import PRIMARY, application_secret_key, linked_of, store_linked
from halo_wizard.plan.model import StepId, StepStatus
from halo_wizard.steps import linked_lists
from halo_wizard.steps.session import Progress
from halo_wizard.ui.pages.base import StepPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.secret_field import SecretField
from halo_wizard.ui.widgets.status_line import StatusLine

log = logging.getLogger(__name__)


class LinkedApplicationPage(StepPage):
    """A checklist to follow in Halo, then the pasted Client ID and Secret, verified."""

    step_id = StepId.PERMISSIONS

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.set_heading(
            self.tr("API application"),
            self.tr(
                "Instance B reads the ticket list from instance A through an API application "
                "in A. Halo's API cannot create one, so create it by hand, then paste its "
                "Client ID and Secret here: the wizard signs in with them to check."
            ),
        )
        self.checklist = layouts.wrapped_label("", self)
        self.client_id_edit = QLineEdit(self)
        self.client_id_edit.setAccessibleName(self.tr("Client ID"))
        self.secret = SecretField(label=self.tr("Client Secret"), parent=self)
        self.verify_button = QPushButton(self.tr("Verify"), self)
        self.verify_button.setToolTip(
            self.tr("Sign in to the primary instance with the pasted Client ID and Secret")
        )
        self.result = StatusLine("", self)
        form = QFormLayout()
        form.setSpacing(metrics.SPACING)
        form.addRow(self.tr("Client ID"), self.client_id_edit)
        form.addRow(self.tr("Client Secret"), self.secret)
        steps_box = QGroupBox(self.tr("In instance A"), self)
        steps_box.setLayout(layouts.vbox(self.checklist, margin=metrics.SPACING + 4))
        keys_box = QGroupBox(self.tr("The application's keys"), self)
        keys_box.setLayout(
            layouts.vbox(
                form,
                layouts.hbox(self.result, None, self.verify_button),
                margin=metrics.SPACING + 4,
            )
        )
        self.add_section(steps_box)
        self.add_section(keys_box)
        self.body_layout.addStretch(1)
        self.task.guard(self.verify_button)
        self.verify_button.clicked.connect(self.on_verify_button_clicked)

    def reset(self) -> None:
        self.task.error.clear()
        self.client_id_edit.clear()
        self.secret.set_value("")
        self.result.set(icons.Mark.PENDING, self.tr("Not verified yet"))
        if self.plan is None:
            return
        linked = linked_of(self.plan)
        self.client_id_edit.setText(linked.application_client_id)
        if linked.application_verified:
            self.result.set(icons.Mark.DONE, self.tr("Verified earlier"))

    def enter(self) -> None:
        plan = self.plan
        if plan is None:
            return
        a = plan.instance(PRIMARY).name or self.tr("instance A")
        lines = [
            self.tr(
                "In {a}, open Configuration > Integrations > Halo API > Applications and "
                "create a new application."
            ).format(a=a),
            self.tr("Name it “{name}”.").format(name=linked_of(plan).application_name),
            self.tr("Authentication method: “{method}”.").format(method=C.APP_AUTH_METHOD_LABEL),
            self.tr(
                "Copy the Client ID and the Client Secret now: the secret is hidden once "
                "you leave the page."
            ),
            self.tr(
                "Permissions tab: allow at least {scopes}, and choose an agent who may see "
                "the list's tickets."
            ).format(scopes=", ".join(C.LINKED_APP_SCOPES)),
            self.tr("Save, then paste the Client ID and Secret below and press Verify."),
        ]
        self.checklist.setText("<ol>" + "".join(f"<li>{line}</li>" for line in lines) + "</ol>")

    def is_complete(self) -> bool:
        if self.plan is None or self.is_busy():
            return False
        linked = linked_of(self.plan)
        return linked.application_verified and bool(linked.application_client_id)

    def on_verify_button_clicked(self) -> None:
        self.task.run(
            self.tr("Signing in to instance A with the application…"), self._verify, self._verified
        )

    async def _verify(self, progress: Progress) -> linked_lists.ApplicationCheck:
        plan = self.plan
        assert plan is not None
        client_id, secret = self.client_id_edit.text().strip(), self.secret.value()
        if secret:
            await self.services.secrets.set(application_secret_key(plan), secret)
        else:
            secret = await self.services.secrets.get(application_secret_key(plan)) or ""
        session = await self.services.sessions.session()
        return await linked_lists.verify_application(session, client_id, secret)

    def _verified(self, check: linked_lists.ApplicationCheck) -> None:
        if self.plan is None:
            return
        if not check.signed_in:
            linked = linked_of(self.plan)
            linked.application_verified = False
            store_linked(self.plan, linked)
            self.result.set(icons.Mark.ATTENTION, f"{check.message} {check.fix}".strip())
            self.mark(StepStatus.ATTENTION, check.message)
        else:
            details = [check.message]
            if check.found_in_list is None:
                details.append(self.tr("(its settings can't be read through the API)"))
            elif check.scopes:
                details.append(self.tr("Permissions: {s}.").format(s=", ".join(check.scopes)))
            mark = icons.Mark.DONE if check.active is not False else icons.Mark.ATTENTION
            self.result.set(mark, " ".join([*details, check.fix]).strip())
            self.planChanged.emit()
        self.completeChanged.emit()
