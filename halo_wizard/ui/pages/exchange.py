"""The exchange with the partner's admin (issue 15): write the invitation and show its pairing
code once, open an invitation into this side's plan, write the reply, open the reply.

Every file is sealed and opened by the engine (steps.exchange); the key derivation (Scrypt) and
the file itself run off the window's thread, the instances through the page's task. Each refusal
(a wrong code, a changed, expired or replayed file, another connection's, a partner on the same
instance, a too-old Halo) is said on the page, and nothing is written.
"""

from __future__ import annotations

import asyncio
import copy
import enum
import logging
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QFrame, QGroupBox, QLabel, QLineEdit, QPushButton, QWidget

from halo_wizard.api.errors import HaloError
from halo_wizard.api.secret import Secret
from halo_wizard.files import FileProblem, os_reason
from halo_wizard.pairing.code import EXAMPLE
from halo_wizard.pairing.contents import Invitation, Reply
from halo_wizard.plan.freshness import Staleness
from halo_wizard.plan.model import Plan, Side, StepId, StepStatus, issued_secret_key
from halo_wizard.steps import exchange
from halo_wizard.steps.changes import Change
from halo_wizard.steps.exchange import INVITATION_SUFFIX, REPLY_SUFFIX, Sealed
from halo_wizard.steps.flow import SetupFailed
from halo_wizard.steps.profiles import ROLES
from halo_wizard.steps.session import Progress, Session
from halo_wizard.steps.setup import survey_step
from halo_wizard.steps.two_party import (
    PairingProblem,
    invitation_of,
    partner_session,
    reply_of,
    take_reply,
)
from halo_wizard.ui.dialogs import FileDialogs, documents_folder, safe_file_name
from halo_wizard.ui.pages.base import StepPage
from halo_wizard.ui.pages.credential_swap import CredentialSwapPage, SwapView
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.changes_panel import ChangesPanel
from halo_wizard.ui.widgets.status_line import StatusLine

log = logging.getLogger(__name__)

CODE_POINT_DELTA = 16
"""The pairing code is read out on the phone: far larger than the text around it."""
PREVIEW_ROWS = 12
"""The invitation's changes listed without scrolling up to this many lines."""


class Stage(enum.Enum):
    """Where the exchange with the partner stands, as the plan says."""

    WRITE_INVITATION = "write_invitation"
    WAITING_FOR_REPLY = "waiting_for_reply"
    REPLY_OPENED = "reply_opened"
    OPEN_INVITATION = "open_invitation"
    SET_UP_SIDE = "set_up_side"
    WRITE_REPLY = "write_reply"
    REPLY_WRITTEN = "reply_written"


def stage_of(plan: Plan) -> Stage | None:
    """The stage of a paired plan (None: the plan is not set up with a partner)."""
    pairing = plan.pairing
    if pairing is None:
        return None
    if pairing.started_here:
        if pairing.catalogue is not None:
            return Stage.REPLY_OPENED
        return Stage.WAITING_FOR_REPLY if pairing.sent_file else Stage.WRITE_INVITATION
    if not pairing.files_seen:
        return Stage.OPEN_INVITATION
    if pairing.sent_file:
        return Stage.REPLY_WRITTEN
    mapped = plan.step(StepId.MAPPINGS).status is StepStatus.DONE
    return Stage.WRITE_REPLY if mapped else Stage.SET_UP_SIDE


def _problem(exc: FileProblem) -> PairingProblem:
    """A file problem as the page shows expected errors (title, message, what to do)."""
    return PairingProblem(exc.message, exc.fix)


