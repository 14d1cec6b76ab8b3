"""One side of the Instances page: address, Client ID and Secret, what they lead to, the test;
or, when the partner's admin manages that side (issue 15), only its name and what their file
said of it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from halo_wizard.api.errors import InvalidUrl
from halo_wizard.api.urls import parse_instance_url
from halo_wizard.plan.model import ConnectionKind, InstancePlan, Side
from halo_wizard.steps.instances import ConnectionReport
from halo_wizard.steps.probe import ProbeReport
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.copy_field import CopyField
from halo_wizard.ui.widgets.secret_field import SecretField
from halo_wizard.ui.widgets.task_panel import TaskPanel

BOTH, MINE, PARTNERS = "both", "mine", "partners"
"""Whose instance a form shows: one of two the admin manages, the one side they manage, or
their partner's (asked only for its name; its admin's credentials never are)."""


class InstanceForm(QGroupBox):
    """Edits one InstancePlan in place; the page stores the secret and runs the test."""

    edited = Signal()
    """The instance in the plan changed (name, address or Client ID)."""
    secretEdited = Signal()
    testRequested = Signal()

    def __init__(self, side: Side, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side = side
        self.instance: InstancePlan | None = None
        self.secret_dirty = False
        self.mode = BOTH
        self._kind = ConnectionKind.TICKET_SYNC
        self.role = layouts.wrapped_label("", self)
        self.partner_note = layouts.wrapped_label("", self)
        self.partner_note.hide()
        self.set_kind(ConnectionKind.TICKET_SYNC)
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(self.tr("e.g. the company's name"))
        self.url_edit = QLineEdit(self)
        self.url_edit.setPlaceholderText(self.tr("https://yourcompany.halopsa.com"))
        self.url_problem = layouts.colored(layouts.wrapped_label("", self), metrics.MISSING_COLOR)
        self.url_problem.hide()
        self.api_url = CopyField(label=self.tr("Resource Server"), parent=self)
        self.auth_url = CopyField(label=self.tr("Authorisation Server"), parent=self)
        self.tenant = CopyField(label=self.tr("Tenant"), parent=self)
        self.client_id_edit = QLineEdit(self)
        self.client_id_edit.setPlaceholderText(self.tr("from the API application in Halo"))
        self.secret = SecretField(label=self.tr("Client Secret"), parent=self)
        self.secret.set_placeholder(self.tr("shown once when the application is created"))
        self.test_button = QPushButton(self.tr("Test connection"), self)
        self.test_button.setToolTip(
            self.tr(
                "Sign in with these credentials and read the product, version, tenant and "
                "login agent"
            )
        )
        self.result_icon = QLabel(self)
        self.result = layouts.wrapped_label("", self)
        self.probe_line = layouts.wrapped_label("", self)
        self.probe_warning = layouts.colored(layouts.wrapped_label("", self), metrics.WARNING_COLOR)
        self.probe_details_button = QPushButton(self.tr("Probe details…"), self)
        self.probe_details_button.setToolTip(
            self.tr(
                "Every assumption halo_wizard makes about Halo, as this instance answered it "
                "(read-only)"
            )
        )
        self.probe_report: ProbeReport | None = None
        self.probe_dialog: ProbeDialog | None = None
        self.clear_probe()
        self.task = TaskPanel(self)
        self._focus_back: QWidget | None = None
        self.task.guard(self.test_button, self.name_edit, self.url_edit, self.client_id_edit)

        self.form = form = QFormLayout()
        form.setSpacing(metrics.SPACING)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Name"), self.name_edit)
        address = QWidget(self)
        address.setLayout(
            layouts.vbox(self.url_edit, self.url_problem, spacing=metrics.SPACING_SMALL)
        )
        form.addRow(self.tr("Address"), address)
        form.addRow(self.tr("Resource Server"), self.api_url)
        form.addRow(self.tr("Authorisation Server"), self.auth_url)
        form.addRow(self.tr("Tenant"), self.tenant)
        form.addRow(self.tr("Client ID"), self.client_id_edit)
        form.addRow(self.tr("Client Secret"), self.secret)
        self.test_row = layouts.row(self.test_button, self.result_icon, self.result, stretch=2)
        self.probe_row = layouts.row(self.probe_details_button, None, stretch=None)
        self.setLayout(
            layouts.vbox(
                self.role,
                self.partner_note,
                form,
                self.test_row,
                self.probe_line,
                self.probe_warning,
                self.probe_row,
                self.task,
                None,  # spare height below, when the other side's box is taller
                margin=metrics.SPACING + 4,
            )
        )
        self.name_edit.textEdited.connect(self.on_name_edit_textEdited)
        self.url_edit.textEdited.connect(self.on_url_edit_textEdited)
        self.client_id_edit.textEdited.connect(self.on_client_id_edit_textEdited)
        self.secret.edit.textEdited.connect(self.on_secret_textEdited)
        self.secret.edited.connect(self.on_secret_edited)
        self.test_button.clicked.connect(self.on_test_button_clicked)
        self.probe_details_button.clicked.connect(self.on_probe_details_button_clicked)
        self.task.finished.connect(self.on_task_finished)
        self.task.runningChanged.connect(self.on_task_runningChanged)

    # ---- loading ----

    def set_kind(self, kind: ConnectionKind) -> None:
        """Name this side's role in the words of the plan's kind of connection."""
        self._kind = kind
        linked = kind is ConnectionKind.CONNECTED_INSTANCES
        if self.side is Side.CUSTOMER:
            title = (
                self.tr("Primary (A): its ticket list is shared")
                if linked
                else self.tr("Customer: sends tickets")
            )
            role = (
                self.tr("The instance whose ticket list the other one shows.")
                if linked
                else self.tr("The instance where tickets are raised and escalated from.")
            )
        else:
            title = (
                self.tr("Secondary (B): shows A's list")
                if linked
                else self.tr("Supplier: receives tickets")
            )
            role = (
                self.tr("The instance whose agents work A's ticket list (they need logins to A).")
                if linked
                else self.tr("The instance that tickets are sent to and worked on.")
            )
        if self.mode == MINE:
            title = self.tr("Your instance · {role}").format(role=title)
        elif self.mode == PARTNERS:
            title = self.tr("Your partner's instance · {role}").format(role=title)
        self.setTitle(title)
        self.role.setText(role)

    def set_mode(self, mode: str, note: str = "") -> None:
        """Whose instance this form shows (BOTH, MINE or PARTNERS); `note` says, for the
        partner's, who connects it and what their file said of it."""
        self.mode = mode
        partners = mode == PARTNERS
        for row in range(1, self.form.rowCount()):  # all but the name
            self.form.setRowVisible(row, not partners)
        self.test_row.setVisible(not partners)
        self.partner_note.setText(note)
        self.partner_note.setVisible(partners and bool(note))
        if partners:
            self.clear_probe()
            self.url_problem.hide()
        self.set_kind(self._kind)

    def load(self, instance: InstancePlan, secret: str | None) -> None:
        """Show `instance` (edits go straight into it) and the stored secret, masked."""
        self.instance = instance
        self.name_edit.setText(instance.name)
        self.url_edit.setText(instance.base_url)
        self.client_id_edit.setText(instance.client_id)
        self.secret.set_value(secret or "")
        self.secret_dirty = False
        self._show_derived(instance.base_url)
        self.show_tested()
        self.clear_probe()

    def show_tested(self) -> None:
        """What the plan remembers of the last successful test (or that there was none)."""
        instance = self.instance
        if instance is None or instance.last_tested is None:
            self._set_result(None, self.tr("Not tested yet."))
            return
        self.tenant.set_value(instance.tenant)
        self.auth_url.set_value(instance.auth_url)
        self.api_url.set_value(instance.api_url)
        agent = instance.login_agent or self.tr("(the instance did not say)")
        tenant = instance.tenant or self.tr("none (not hosted by Halo)")
        self._set_result(
            icons.Mark.DONE,
            self.tr(
                "Connected: {product} {version}\nTenant: {tenant}\nSigned in as: {agent}"
            ).format(
                product=instance.product, version=instance.version, tenant=tenant, agent=agent
            ),
        )

    def show_report(self, report: ConnectionReport) -> None:
        self.show_tested()
        if report.agent_is_api_only is False:
            self.result.setText(
                self.result.text()
                + "\n"
                + self.tr("The application signs in as a normal agent; an API-only agent is safer.")
            )

    def show_failed(self, title: str) -> None:
        self._set_result(icons.Mark.ATTENTION, self.tr("Test failed: {title}").format(title=title))

    # ---- the probe (after a successful test) ----

    def clear_probe(self) -> None:
        self.probe_report = None
        for widget in (self.probe_line, self.probe_warning, self.probe_details_button):
            widget.hide()
        if self.probe_dialog is not None:
            self.probe_dialog.close()

    def show_probe_running(self) -> None:
        if self.mode == PARTNERS:
            return
        self.clear_probe()
        self.probe_line.setText(
            self.tr("Checking what halo_wizard assumes about Halo (read-only)…")
        )
        self.probe_line.show()

    def show_probe(self, report: ProbeReport) -> None:
        """The probe's counts, a warning for each contradiction a later step relies on, and the
        button to every verdict."""
        self.clear_probe()
        self.probe_report = report
        counts = report.counts()
        self.probe_line.setText(
            self.tr(
                "Halo's answers checked: {holds} assumptions hold, {contradicted} contradicted, "
                "{unclear} can't tell."
            ).format(
                holds=counts["holds"],
                contradicted=counts["contradicted"],
                unclear=counts["can't tell"],
            )
        )
        self.probe_line.show()
        relied = report.relied_on_contradictions()
        if relied:
            self.probe_warning.setText(
                "\n".join(
                    self.tr("Not as assumed: {claim}. {step} relies on it.").format(
                        claim=verdict.claim,
                        step=verdict.relied_on_by[:1].upper() + verdict.relied_on_by[1:],
                    )
                    for verdict in relied
                )
            )
            self.probe_warning.show()
        self.probe_details_button.show()

    def show_probe_failed(self, title: str) -> None:
        self.clear_probe()
        self.probe_line.setText(
            self.tr("The check of Halo's answers did not finish: {title}").format(title=title)
        )
        self.probe_line.show()

    def on_probe_details_button_clicked(self) -> None:
        if self.probe_report is None:
            return
        if self.probe_dialog is None:
            self.probe_dialog = ProbeDialog(self)
        name = self.name_edit.text().strip() or self.title()
        self.probe_dialog.show_report(name, self.probe_report)
        self.probe_dialog.open()

    def _set_result(self, mark: icons.Mark | None, text: str) -> None:
        if mark is None:
            self.result_icon.clear()
        else:
            self.result_icon.setPixmap(
                icons.icon(mark).pixmap(metrics.ICON_SIZE, metrics.ICON_SIZE)
            )
        self.result.setText(text)

    def _show_derived(self, text: str) -> None:
        """The Resource and Authorisation Servers derived live from what is typed."""
        self.url_problem.hide()
        if not text.strip():
            for field in (self.api_url, self.auth_url, self.tenant):
                field.set_value("")
            return
        try:
            endpoint = parse_instance_url(text)
        except InvalidUrl as exc:
            self.url_problem.setText(f"{exc.message} {exc.fix}".strip())
            self.url_problem.show()
            for field in (self.api_url, self.auth_url, self.tenant):
                field.set_value("")
            return
        known = self.instance
        if known is not None and known.base_url == endpoint.base_url and known.last_tested:
            api, auth, tenant = known.api_url, known.auth_url, known.tenant
        else:
            api, auth, tenant = endpoint.api_url, endpoint.auth_url, ""
        self.api_url.set_value(api)
        self.auth_url.set_value(auth)
        self.tenant.set_value(tenant)
        self.tenant.edit.setPlaceholderText(self.tr("found by the test"))

    # ---- edits ----

    def _untested(self) -> None:
        if self.instance is not None and self.instance.last_tested is not None:
            self.instance.last_tested = None
            self.instance.product = self.instance.version = self.instance.login_agent = ""
            self._set_result(None, self.tr("Changed since the last test: test again."))
            self.clear_probe()

    def on_name_edit_textEdited(self, text: str) -> None:
        if self.instance is not None:
            self.instance.name = text.strip()
            self.edited.emit()

    def on_url_edit_textEdited(self, text: str) -> None:
        if self.instance is None:
            return
        try:
            endpoint = parse_instance_url(text) if text.strip() else None
        except InvalidUrl:
            endpoint = None
        base = endpoint.base_url if endpoint is not None else ""
        if base != self.instance.base_url:
            # A plan keeps only addresses it can use; the typed text stays in the field.
            self.instance.base_url = base
            self.instance.api_url = endpoint.api_url if endpoint is not None else ""
            self.instance.auth_url = endpoint.auth_url if endpoint is not None else ""
            self.instance.tenant = ""
            self._untested()
            self.edited.emit()
        self._show_derived(text)

    def on_client_id_edit_textEdited(self, text: str) -> None:
        if self.instance is not None and text.strip() != self.instance.client_id:
            self.instance.client_id = text.strip()
            self._untested()
            self.edited.emit()

    def on_secret_textEdited(self, _text: str) -> None:
        self.secret_dirty = True
        self._untested()
        self.edited.emit()

    def on_secret_edited(self) -> None:
        if self.secret_dirty:
            self.secretEdited.emit()

    def on_test_button_clicked(self) -> None:
        problem = self.address_problem()
        if problem is not None:
            # The field says what to fix; the test says only that it waits for it.
            self.url_problem.setText(problem)
            self.url_problem.show()
            self._set_result(
                icons.Mark.ATTENTION, self.tr("Not tested: correct the address first.")
            )
            self.url_edit.setFocus()
            self.url_edit.deselect()
            self.url_edit.end(False)
            return
        focused = QApplication.focusWidget()
        self._focus_back = focused if focused is not None and self.isAncestorOf(focused) else None
        self.testRequested.emit()

    def address_problem(self) -> str | None:
        """What is wrong with the typed address, in the field's own words (None: nothing)."""
        try:
            parse_instance_url(self.url_edit.text())
        except InvalidUrl as exc:
            return f"{exc.message} {exc.fix}".strip()
        return None

    def on_task_runningChanged(self, running: bool) -> None:
        """Keep the keyboard in this form while its controls are disabled, and give it back
        where the admin was afterwards (never to the other side's field, text selected)."""
        if running:
            if self._focus_back is not None:
                self.task.cancel_button.setFocus()
            return
        back, self._focus_back = self._focus_back, None
        if back is not None and back.isEnabled() and back.isVisible():
            back.setFocus()

    def on_task_finished(self, ok: bool) -> None:
        if not ok:
            self._untested()
            self.show_failed(self.task.error.title.text() or self.tr("stopped"))
            self.edited.emit()


class ProbeDialog(QDialog):
    """Every verdict of a probe as text, and its JSON (no address, tenant or name) to copy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: ProbeReport | None = None
        self.intro = layouts.wrapped_label("", self)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = self.buttons.addButton(
            self.tr("Copy as JSON"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setToolTip(
            self.tr("The verdicts, the product and its version: no address, tenant, name or secret")
        )
        self.setLayout(
            layouts.vbox(self.intro, self.text, self.buttons, margin=metrics.SPACING + 4)
        )
        self.resize(860, 560)
        self.buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.on_copy_button_clicked)

    def show_report(self, name: str, report: ProbeReport) -> None:
        self.report = report
        self.setWindowTitle(self.tr("What {name} answered").format(name=name))
        self.intro.setText(
            self.tr(
                "Each assumption halo_wizard makes about Halo, checked against {name} with read "
                "requests only. 'Copy as JSON' copies a report you can send to halo_wizard's "
                "makers: it holds the product and version, never an address, tenant, name or "
                "secret."
            ).format(name=name)
        )
        self.text.setPlainText(report.format_text())

    def on_copy_button_clicked(self) -> None:
        if self.report is not None:
            QGuiApplication.clipboard().setText(self.report.to_json())
