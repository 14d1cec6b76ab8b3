"""Step 1: who manages the instances, both instances (or one's own and the partner's name),
which one sends tickets, their API applications, and the test."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QWidget,
)

from halo_wizard.api.client import HaloClient
from halo_wizard.api.errors import HaloError
from halo_wizard.plan.model import ConnectionKind, Plan, Side, StepId
from halo_wizard.plan.roles import (
    keychain_exchanges,
    plan_name,
    results_a_swap_resets,
)
from halo_wizard.steps.exchange import choose_pairing, exchanged
from halo_wizard.steps.instances import (
    ConnectionReport,
    record_connection,
    same_instance_problem,
    test_connection,
)
from halo_wizard.steps.probe import probe
from halo_wizard.steps.session import Progress
from halo_wizard.ui.compat import override
from halo_wizard.ui.pages.api_app_guide import ApiApplicationGuide
from halo_wizard.ui.pages.base import StepPage
from halo_wizard.ui.pages.instance_form import BOTH, MINE, PARTNERS, InstanceForm
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import layouts, metrics
from halo_wizard.ui.widgets.collapsible import CollapsibleSection
from halo_wizard.ui.widgets.error_panel import ErrorPanel
from halo_wizard.ui.widgets.task_panel import spawn

NEW_PLAN_NAME = "New connection"
FORM_MIN_WIDTH = 420
"""Narrower than this, a form cuts its addresses short: the two forms go one above the other."""


def _tested_report(plan: Plan, side: Side) -> ConnectionReport:
    """What the plan remembers of a side's last test, as the engine's report."""
    instance = plan.instance(side)
    return ConnectionReport(
        side=side,
        base_url=instance.base_url,
        api_url=instance.api_url,
        auth_url=instance.auth_url,
        tenant=instance.tenant,
        product=instance.product,
        version=instance.version,
        supports_sync=True,
        agent_name=instance.login_agent,
        agent_is_api_only=None,
    )


class ManagedChoice(QGroupBox):
    """Who manages the two instances: this admin both, or one side each with a partner's admin
    (either may start the connection; the one invited opens the other's invitation)."""

    changed = Signal()
    """The admin chose differently (the page puts it into the plan)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Who manages the two instances?"))
        self.both = QRadioButton(self.tr("I manage both instances"), self)
        self.one = QRadioButton(
            self.tr("I manage one side; my partner's admin manages the other"), self
        )
        self.both.setToolTip(
            self.tr("You hold admin API credentials for both instances (one organisation)")
        )
        self.one.setToolTip(
            self.tr(
                "Two organisations: each admin connects only their own instance, and the two of "
                "you exchange an encrypted invitation and reply (no admin key is ever shared)"
            )
        )
        self.side = QComboBox(self)
        self.side.addItem(self.tr("Customer: my instance sends tickets"), Side.CUSTOMER.value)
        self.side.addItem(
            self.tr("Supplier or MSP: my instance receives tickets"), Side.SUPPLIER.value
        )
        self.starts = QRadioButton(self.tr("I start the connection: I write the invitation"), self)
        self.invited = QRadioButton(
            self.tr("My partner started it: I open the invitation they sent me"), self
        )
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.both)
        self.choice.addButton(self.one)
        self.who_starts = QButtonGroup(self)
        self.who_starts.addButton(self.starts)
        self.who_starts.addButton(self.invited)
        self.both.setChecked(True)
        self.starts.setChecked(True)
        self.fixed = layouts.colored(layouts.wrapped_label("", self), metrics.MUTED_TEXT)
        self.fixed.hide()
        self.details = QWidget(self)
        details = layouts.vbox(
            layouts.row(
                layouts.wrapped_label(self.tr("My side:"), self), self.side, None, stretch=None
            ),
            layouts.row(self.starts, self.invited, None, stretch=None),
            spacing=metrics.SPACING_SMALL,
        )
        details.setContentsMargins(metrics.SECTION_SPACING, 0, 0, 0)  # under the choice it refines
        self.details.setLayout(details)
        self.setLayout(
            layouts.vbox(
                layouts.row(self.both, self.one, None, stretch=None),
                self.details,
                self.fixed,
                margin=metrics.SPACING + 4,
                spacing=metrics.SPACING_SMALL,
            )
        )
        self.details.hide()
        for button in (self.both, self.one, self.starts, self.invited):
            button.toggled.connect(self.on_button_toggled)
        self.side.activated.connect(self.on_side_activated)

    def own_side(self) -> Side | None:
        """The side the admin manages alone, or None when they manage both."""
        return Side(str(self.side.currentData())) if self.one.isChecked() else None

    def show_plan(self, plan: Plan) -> None:
        """Show what the plan says, without emitting `changed`."""
        pairing = plan.pairing
        for widget in (self.both, self.one, self.side, self.starts, self.invited):
            widget.blockSignals(True)
        (self.one if pairing is not None else self.both).setChecked(True)
        if pairing is not None:
            self.side.setCurrentIndex(self.side.findData(pairing.own_side.value))
            (self.starts if pairing.started_here else self.invited).setChecked(True)
        for widget in (self.both, self.one, self.side, self.starts, self.invited):
            widget.blockSignals(False)
        self.details.setVisible(pairing is not None)
        fixed = exchanged(pairing)
        for widget in (self.both, self.one, self.side, self.starts, self.invited):
            widget.setEnabled(not fixed)
        self.fixed.setText(
            self.tr(
                "Fixed for this connection: files have been exchanged with your partner. Start "
                "a new plan to set it up another way."
            )
            if fixed
            else ""
        )
        self.fixed.setVisible(fixed)

    def on_button_toggled(self, checked: bool) -> None:
        if checked:  # each group toggles one button off and one on: act on the one turned on
            self.details.setVisible(self.one.isChecked())
            self.changed.emit()

    def on_side_activated(self, _index: int) -> None:
        self.changed.emit()


class InstancesPage(StepPage):
    """Who manages the instances; two forms side by side (or this admin's own and the name of
    their partner's), a swap of roles, the same-instance check and the guide."""

    step_id = StepId.INSTANCES

    rolesSwapped = Signal()
    """The plan's roles were swapped: every later page must forget what it showed."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self._set_heading(one_side=False)
        self.managed = ManagedChoice(self)
        self.forms = {side: InstanceForm(side, self) for side in Side}
        self.swap_button = QPushButton(self.tr("⇄ Swap roles"), self)
        self.swap_button.setToolTip(self.tr("Make the customer the supplier and the other way"))
        self.problem = ErrorPanel(self)
        self.storage = layouts.wrapped_label("", self)
        self.guide = CollapsibleSection(
            self.tr("How to create the API application each instance needs"),
            ApiApplicationGuide(self),
            parent=self,
        )
        # Side by side when both forms have room, one above the other in a narrow window.
        self.swap_layout = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.swap_layout.addStretch(1)
        self.swap_layout.addWidget(self.swap_button)
        self.swap_layout.addStretch(1)
        self.forms_layout = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.forms_layout.setContentsMargins(0, 0, 0, 0)
        self.forms_layout.setSpacing(metrics.SPACING)
        self.forms_layout.addWidget(self.forms[Side.CUSTOMER], 1)
        self.forms_layout.addLayout(self.swap_layout)
        self.forms_layout.addWidget(self.forms[Side.SUPPLIER], 1)
        row = QWidget(self)
        row.setLayout(self.forms_layout)
        self.add_section(self.managed)
        self.add_section(row)
        self.add_section(self.problem)
        self.add_section(self.storage)
        self.add_section(self.guide)
        self.body_layout.addStretch(1)
        for side, form in self.forms.items():
            form.edited.connect(self.on_form_edited)
            form.secretEdited.connect(partial(self.on_form_secretEdited, side))
            form.testRequested.connect(partial(self.on_form_testRequested, side))
            form.edited.connect(partial(self._stop_probe, side))
            form.task.runningChanged.connect(self.on_task_runningChanged)
            form.task.runningChanged.connect(self.busyChanged)
        self.swap_button.clicked.connect(self.on_swap_button_clicked)
        self.managed.changed.connect(self.on_managed_changed)
        self._names: dict[Side, str] = {}
        self._probes: dict[Side, asyncio.Task[None]] = {}

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_forms()

    def fit_forms(self) -> None:
        wide = (
            self.scroll_area.viewport().width()
            >= 2 * FORM_MIN_WIDTH + self.swap_button.sizeHint().width()
        )
        if wide == (self.forms_layout.direction() is QBoxLayout.Direction.LeftToRight):
            return
        self.forms_layout.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
        self.swap_layout.setDirection(
            QBoxLayout.Direction.TopToBottom if wide else QBoxLayout.Direction.LeftToRight
        )

    # ---- the window's calls ----

    def reset(self) -> None:
        for side in Side:
            self._stop_probe(side)
        self.problem.clear()
        self.storage.setText(
            self.tr("Client secrets are {where}; they are never written to the plan file.").format(
                where=self.services.secrets.description
            )
        )
        if self.plan is not None:
            for form in self.forms.values():
                form.set_kind(self.plan.kind)
            self.show_managed()
            spawn(self._load(self.plan))

    async def _load(self, plan: Plan) -> None:
        # Only the secrets of the instances this admin manages: a partner's is never asked for.
        secrets = {
            side: await self.services.secrets.get(plan.secret_key_for(side))
            for side in self.own_sides()
        }
        if plan is not self.plan:
            return
        for side, form in self.forms.items():
            form.load(plan.instance(side), secrets.get(side))
        self.show_managed()
        self._remember_names()
        self._check_same_instance()
        self.completeChanged.emit()

    def own_sides(self) -> tuple[Side, ...]:
        """The sides this admin connects here: both, or theirs when a partner manages the other."""
        pairing = self.plan.pairing if self.plan is not None else None
        return tuple(Side) if pairing is None else (pairing.own_side,)

    def show_managed(self) -> None:
        """The choice of who manages the instances, and each form as it follows from it."""
        plan = self.plan
        if plan is None:
            return
        ticket_sync = plan.kind is ConnectionKind.TICKET_SYNC
        self.managed.setVisible(ticket_sync)
        if ticket_sync:
            self.managed.show_plan(plan)
        pairing = plan.pairing
        self.swap_button.setVisible(pairing is None)
        for side, form in self.forms.items():
            if pairing is None:
                form.set_mode(BOTH)
            elif side is pairing.own_side:
                form.set_mode(MINE)
            else:
                form.set_mode(PARTNERS, self._partner_note(plan))
        self._set_heading(one_side=pairing is not None)

    def _set_heading(self, *, one_side: bool) -> None:
        """The page's heading: both instances to enter, or one's own and the partner's name."""
        self.set_heading(
            self.tr("Instances"),
            self.tr(
                "Enter both Halo instances. Paste any address you open Halo with: the API and "
                "authorisation addresses are worked out as you type, and the tenant is read "
                "from the instance when you test the connection."
            )
            if not one_side
            else self.tr(
                "Enter your own Halo instance and your partner's name. Paste any address you "
                "open Halo with: the API and authorisation addresses are worked out as you "
                "type, and the tenant is read from the instance when you test the connection. "
                "Your partner's admin connects their instance on their side."
            ),
        )

    def _partner_note(self, plan: Plan) -> str:
        pairing = plan.pairing
        assert pairing is not None
        theirs = plan.instance(pairing.partner_side)
        if pairing.catalogue is not None and theirs.base_url:
            taken = str(pairing.catalogue.get("taken") or "")[:10]
            return self.tr(
                "Connected by your partner's admin, on their side. Their file says: {url}, "
                "{product} {version} (read on {taken}). halo_wizard never asks for their "
                "instance's admin credentials."
            ).format(
                url=theirs.base_url, product=theirs.product, version=theirs.version, taken=taken
            )
        if pairing.started_here:
            return self.tr(
                "Your partner's admin connects it on their side, from the invitation you write "
                "after this step; their instance's address arrives with their reply. halo_wizard "
                "never asks for its admin credentials. Enter only your partner's name."
            )
        return self.tr(
            "Your partner's admin connects it on their side; its address and name arrive with "
            "their invitation, which you open after this step. halo_wizard never asks for its "
            "admin credentials."
        )

    def is_complete(self) -> bool:
        plan = self.plan
        if plan is None or self.is_busy():
            return False
        tested = all(plan.instance(side).last_tested for side in self.own_sides())
        pairing = plan.pairing
        if pairing is not None and pairing.started_here and pairing.catalogue is None:
            # The invitation names the partner's profile after them: their name is needed.
            tested = tested and bool(plan.instance(pairing.partner_side).name.strip())
        return tested and self._same_instance() is None

    def is_busy(self) -> bool:
        return any(form.task.is_running() for form in self.forms.values())

    def cancel(self) -> None:
        for form in self.forms.values():
            form.task.cancel()
        for side in Side:
            self._stop_probe(side)

    def pending(self) -> list[asyncio.Task[Any]]:
        probes = [task for task in self._probes.values() if not task.done()]
        return [task for form in self.forms.values() for task in form.task.pending()] + probes

    def update_controls(self) -> None:
        self.swap_button.setEnabled(not self.is_busy())

    # ---- checks ----

    def _same_instance(self) -> str | None:
        plan = self.plan
        if plan is None or not all(plan.instance(side).last_tested for side in Side):
            return None
        return same_instance_problem(
            _tested_report(plan, Side.CUSTOMER), _tested_report(plan, Side.SUPPLIER)
        )

    def _check_same_instance(self) -> None:
        problem = self._same_instance()
        if problem is None:
            self.problem.clear()
        else:
            self.problem.show_problem(self.tr("The same instance twice"), problem)

    # ---- slots ----

    def on_form_edited(self) -> None:
        self._follow_names()
        self._check_same_instance()
        self.planChanged.emit()
        self.completeChanged.emit()

    def on_form_secretEdited(self, side: Side) -> None:
        plan = self.plan
        if plan is not None:
            # Handed over at once: a Test pressed before the keychain write ends uses it.
            self.services.secrets.remember(
                plan.secret_key_for(side), self.forms[side].secret.value()
            )
        spawn(self._store_secret(side))

    def on_form_testRequested(self, side: Side) -> None:
        self._stop_probe(side)
        form = self.forms[side]
        name = form.name_edit.text().strip() or form.title()
        form.task.run(
            self.tr("Testing the connection to {name}…").format(name=name),
            partial(self._test, side),
            partial(self._tested, side),
        )

    def on_managed_changed(self) -> None:
        """Both instances, or one side with a partner: the plan follows, and the later pages
        forget what they read (the sessions change with it)."""
        plan = self.plan
        if plan is None:
            return
        try:
            choose_pairing(plan, self.managed.own_side(), starts=self.managed.starts.isChecked())
        except HaloError as exc:
            self.problem.show_error(exc)
            self.managed.show_plan(plan)
            return
        for side in Side:
            self._stop_probe(side)
        self.show_managed()
        self._check_same_instance()
        self.rolesSwapped.emit()
        self.planChanged.emit()
        self.completeChanged.emit()

    def on_swap_button_clicked(self) -> None:
        plan = self.plan
        if plan is None:
            return
        held = results_a_swap_resets(plan)
        if held and not self.ask_swap(self._swap_question(plan, held)):
            return
        typed = {side: (f.secret.value(), f.secret_dirty) for side, f in self.forms.items()}
        for side in Side:
            self._stop_probe(side)
        plan.swap_roles()
        # The clients signed in for each side are the other side's now: sign in afresh.
        self.services.sessions.set_plan(None)
        self.services.sessions.set_plan(plan)
        spawn(self._exchange_issued_secrets(plan.id))
        for side, form in self.forms.items():
            secret, dirty = typed[side.other]
            form.load(plan.instance(side), secret)
            form.secret_dirty = dirty
        self._remember_names()
        self._check_same_instance()
        self.rolesSwapped.emit()
        self.statusMessage.emit(
            self.tr("Roles swapped: {c} sends tickets to {s}.").format(
                c=plan.customer.name or self.tr("the customer"),
                s=plan.supplier.name or self.tr("the supplier"),
            )
        )
        self.planChanged.emit()
        self.completeChanged.emit()

    def _swap_question(self, plan: Plan, held: list[str]) -> str:
        return self.tr(
            "{supplier} will send tickets and {customer} will receive them.\n\n"
            "Each instance keeps its address, its API application and the mappings made in it. "
            "The steps after this one start again, because each instance now needs the other "
            "kind of profile: {steps}. What they hold is put aside, and swapping back brings "
            "it back."
        ).format(
            supplier=plan.supplier.name or self.tr("The supplier"),
            customer=plan.customer.name or self.tr("the customer"),
            steps=", ".join(held),
        )

    def ask_swap(self, question: str) -> bool:
        """Ask before a swap resets later steps (tests answer in its place)."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Swap roles?"),
            question,
            QMessageBox.StandardButton.Cancel,
            self,
        )
        swap = box.addButton(self.tr("Swap roles"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is swap

    async def _exchange_issued_secrets(self, plan_id: str) -> None:
        """The secrets the profiles issued go aside with their records (and come back)."""
        secrets = self.services.secrets
        for current, parked in keychain_exchanges(plan_id):
            here, there = await secrets.get(current), await secrets.get(parked)
            for key, value in ((current, there), (parked, here)):
                if value:
                    await secrets.set(key, value)
                else:
                    await secrets.delete(key)

    # ---- jobs ----

    async def _store_secret(self, side: Side) -> None:
        plan, form = self.plan, self.forms[side]
        if plan is None or not form.secret_dirty:
            return
        form.secret_dirty = False
        await self.services.secrets.set(plan.secret_key_for(side), form.secret.value())

    async def _test(self, side: Side, progress: Progress) -> ConnectionReport:
        await self._store_secret(side)
        progress(0, 2, self.tr("Signing in…"))
        client: HaloClient = await self.services.sessions.client(side)
        linked = self.plan is not None and self.plan.kind is ConnectionKind.CONNECTED_INSTANCES
        report = await test_connection(client, side, require_sync_version=not linked)
        progress(2, 2, self.tr("Connected"))
        return report

    def _tested(self, side: Side, report: ConnectionReport) -> None:
        if self.plan is None:
            return
        record_connection(self.plan, report)
        self.forms[side].show_report(report)
        self._check_same_instance()
        self.planChanged.emit()
        self.completeChanged.emit()
        self._start_probe(side)

    # ---- the probe: after the connection result is shown, in the background ----

    def _start_probe(self, side: Side) -> None:
        """Check halo_wizard's assumptions on the instance just tested (read-only); the page is
        not busy meanwhile, so Next and the other side's test do not wait for it."""
        self._stop_probe(side)
        self.forms[side].show_probe_running()
        self._probes[side] = spawn(self._probe(side))

    def _stop_probe(self, side: Side) -> None:
        task = self._probes.pop(side, None)
        if task is not None and not task.done():
            task.cancel()
            self.forms[side].clear_probe()

    async def _probe(self, side: Side) -> None:
        form = self.forms[side]
        try:
            client = await self.services.sessions.client(side)
            report = await probe(client)
        except HaloError as exc:
            form.show_probe_failed(exc.title)
            return
        form.show_probe(report)

    def _follow_names(self) -> None:
        """Keep the plan's and the profiles' names in step with the instance names typed."""
        plan = self.plan
        if plan is None:
            return
        before = self._names
        for side in Side:
            profile = plan.profile(side)
            if profile.record_id is None and profile.name in ("", before.get(side, "")):
                profile.name = plan.instance(side).name
        automatic = (
            NEW_PLAN_NAME,
            plan_name(before.get(Side.CUSTOMER), before.get(Side.SUPPLIER)),
        )
        if plan.name in automatic or not plan.name.strip(" →…"):
            plan.name = plan_name(plan.customer.name, plan.supplier.name)
        self._remember_names()

    def _remember_names(self) -> None:
        if self.plan is not None:
            self._names = {side: self.plan.instance(side).name for side in Side}