class CodeView(QFrame):
    """The pairing code, once: large, grouped, a Copy button, and the warning that it is not
    shown again. Hiding it forgets it (and takes it off the clipboard if it is still there)."""

    hidden = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeView")
        self._code: Secret | None = None
        self.heading = layouts.heading(self.tr("Pairing code"), self, delta=1)
        self.code = QLabel(self)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(self.font().pointSizeF() + CODE_POINT_DELTA)
        font.setBold(True)
        font.setLetterSpacing(font.SpacingType.AbsoluteSpacing, 3)
        self.code.setFont(font)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setAccessibleName(self.tr("Pairing code"))
        self.copy_button = QPushButton(self.tr("Copy the code"), self)
        self.copy_button.setToolTip(self.tr("Put the pairing code on the clipboard"))
        self.hide_button = QPushButton(self.tr("I have noted it: hide the code"), self)
        self.hide_button.setToolTip(
            self.tr("The code is forgotten: halo_wizard cannot show it again")
        )
        self.warning = layouts.wrapped_label("", self)
        self.warning.setText(
            self.tr(
                "<b>Shown only this once.</b> Read it out to your partner's admin on the phone, "
                "or give it to them another way than the file: whoever has both can open the "
                "file. Note it down until their reply has arrived: you need it again to open "
                "the reply. halo_wizard never saves it, in the plan or anywhere else."
            )
        )
        self.setLayout(
            layouts.vbox(
                self.heading,
                layouts.hbox(self.code, None, self.copy_button),
                self.warning,
                layouts.hbox(None, self.hide_button),
                margin=metrics.SPACING + 8,
            )
        )
        self.copy_button.clicked.connect(self.on_copy_button_clicked)
        self.hide_button.clicked.connect(self.on_hide_button_clicked)
        self.hide()

    def show_code(self, code: Secret) -> None:
        self.setStyleSheet(
            f"#codeView {{ background: {metrics.SUGGESTION_TINT};"
            f" border: 2px solid {metrics.WARNING_COLOR}; border-radius: 6px; }}"
            f" #codeView QLabel {{ color: {metrics.TINTED_TEXT}; }}"
        )
        self._code = code
        self.code.setText(code.reveal())
        self.show()

    def forget(self) -> None:
        """Hide the code and drop it; the clipboard loses it too if it still holds it."""
        if self._code is not None:
            clipboard = QGuiApplication.clipboard()
            if clipboard.text() == self._code.reveal():
                clipboard.clear()
        self._code = None
        self.code.clear()
        self.hide()

    def shown_code(self) -> str:
        """The code on screen ("" when hidden): for tests and screen readers."""
        return "" if self.isHidden() else self.code.text()

    def on_copy_button_clicked(self) -> None:
        if self._code is not None:
            QGuiApplication.clipboard().setText(self._code.reveal())

    def on_hide_button_clicked(self) -> None:
        self.forget()
        self.hidden.emit()


