"""Step 5: each profile receives the other instance's URLs, tenant and issued credentials;
then "Authenticate connection" on both (rule R3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFormLayout,
    QGroupBox,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from halo_wizard.plan.model import StepId, StepStatus
from halo_wizard.steps import credential_swap
from halo_wizard.steps.apply import ApplyReport
from halo_wizard.steps.changes import Change
from halo_wizard.steps.credential_swap import AuthResult, SwapSurvey
from halo_wizard.steps.profiles import CUSTOMER_PROFILE, ROLES, SUPPLIER_PROFILE, ProfileRole
from halo_wizard.steps.session import Progress, Session
from halo_wizard.ui.compat import override
from halo_wizard.ui.pages.survey_page import SurveyPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.copy_field import CopyField
from halo_wizard.ui.widgets.secret_field import SecretField
from halo_wizard.ui.widgets.status_line import StatusLine

_ISSUER = {SUPPLIER_PROFILE.entity: CUSTOMER_PROFILE, CUSTOMER_PROFILE.entity: SUPPLIER_PROFILE}


@dataclass(slots=True)
class Handover:
    """What one profile must hold of the other instance (the manual path copies these)."""

    holder: ProfileRole
    holder_instance: str
    issuer_instance: str
    api_url: str
    auth_url: str
    tenant: str
    client_id: str
    secret: str | None = field(repr=False)


@dataclass(slots=True)
class SwapView:
    survey: SwapSurvey
    handovers: dict[str, Handover]


class HandoverBox(QGroupBox):
    """One profile: the values it receives, each copyable, and its authentication result."""

    def __init__(self, role: ProfileRole, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.api_url = CopyField(label=self.tr("API URL"), parent=self)
        self.auth_url = CopyField(label=self.tr("Authorisation URL"), parent=self)
        self.tenant = CopyField(label=self.tr("Tenant"), parent=self)
        self.client_id = CopyField(label=self.tr("Client ID"), parent=self)
        self.secret = SecretField(read_only=True, label=self.tr("Client Secret"), parent=self)
        self.manual = SecretField(label=self.tr("Issued client secret"), parent=self)
        self.manual_button = QPushButton(self.tr("Use this secret"), self)
        self.manual_button.setToolTip(
            self.tr("Use the secret you pasted from the profile's API Access tab in Halo")
        )
        self.manual_row = layouts.row(self.manual, self.manual_button)
        self.manual_hint = layouts.wrapped_label("", self)
        self.state = StatusLine("", self)
        form = QFormLayout()
        form.setSpacing(metrics.SPACING)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # In a narrow window the labels go above their fields rather than push the box wider.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("API URL"), self.api_url)
        form.addRow(self.tr("Authorisation URL"), self.auth_url)
        form.addRow(self.tr("Tenant"), self.tenant)
        form.addRow(self.tr("Client ID"), self.client_id)
        form.addRow(self.tr("Client Secret"), self.secret)
        self.setLayout(
            layouts.vbox(
                form, self.manual_hint, self.manual_row, self.state, margin=metrics.SPACING + 4
            )
        )
        self.show_manual(False, "")

    def show_manual(self, needed: bool, hint: str) -> None:
        self.manual_hint.setText(hint)
        self.manual_hint.setVisible(needed)
        self.manual_row.setVisible(needed)

    def show_handover(self, handover: Handover) -> None:
        self.api_url.set_value(handover.api_url)
        self.auth_url.set_value(handover.auth_url)
        self.tenant.set_value(handover.tenant)
        self.client_id.set_value(handover.client_id)
        self.secret.set_value(handover.secret or "")


class CredentialSwapPage(SurveyPage):
    step_id = StepId.CREDENTIAL_SWAP

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.set_heading(
            self.tr("Credential swap"),
            self.tr(
                "Turning API access on gives each profile a Client ID and Secret. Each is copied "
                "into the profile in the other instance, with that instance's API and "
                "authorisation URLs and tenant; then both press “Authenticate connection”. "
                "Every value can also be copied by hand."
            ),
        )
        self._manual: dict[str, str] = {}
        self._auth: dict[str, AuthResult] = {}
        self.boxes = {role.entity: HandoverBox(role, self) for role in ROLES}
        self.auth_button = QPushButton(self.tr("Authenticate connection"), self)
        self.auth_button.setToolTip(
            self.tr("Press Halo's Authenticate connection on both profiles and show each result")
        )
        self.boxes_layout = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.boxes_layout.setContentsMargins(0, 0, 0, 0)
        self.boxes_layout.setSpacing(metrics.SPACING)
        for box in self.boxes.values():
            self.boxes_layout.addWidget(box, 1)
        boxes_row = QWidget(self)
        boxes_row.setLayout(self.boxes_layout)
        # The boxes keep their own height; spare height goes to the list of changes.
        boxes_row.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.add_section(boxes_row)
        self.auth_hint = layouts.wrapped_label("", self)
        self.auth_hint.setAlignment(Qt.AlignmentFlag.AlignRight)
        actions = QWidget(self)
        actions.setLayout(
            layouts.vbox(
                layouts.row(None, self.check_button, self.auth_button, stretch=None),
                self.auth_hint,
                spacing=metrics.SPACING_SMALL,
            )
        )
        self.add_section(actions)
        self.add_section(self.changes, 1)
        self.add_section(self.manual)
        self.task.guard(self.auth_button)
        self.auth_button.clicked.connect(self.on_auth_button_clicked)
        for box in self.boxes.values():
            box.manual_button.clicked.connect(partial(self.on_manual_button_clicked, box))
            self.task.guard(box.manual_button)

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_boxes()

    def fit_boxes(self) -> None:
        """Side by side when both fit the width, one above the other when they do not."""
        needed = sum(box.minimumSizeHint().width() for box in self.boxes.values())
        wide = self.scroll_area.viewport().width() >= needed + metrics.SPACING
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.boxes_layout.direction() != direction:
            self.boxes_layout.setDirection(direction)

    # ---- survey ----

    def survey_text(self) -> str:
        return self.tr("Reading both profiles…")

    async def survey(self, session: Session, progress: Progress) -> SwapView:
        survey = await credential_swap.survey(session, dict(self._manual))
        sides = {side.role.entity: side for side in survey.sides}
        handovers = {}
        for holder in ROLES:
            issuer = _ISSUER[holder.entity]
            theirs = sides[issuer.entity]
            endpoint = session.client(issuer.side).endpoint
            handovers[holder.entity] = Handover(
                holder=holder,
                holder_instance=session.name(holder.side),
                issuer_instance=session.name(issuer.side),
                api_url=endpoint.api_url,
                auth_url=endpoint.auth_url,
                tenant=endpoint.tenant,
                client_id=theirs.issued_client_id,
                secret=theirs.issued_secret or self._manual.get(issuer.label),
            )
        return SwapView(survey, handovers)

    def changes_of(self, result: SwapView) -> list[Change]:
        return list(result.survey.changes)

    def survey_ok(self, result: SwapView) -> bool:
        plan = self.plan
        if plan is None or result.survey.manual_secret_needed:
            return False
        return all(role.plan(plan).authenticated for role in ROLES)

    def reset(self) -> None:
        super().reset()
        self._auth = {}
        self._manual = {}
        plan = self.plan
        for box in self.boxes.values():
            box.state.set(icons.Mark.PENDING, self.tr("Not checked yet"))
            box.show_manual(False, "")
            if plan is not None:
                holder = plan.instance(box.role.side).name
                other = plan.instance(box.role.side.other).name
                label = (
                    self.tr("Supplier profile in {holder} receives from {other}")
                    if box.role is SUPPLIER_PROFILE
                    else self.tr("Customer profile in {holder} receives from {other}")
                )
                box.setTitle(label.format(holder=holder, other=other))
        self.update_controls()

    def update_controls(self) -> None:
        """Authenticating tests what the profiles hold: until the values above are written
        into them, there is nothing to test, and the button says so."""
        why = self.auth_waits_for()
        self.auth_button.setEnabled(not self.is_busy() and why is None)
        self.auth_hint.setText(why or "")
        self.auth_hint.setVisible(why is not None)

    def auth_waits_for(self) -> str | None:
        """What must happen before "Authenticate connection" can work (None: nothing)."""
        result = self.survey_result
        if result is None:
            return self.tr("Authenticate once both profiles have been read.")
        if result.survey.manual_secret_needed:
            return self.tr("Paste the issued client secret asked for above first.")
        if result.survey.changes:
            return self.tr(
                "Write these changes first: the profiles do not hold the other instance's "
                "values yet, so Halo has nothing to authenticate with."
            )
        return None

    def show_survey(self, result: SwapView) -> None:
        self._follow_result()
        needed = {role.entity for role in result.survey.manual_secret_needed}
        for holder in ROLES:
            box = self.boxes[holder.entity]
            handover = result.handovers[holder.entity]
            box.show_handover(handover)
            issuer = _ISSUER[holder.entity]
            box.show_manual(
                issuer.entity in needed,
                self.tr(
                    "The API does not show the credentials the {label} profile in {instance} "
                    "issued. Open that profile's API Access tab in Halo (not in edit mode), copy "
                    "its Client Secret and paste it here."
                ).format(label=issuer.label, instance=handover.issuer_instance),
            )
            box.state.set(*self._auth_state(holder))

    def _auth_state(self, role: ProfileRole) -> tuple[icons.Mark, str]:
        result = self._auth.get(role.entity)
        profile = role.plan(self.plan) if self.plan is not None else None
        if result is not None:
            if result.ok:
                text = self.tr("Authenticated: {reason}")
                return icons.Mark.DONE, text.format(reason=result.reason)
            if result.ok is None:
                text = self.tr("No result from Halo: {reason}")
                return icons.Mark.UNKNOWN, text.format(reason=result.reason)
            text = self.tr("Authentication failed: {reason}")
            return icons.Mark.ATTENTION, text.format(
                reason=credential_swap.plain_reason(result.reason)
            )
        if profile is not None and profile.authenticated:
            return icons.Mark.DONE, self.tr("Authenticated ({when})").format(
                when=profile.last_authenticated or ""
            )
        return icons.Mark.PENDING, self.tr("Not authenticated yet")

    # ---- writing and authenticating ----

    async def after_write(self, session: Session, report: ApplyReport, progress: Progress) -> None:
        if report.error is None:
            total = len(report.written)
            progress(total, total, self.tr("Authenticating both connections…"))
            self._record_auth(await credential_swap.authenticate(session))

    async def _auth_job(self, progress: Progress) -> SwapView:
        session = await self.services.sessions.session()
        self._record_auth(await credential_swap.authenticate(session))
        return await self.survey(session, progress)

    def _record_auth(self, results: list[AuthResult]) -> None:
        self._auth = {result.role.entity: result for result in results}
        failed = [r for r in results if not r.ok]
        if any(r.ok is None for r in failed):
            self.mark(StepStatus.ATTENTION, self.tr("no result reported by Halo"))
        elif failed:
            self.mark(StepStatus.ATTENTION, self.tr("authentication failed"))
        else:
            self._follow_result()
            self.planChanged.emit()

    def _follow_result(self) -> None:
        """Once both profiles authenticate, an earlier failure no longer marks the step."""
        plan = self.plan
        if plan is None or plan.step(self.step_id).status is not StepStatus.ATTENTION:
            return
        if all(role.plan(plan).authenticated for role in ROLES):
            self.mark(StepStatus.CURRENT)

    # ---- slots ----

    def on_auth_button_clicked(self) -> None:
        self.task.run(self.tr("Authenticating both connections…"), self._auth_job, self._surveyed)

    def on_manual_button_clicked(self, box: HandoverBox) -> None:
        secret = box.manual.value()
        if secret:
            self._manual[_ISSUER[box.role.entity].label] = secret
            self.refresh()