class ExchangePage(StepPage):
    """The exchange with the partner, as far as it has come; the window shows it after the
    Instances step until the partner's file is in, and, for the one invited, after the mappings
    until the reply is written."""

    step_id = StepId.CONNECTIONS  # not a step of the journey: the window places it between steps

    planReplaced = Signal(object)
    """An invitation or reply was opened: the window opens this plan (same id) in its place."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.dialogs = FileDialogs()
        self._codes: dict[str, Secret] = {}
        """The code each connection's invitation was opened with (this session only): the reply
        is sealed with it. Never written anywhere."""
        self._previewed = False
        self._written: Path | None = None
        self.set_heading(self.tr("Exchange with your partner"), "")

        self.status_box = QGroupBox(self.tr("Where the connection stands"), self)
        self.side_line = StatusLine("", self)
        self.invitation_line = StatusLine("", self)
        self.reply_line = StatusLine("", self)
        self.status_box.setLayout(
            layouts.vbox(
                self.side_line,
                self.invitation_line,
                self.reply_line,
                margin=metrics.SPACING + 4,
                spacing=metrics.SPACING_SMALL,
            )
        )

        self.code_view = CodeView(self)

        self.write_box = QGroupBox(self)
        self.write_intro = layouts.wrapped_label("", self)
        self.preview = ChangesPanel(self)
        self.reply_code = QLineEdit(self)
        self.reply_code_label = layouts.wrapped_label(
            self.tr("Pairing code (the one you opened the invitation with):"), self
        )
        self.check_button = QPushButton(self.tr("Check again"), self)
        self.check_button.setToolTip(self.tr("Read your instance again"))
        self.write_button = QPushButton("", self)
        self.write_button.setMinimumWidth(metrics.BUTTON_MIN_WIDTH)
        self.write_box.setLayout(
            layouts.vbox(
                self.write_intro,
                self.preview,
                layouts.hbox(self.reply_code_label, self.reply_code, None),
                layouts.hbox(None, self.check_button, self.write_button),
                margin=metrics.SPACING + 4,
            )
        )

        self.open_box = QGroupBox(self)
        self.open_intro = layouts.wrapped_label("", self)
        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(self.tr("no file chosen yet"))
        self.choose_button = QPushButton(self.tr("Choose the file…"), self)
        self.code_edit = QLineEdit(self)
        self.open_button = QPushButton("", self)
        self.open_button.setMinimumWidth(metrics.BUTTON_MIN_WIDTH)
        for edit in (self.code_edit, self.reply_code):
            font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
            font.setPointSizeF(self.font().pointSizeF() + 4)
            edit.setFont(font)
            edit.setPlaceholderText(self.tr("e.g. {example}").format(example=EXAMPLE))
            edit.setMaxLength(32)
            edit.setMinimumWidth(metrics.FIELD_MIN_WIDTH)
            edit.setAccessibleName(self.tr("Pairing code"))
        self.file_label = QLabel(self.tr("File:"), self)
        self.code_label = QLabel(self.tr("Pairing code:"), self)
        width = max(self.file_label.sizeHint().width(), self.code_label.sizeHint().width())
        for label in (self.file_label, self.code_label):
            label.setMinimumWidth(width)
        self.open_box.setLayout(
            layouts.vbox(
                self.open_intro,
                layouts.hbox(self.file_label, self.path_edit, self.choose_button),
                layouts.hbox(self.code_label, self.code_edit, None, self.open_button),
                margin=metrics.SPACING + 4,
            )
        )

        self.next_line = StatusLine("", self)
        self.add_section(self.status_box)
        self.add_section(self.code_view)
        self.add_section(self.open_box)
        self.add_section(self.write_box)
        self.add_section(self.next_line)
        self.body_layout.addStretch(1)

        self.task.guard(
            self.write_button,
            self.check_button,
            self.open_button,
            self.choose_button,
            self.code_edit,
            self.reply_code,
        )
        self.choose_button.clicked.connect(self.on_choose_button_clicked)
        self.open_button.clicked.connect(self.on_open_button_clicked)
        self.write_button.clicked.connect(self.on_write_button_clicked)
        self.check_button.clicked.connect(self.on_check_button_clicked)
        self.code_edit.textChanged.connect(self.on_code_edit_textChanged)
        self.reply_code.textChanged.connect(self.on_code_edit_textChanged)
        self.code_view.hidden.connect(self.on_code_view_hidden)

    # ---- the window's calls ----

    def reset(self) -> None:
        self.code_view.forget()
        self.preview.set_changes(None)
        self._previewed = False
        self._written = None
        self.path_edit.clear()
        self.code_edit.clear()
        self.reply_code.clear()
        self.task.error.clear()
        self.show_stage()

    def enter(self) -> None:
        self.show_stage()
        if self.stage() is Stage.WRITE_INVITATION and not self._previewed:
            self.refresh_preview()

    def refresh_freshness(self, stale: Mapping[StepId, Staleness] | None = None) -> None:
        self.stale_banner.hide()  # not a step: the steps it joins have their own banners

    def stage(self) -> Stage | None:
        return stage_of(self.plan) if self.plan is not None else None

    def is_complete(self) -> bool:
        """Next goes on once this side can work without waiting for the partner."""
        return not self.is_busy() and self.stage() in (
            Stage.REPLY_OPENED,
            Stage.SET_UP_SIDE,
            Stage.REPLY_WRITTEN,
        )

    def continue_step(self) -> StepId:
        """Where this side carries on: the first step not finished yet."""
        plan = self.plan
        assert plan is not None
        finished = (StepStatus.DONE, StepStatus.SKIPPED)
        for step in StepId:
            if step is StepId.CONNECTIONS or exchange.waits_for_partner(plan, step):
                continue
            if plan.step(step).status not in finished:
                return step
        return StepId.REPORT

    def back_step(self) -> StepId:
        """The step before the exchange: the Instances, or the mappings for the reply."""
        stage = self.stage()
        return (
            StepId.MAPPINGS
            if stage in (Stage.WRITE_REPLY, Stage.REPLY_WRITTEN)
            else (StepId.INSTANCES)
        )

    def update_controls(self) -> None:
        busy = self.is_busy()
        stage = self.stage()
        opening = stage in (Stage.OPEN_INVITATION, Stage.WAITING_FOR_REPLY, Stage.REPLY_OPENED)
        self.open_button.setDefault(opening)
        self.write_button.setDefault(not opening)
        self.open_button.setEnabled(
            not busy and opening and bool(self.path_edit.text() and self.code_edit.text().strip())
        )
        if stage is Stage.WRITE_INVITATION:
            self.write_button.setEnabled(not busy and self._previewed)
        elif stage in (Stage.WRITE_REPLY, Stage.REPLY_WRITTEN):
            self.write_button.setEnabled(not busy and bool(self._reply_code_text()))
        elif stage is Stage.WAITING_FOR_REPLY:
            self.write_button.setEnabled(not busy)
        else:
            self.write_button.setEnabled(False)

    # ---- what is shown, stage by stage ----

    def show_stage(self) -> None:
        plan = self.plan
        stage = self.stage()
        for box in (self.write_box, self.open_box):
            box.hide()
        self.next_line.hide()
        if plan is None or stage is None or plan.pairing is None:
            self.status_box.hide()
            return
        self.status_box.show()
        pairing = plan.pairing
        mine, theirs = plan.instance(pairing.own_side), plan.instance(pairing.partner_side)
        partner = theirs.name or self.tr("your partner")
        mine_text = self.tr("Your side: {mine} ({side}).").format(
            mine=mine.name or self.tr("your instance"),
            side=self.side_words(pairing.own_side),
        )
        theirs_text = (
            self.tr("Your partner's: {theirs} ({other}).").format(
                theirs=theirs.name, other=self.side_words(pairing.partner_side)
            )
            if theirs.name
            else self.tr("Your partner manages the {other} side.").format(
                other=self.side_words(pairing.partner_side)
            )
        )
        self.side_line.set(
            icons.Mark.DONE if mine.last_tested else icons.Mark.PENDING,
            f"{mine_text} {theirs_text}",
        )
        self._show_file_lines(stage, partner)
        if stage is Stage.WRITE_INVITATION:
            self._show_write_invitation(partner)
        elif stage is Stage.WAITING_FOR_REPLY:
            self._show_waiting(partner)
        elif stage is Stage.OPEN_INVITATION:
            self._show_open(
                self.tr("Open the invitation"),
                self.tr(
                    "Your partner's admin sent you an invitation file and read you its pairing "
                    "code. Choose the file and type the code: halo_wizard checks both, builds "
                    "your side's plan from what the invitation says of their instance, and "
                    "you set up your side in the next steps. Nothing is written if the file "
                    "does not open."
                ),
                self.tr("Open the invitation"),
            )
        elif stage is Stage.SET_UP_SIDE:
            self._show_next(
                self.tr(
                    "Set up your side now, steps 2 to 7: your profile gets {partner}'s "
                    "addresses and credentials from the invitation, and you build the mappings "
                    "of what arrives in your instance. Then come back here to write your reply."
                ).format(partner=partner)
            )
        elif stage in (Stage.WRITE_REPLY, Stage.REPLY_WRITTEN):
            self._show_write_reply(partner, again=stage is Stage.REPLY_WRITTEN)
        elif stage is Stage.REPLY_OPENED:
            set_up = plan.step(StepId.MAPPINGS).status is StepStatus.DONE
            self._show_next(
                self.tr(
                    "Your side is set up. Run the action check, then the end-to-end test at the "
                    "same time as {partner}'s admin runs theirs; once they send their reply "
                    "again, open it above for a report with both halves."
                ).format(partner=partner)
                if set_up
                else self.tr(
                    "Both sides are known now. Carry on with step 5 on your side: your profile "
                    "receives {partner}'s addresses and credentials, then you authenticate it "
                    "and build the mappings of what arrives in your instance."
                ).format(partner=partner)
            )
            self._show_open(
                self.tr("A newer reply"),
                self.tr(
                    "After the end-to-end test, which each of you runs from your own side at "
                    "the same time, {partner}'s admin writes their reply again: it carries "
                    "their half of the test and their plan's fingerprint, so that your report "
                    "holds both. Open it here with the same code."
                ).format(partner=partner),
                self.tr("Open the newer reply"),
            )
        self.intro.setText(self._intro(stage, partner))
        self.update_controls()

    def _intro(self, stage: Stage, partner: str) -> str:
        if stage in (Stage.WRITE_INVITATION, Stage.WAITING_FOR_REPLY, Stage.REPLY_OPENED):
            return self.tr(
                "You and {partner}'s admin each set up your own instance. You send them an "
                "invitation (your instance's addresses, the credentials your profile issued and "
                "the lists their mappings need), encrypted with a pairing code you read out to "
                "them; they answer with a reply sealed with the same code. No admin credential "
                "ever leaves your side."
            ).format(partner=partner)
        return self.tr(
            "You and {partner}'s admin each set up your own instance. They sent you an "
            "invitation, encrypted with a pairing code they read out to you; you answer with a "
            "reply sealed with the same code. No admin credential ever leaves your side."
        ).format(partner=partner)

    def _show_file_lines(self, stage: Stage, partner: str) -> None:
        plan = self.plan
        assert plan is not None and plan.pairing is not None
        pairing = plan.pairing
        expires = (pairing.expires or "")[:16].replace("T", " ")
        taken = str((pairing.catalogue or {}).get("taken") or "")[:16].replace("T", " ")
        if pairing.started_here:
            if pairing.sent_file:
                self.invitation_line.set(
                    icons.Mark.DONE,
                    self.tr("Invitation written; it can be opened until {expires} UTC.").format(
                        expires=expires
                    ),
                )
            else:
                self.invitation_line.set(icons.Mark.CURRENT, self.tr("Invitation not written yet."))
            if pairing.catalogue is not None:
                self.reply_line.set(
                    icons.Mark.DONE,
                    self.tr(
                        "Reply from {partner} opened (their instance as read on {taken} UTC)."
                    ).format(partner=partner, taken=taken)
                    + self._their_test_words(pairing.partner_test),
                )
            else:
                self.reply_line.set(
                    icons.Mark.PENDING,
                    self.tr("Reply from {partner}: not opened yet.").format(partner=partner),
                )
            return
        if pairing.files_seen:
            self.invitation_line.set(
                icons.Mark.DONE,
                self.tr(
                    "Invitation from {partner} opened (their instance as read on {taken} UTC)."
                ).format(partner=partner, taken=taken),
            )
        else:
            self.invitation_line.set(
                icons.Mark.CURRENT, self.tr("Invitation from your partner: not opened yet.")
            )
        if pairing.sent_file:
            self.reply_line.set(
                icons.Mark.DONE,
                self.tr("Reply written; it can be opened until {expires} UTC.").format(
                    expires=expires
                ),
            )
        else:
            self.reply_line.set(
                icons.Mark.CURRENT if stage is Stage.WRITE_REPLY else icons.Mark.PENDING,
                self.tr("Reply not written yet."),
            )

    def _their_test_words(self, test: Mapping[str, object] | None) -> str:
        if not test:
            return ""
        when = str(test.get("finished_at") or "")[:16].replace("T", " ")
        return " " + self.tr("It holds their end-to-end test of {when} UTC.").format(when=when)

    def _show_write_invitation(self, partner: str) -> None:
        plan = self.plan
        assert plan is not None and plan.pairing is not None
        role = next(r for r in ROLES if r.side is plan.pairing.own_side)
        self.write_box.setTitle(self.tr("Write the invitation"))
        self.write_intro.setText(
            self.tr(
                "First halo_wizard sets up what your side needs for the invitation: the "
                "Suppliers module on, and the {label} profile “{name}” for {partner} with API "
                "access (it issues the credentials your partner's profile signs in with). The "
                "changes below are written on your instance only; then you choose where to save "
                "the invitation, and its pairing code is shown once."
            ).format(label=role.label, name=role.plan(plan).name, partner=partner)
        )
        self.preview.show()
        self.preview.write_button.hide()
        self.check_button.show()
        self.reply_code_label.hide()
        self.reply_code.hide()
        self.write_button.setText(self.tr("Write the invitation…"))
        self.write_button.setToolTip(
            self.tr("Write the changes listed, then the encrypted invitation file")
        )
        self.write_box.show()

    def _show_waiting(self, partner: str) -> None:
        self._show_open(
            self.tr("Open the reply"),
            self.tr(
                "Send the invitation file to {partner}'s admin (e-mail is fine: it is "
                "encrypted) and read them the pairing code. Once they have set up their side, "
                "they send you a reply: choose it here and type the same code."
            ).format(partner=partner)
            + (
                "\n" + self.tr("Invitation written to {path}.").format(path=self._written)
                if self._written is not None
                else ""
            ),
            self.tr("Open the reply"),
        )
        self.write_box.setTitle(self.tr("Lost the code, or the invitation expired?"))
        self.write_intro.setText(
            self.tr(
                "Write a new invitation: it has a new pairing code, and the earlier file "
                "cannot be used with it."
            )
        )
        self.preview.hide()
        self.check_button.hide()
        self.reply_code_label.hide()
        self.reply_code.hide()
        self.write_button.setText(self.tr("Write a new invitation…"))
        self.write_button.setToolTip(
            self.tr("Check your side again, then write a new invitation with a new code")
        )
        self.write_box.show()

    def _show_open(self, title: str, intro: str, button: str) -> None:
        self.open_box.setTitle(title)
        self.open_intro.setText(intro)
        self.open_button.setText(button)
        self.open_box.show()

    def _show_write_reply(self, partner: str, *, again: bool) -> None:
        self.write_box.setTitle(self.tr("Write the reply"))
        text = self.tr(
            "Your reply tells {partner}'s admin what their profile needs of your instance: its "
            "addresses, the credentials your profile issued, the lists their checks need and "
            "your inbound mappings, read from your instance now. It is sealed with the same "
            "pairing code as the invitation."
        ).format(partner=partner)
        if again:
            where = f" ({self._written})" if self._written is not None else ""
            text += "\n" + self.tr(
                "The reply was written{where}: send it to your partner. Write it again if you "
                "changed your side since."
            ).format(where=where)
        self.write_intro.setText(text)
        self.preview.hide()
        self.check_button.hide()
        known = self._known_code() is not None
        self.reply_code_label.setVisible(not known)
        self.reply_code.setVisible(not known)
        self.write_button.setText(
            self.tr("Write the reply again…") if again else self.tr("Write the reply…")
        )
        self.write_button.setToolTip(self.tr("Read your instance and write the encrypted reply"))
        self.write_box.show()
        if again:
            self._show_next(self.tr("Carry on with the action check on your side (step 8)."))

    def _show_next(self, text: str) -> None:
        self.next_line.set(icons.Mark.CURRENT, text)
        self.next_line.show()

    def side_words(self, side: Side) -> str:
        return self.tr("customer") if side is Side.CUSTOMER else self.tr("supplier")

    def _known_code(self) -> Secret | None:
        plan = self.plan
        if plan is None or plan.pairing is None:
            return None
        return self._codes.get(plan.pairing.connection_id)

    def _reply_code_text(self) -> str:
        known = self._known_code()
        return known.reveal() if known is not None else self.reply_code.text().strip()

    # ---- the invitation: this side's steps, then the file ----

    def refresh_preview(self) -> None:
        self.task.run(
            self.tr("Reading your instance for the invitation…"),
            self._preview_job,
            self._show_preview,
        )

    async def _preview_job(self, progress: Progress) -> list[Change]:
        session = await self.services.sessions.session()
        progress(0, 2, self.tr("Reading the modules…"))
        module = await survey_step(session, StepId.SUPPLIERS_MODULE)
        progress(1, 2, self.tr("Looking for your profile…"))
        found = await survey_step(session, StepId.PROFILES)
        progress(2, 2, "")
        return module.changes + found.changes

    def _show_preview(self, changes: list[Change]) -> None:
        self._previewed = True
        self.preview.set_changes(changes)
        self.preview.write_button.hide()
        self._fit_preview()
        if not changes:
            self.preview.summary.setText(
                self.tr("Nothing to change on your instance: it is ready for the invitation")
            )
        self.update_controls()

    def _ask_where(self, kind: str, suffix: str) -> Path | None:
        plan = self.plan
        assert plan is not None and plan.pairing is not None
        partner = plan.instance(plan.pairing.partner_side).name or "partner"
        mine = plan.instance(plan.pairing.own_side).name or "halo_wizard"
        name = safe_file_name(f"{mine} to {partner}") + suffix
        title = (
            self.tr("Save the invitation") if kind == "invitation" else self.tr("Save the reply")
        )
        filters = (
            self.tr("Invitations (*{suffix})")
            if kind == "invitation"
            else self.tr("Replies (*{suffix})")
        ).format(suffix=suffix)
        path = self.dialogs.save_file(self, title, documents_folder() / name, filters)
        if path is not None and not path.name.endswith(suffix):
            path = path.with_name(path.name + suffix)
        return path

    def _write_invitation(self) -> None:
        path = self._ask_where("invitation", INVITATION_SUFFIX)
        if path is None:
            return
        shown = {tuple(change.describe()) for change in self.preview.changes()}
        self.code_view.forget()
        self.task.run(
            self.tr("Setting up your side and writing the invitation…"),
            lambda progress: self._invitation_job(path, shown, progress),
            lambda outcome: self._invitation_written(path, *outcome),
        )

    async def _invitation_job(
        self, path: Path, shown: set[tuple[str, ...]], progress: Progress
    ) -> tuple[Secret, Sealed]:
        from halo_wizard.pairing.code import new_code

        plan = self.plan
        assert plan is not None and plan.pairing is not None
        connection = plan.pairing.connection_id
        session = await self.services.sessions.session()
        unexpected: list[Change] = []

        def confirm(changes: list[Change]) -> bool:
            # Only what the page listed is written; anything new stops before it is written.
            unexpected.extend(c for c in changes if tuple(c.describe()) not in shown)
            return not unexpected

        try:
            await exchange.set_up_own_side(
                session,
                say=lambda line: progress(0, 0, line.strip()),
                confirm=confirm,
                save_plan=self.planChanged.emit,
                stop_after=StepId.PROFILES,
            )
            progress(0, 0, self.tr("Reading your instance for the invitation…"))
            described = await invitation_of(session)
            progress(0, 0, self.tr("Sealing the invitation…"))
            code = new_code()
            when = exchange.now()
            # Closures, not arguments: nothing of the content crosses the executor's debug log.
            sealed = await asyncio.to_thread(
                lambda: exchange.seal_described("invitation", described, code, connection, when)
            )
            await self._write_file(path, sealed, "invitation")
        except (HaloError, asyncio.CancelledError):
            self._stale_preview()  # what was listed may be written now: read it again first
            if unexpected:
                raise PairingProblem(
                    self.tr(
                        "Your instance changed since the changes were listed ({change}); "
                        "nothing more was written and no invitation was written."
                    ).format(change=unexpected[0].summary),
                    self.tr("Press Check again to see what is left, then write again."),
                ) from None
            raise
        return code, sealed

    async def _write_file(self, path: Path, sealed: Sealed, what: str) -> None:
        try:
            await asyncio.to_thread(lambda: exchange.write_sealed(path, sealed.data))
        except OSError as exc:
            raise PairingProblem(
                self.tr("The {what} could not be written to {path}: {why}.").format(
                    what=what, path=path, why=os_reason(exc)
                ),
                self.tr("Choose another folder, or free some space, and write it again."),
            ) from None

    def _fit_preview(self) -> None:
        """The list of changes as tall as its rows (a few), so the button under it stays in
        sight in a small window."""
        tree = self.preview.tree
        items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
        rows = sum(1 + item.childCount() for item in items if item is not None)
        row = max(tree.sizeHintForRow(0), tree.fontMetrics().height() + 4)
        height = tree.header().sizeHint().height() + row * min(rows, PREVIEW_ROWS)
        tree.setFixedHeight(height + 2 * tree.frameWidth() + metrics.SPACING_SMALL)

    def _stale_preview(self) -> None:
        self.preview.set_changes(None)
        self.preview.write_button.hide()
        self._previewed = False

    def _invitation_written(self, path: Path, code: Secret, sealed: Sealed) -> None:
        plan = self.plan
        if plan is None or plan.pairing is None:
            return
        exchange.record_sent(plan.pairing, sealed)
        self._written = path
        self.planChanged.emit()
        self.show_stage()
        self.code_view.show_code(code)
        self.statusMessage.emit(
            self.tr("Invitation written to {path}. Read the pairing code to your partner.").format(
                path=path
            )
        )
        self.completeChanged.emit()

    # ---- the reply: this side's file for the inviter ----

    def _write_reply(self) -> None:
        typed = self._reply_code_text()
        path = self._ask_where("reply", REPLY_SUFFIX)
        if path is None:
            return
        self.task.run(
            self.tr("Writing the reply…"),
            lambda progress: self._reply_job(path, typed, progress),
            lambda sealed: self._reply_written(path, sealed),
        )

    async def _reply_job(self, path: Path, typed: str, progress: Progress) -> Sealed:
        plan = self.plan
        assert plan is not None and plan.pairing is not None
        code = exchange.read_code(typed)
        session = await self.services.sessions.session()
        progress(0, 0, self.tr("Reading your instance for the reply…"))
        described = await reply_of(session)
        progress(0, 0, self.tr("Sealing the reply…"))
        connection, when = plan.pairing.connection_id, exchange.now()
        sealed = await asyncio.to_thread(
            lambda: exchange.seal_described("reply", described, code, connection, when)
        )
        await self._write_file(path, sealed, "reply")
        self._codes[plan.pairing.connection_id] = code
        return sealed

    def _reply_written(self, path: Path, sealed: Sealed) -> None:
        plan = self.plan
        if plan is None or plan.pairing is None:
            return
        exchange.record_sent(plan.pairing, sealed)
        self._written = path
        self.reply_code.clear()
        self.planChanged.emit()
        self.show_stage()
        self.statusMessage.emit(
            self.tr(
                "Reply written to {path}. Send it to your partner: they open it with the same "
                "pairing code."
            ).format(path=path)
        )
        self.completeChanged.emit()

    # ---- opening the partner's file ----

    def _open(self) -> None:
        stage = self.stage()
        path = Path(self.path_edit.text())
        typed = self.code_edit.text().strip()
        if stage is Stage.OPEN_INVITATION:
            self.task.run(
                self.tr("Opening the invitation…"),
                lambda progress: self._open_invitation_job(path, typed, progress),
                self._opened,
            )
        elif stage in (Stage.WAITING_FOR_REPLY, Stage.REPLY_OPENED):
            self.task.run(
                self.tr("Opening the reply…"),
                lambda progress: self._open_reply_job(path, typed, progress),
                self._opened,
            )

    async def _read(self, path: Path, what: str) -> bytes:
        try:
            return await asyncio.to_thread(lambda: exchange.read_sealed(path, what))
        except FileProblem as exc:
            raise _problem(exc) from None

    async def _open_invitation_job(self, path: Path, typed: str, progress: Progress) -> Plan:
        plan = self.plan
        assert plan is not None and plan.pairing is not None
        own_side = plan.pairing.own_side
        code = exchange.read_code(typed)
        data = await self._read(path, "invitation")
        progress(0, 0, self.tr("Checking the pairing code…"))
        pairing, when = plan.pairing, exchange.now()
        invitation, opened = await asyncio.to_thread(
            lambda: exchange.open_invitation(data, code, pairing, when)
        )
        if invitation.side is own_side:
            side = self.side_words(own_side)
            raise PairingProblem(
                self.tr(
                    "This invitation was written by the {side}'s admin, and your side is the "
                    "{side} too: ticket sync joins a customer and a supplier."
                ).format(side=side),
                self.tr(
                    "Check with your partner which side each of you manages; choose yours on "
                    "the Instances page."
                ),
            )
        own = copy.deepcopy(plan.instance(own_side))
        new = exchange.plan_for_invitation(invitation, opened, own, plan)
        await self._check(new, progress)
        new.mark_step(StepId.INSTANCES, StepStatus.DONE)
        new.current_step = StepId.PERMISSIONS
        await self._keep_issued(new, invitation)
        self._codes[opened.connection_id] = code
        return new

    async def _open_reply_job(self, path: Path, typed: str, progress: Progress) -> Plan:
        plan = self.plan
        assert plan is not None and plan.pairing is not None
        code = exchange.read_code(typed)
        data = await self._read(path, "reply")
        progress(0, 0, self.tr("Checking the pairing code…"))
        pairing, when = plan.pairing, exchange.now()
        reply, opened = await asyncio.to_thread(
            lambda: exchange.open_reply(data, code, pairing, when)
        )
        new = copy.deepcopy(plan)  # the plan stays as it was until every check has passed
        take_reply(new, reply, opened.file_id)
        await self._check(new, progress, again=True)
        await self._keep_issued(new, reply)
        return new

    async def _check(self, plan: Plan, progress: Progress, *, again: bool = False) -> None:
        """Both sides as the file describes the partner's: this side's instance tested again,
        the partner's version and address from their file (a too-old Halo, the same instance).
        `again`: the steps this side ran before the file came (1 to 4) are checked again with
        the partner known, writing nothing, so they stand as done for what the plan holds now
        (a change they would make leaves them to run again on their pages)."""
        assert plan.pairing is not None
        progress(0, 0, self.tr("Checking both instances…"))
        own = await self.services.sessions.client(plan.pairing.own_side)
        trial: Session = partner_session(plan, own)
        try:
            await exchange.check_instances(trial)
            if again:
                await self._check_steps_again(trial, progress)
        finally:
            for reader in trial.readers.values():
                await reader.aclose()
            await trial.client(plan.pairing.partner_side).aclose()

    async def _check_steps_again(self, session: Session, progress: Progress) -> None:
        asked: list[int] = []

        def nothing_written(changes: list[Change]) -> bool:
            asked.append(len(changes))
            return False  # reading only: a step with changes stays to be run on its page

        try:
            await exchange.set_up_own_side(
                session,
                say=lambda line: progress(0, 0, line.strip()),
                confirm=nothing_written,
                save_plan=lambda: None,
                stop_after=StepId.PROFILES,
            )
        except SetupFailed:
            if not asked:
                raise
            log.info("a step before the reply has changes to make; left to run on its page")

    async def _keep_issued(self, plan: Plan, described: Invitation | Reply) -> None:
        """The credentials the partner's profile issued, in the keychain for the credential
        swap (never in the plan)."""
        assert plan.pairing is not None
        await self.services.secrets.set(
            issued_secret_key(plan.id, plan.pairing.partner_side), described.issued.secret.reveal()
        )

    def _opened(self, plan: Plan) -> None:
        self.code_edit.clear()
        self.path_edit.clear()
        pairing = plan.pairing
        assert pairing is not None
        partner = plan.instance(pairing.partner_side).name
        self.planReplaced.emit(plan)
        self.statusMessage.emit(
            self.tr("The invitation from {partner} is opened: set up your side next.").format(
                partner=partner
            )
            if not pairing.started_here
            else self.tr("The reply from {partner} is opened: finish your side next.").format(
                partner=partner
            )
        )

    # ---- slots ----

    def on_choose_button_clicked(self) -> None:
        stage = self.stage()
        invitation = stage is Stage.OPEN_INVITATION
        suffix = INVITATION_SUFFIX if invitation else REPLY_SUFFIX
        path = self.dialogs.open_file(
            self,
            self.tr("Open the invitation") if invitation else self.tr("Open the reply"),
            documents_folder(),
            (
                self.tr("Invitations (*{suffix})") if invitation else self.tr("Replies (*{suffix})")
            ).format(suffix=suffix)
            + ";;"
            + self.tr("All files (*)"),
        )
        if path is not None:
            self.path_edit.setText(str(path))
            self.path_edit.setCursorPosition(0)
        self.update_controls()

    def on_open_button_clicked(self) -> None:
        self._open()

    def on_write_button_clicked(self) -> None:
        stage = self.stage()
        if stage is Stage.WRITE_INVITATION:
            self._write_invitation()
        elif stage is Stage.WAITING_FOR_REPLY:
            self._previewed = False
            assert self.plan is not None and self.plan.pairing is not None
            self.plan.pairing.sent_file = ""  # a new invitation is written from the start
            self.plan.pairing.expires = None
            self.planChanged.emit()
            self.enter()
        elif stage in (Stage.WRITE_REPLY, Stage.REPLY_WRITTEN):
            self._write_reply()

    def on_check_button_clicked(self) -> None:
        self.refresh_preview()

    def on_code_edit_textChanged(self, _text: str) -> None:
        self.update_controls()

    def on_code_view_hidden(self) -> None:
        self.statusMessage.emit(self.tr("The pairing code is hidden and forgotten."))


class PairedCredentialSwapPage(CredentialSwapPage):
    """The credential swap, which with a partner waits only for this side's profile to
    authenticate: the partner's authenticates on their side, once they have this side's file."""

    def survey_ok(self, result: SwapView) -> bool:
        plan = self.plan
        if plan is None or plan.pairing is None:
            return super().survey_ok(result)
        partner = plan.pairing.partner_side
        needed = [r for r in result.survey.manual_secret_needed if r.side is partner]
        own = [role for role in ROLES if role.side is not partner]
        return not needed and all(role.plan(plan).authenticated for role in own)
