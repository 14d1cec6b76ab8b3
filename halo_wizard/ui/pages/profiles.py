"""Step 4: the supplier profile in the customer's instance and the customer profile in the
supplier's instance, found by name or created, with API access on (rules R2, R3)."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QWidget

from halo_wizard.plan.model import StepId
from halo_wizard.steps import profiles
from halo_wizard.steps.profiles import ProfileRole, ProfileState, ProfileSurvey
from halo_wizard.steps.session import Progress, Session
from halo_wizard.ui.pages.survey_page import SurveyPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.status_line import StatusLine


class ProfileBox(QGroupBox):
    """One profile: its name (editable, with the instance's similar names) and how it stands."""

    def __init__(self, role: ProfileRole, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.about = layouts.wrapped_label("", self)
        self.name = QComboBox(self)
        self.name.setEditable(True)
        self.name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.name.setMinimumWidth(metrics.FIELD_MIN_WIDTH)
        line_edit = self.name.lineEdit()
        assert line_edit is not None  # an editable combo box always has one
        line_edit.setPlaceholderText(self.tr("the profile's name"))
        self.state = StatusLine("", self)
        form = QFormLayout()
        form.setSpacing(metrics.SPACING)
        form.addRow(self.tr("Name"), self.name)
        self.setLayout(layouts.vbox(self.about, form, self.state, margin=metrics.SPACING + 4))

    def set_names(self, wanted: str, suggestions: list[str]) -> None:
        self.name.blockSignals(True)
        self.name.clear()
        self.name.addItems([s for s in suggestions if s != wanted])
        self.name.setEditText(wanted)
        self.name.blockSignals(False)


class ProfilesPage(SurveyPage):
    step_id = StepId.PROFILES

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.set_heading(
            self.tr("Profiles"),
            self.tr(
                "Tickets can only be created in the supplier's instance. So the customer's "
                "instance holds a supplier profile for the supplier, and the supplier's instance "
                "a customer profile for the customer; both allow API access. An existing record "
                "of the same name is used; pick a similar name from the list to use that one."
            ),
        )
        self.boxes = {role.entity: ProfileBox(role, self) for role in profiles.ROLES}
        self.add_section(layouts.row(*self.boxes.values(), stretch=None))
        self.add_section(layouts.row(None, self.check_button, stretch=None))
        self.add_section(self.changes, 1)
        self.add_section(self.manual)
        for box in self.boxes.values():
            line_edit = box.name.lineEdit()
            assert line_edit is not None  # an editable combo box always has one
            line_edit.editingFinished.connect(partial(self.on_name_editingFinished, box))
            box.name.activated.connect(partial(self.on_name_activated, box))
            self.task.guard(box.name)

    def survey_text(self) -> str:
        return self.tr("Looking for the profiles in both instances…")

    async def survey(self, session: Session, progress: Progress) -> ProfileSurvey:
        return await profiles.survey(session)

    def reset(self) -> None:
        super().reset()
        plan = self.plan
        for box in self.boxes.values():
            box.state.set(icons.Mark.PENDING, self.tr("Not checked yet"))
            if plan is None:
                continue
            holder = plan.instance(box.role.side).name
            other = plan.instance(box.role.side.other).name
            if box.role.entity == "Supplier":
                box.setTitle(self.tr("Supplier profile in {instance}").format(instance=holder))
            else:
                box.setTitle(self.tr("Customer profile in {instance}").format(instance=holder))
            box.about.setText(
                self.tr("Represents {other} in {holder}.").format(other=other, holder=holder)
            )
            box.set_names(box.role.plan(plan).name, [])

    def show_survey(self, result: ProfileSurvey) -> None:
        for state in result.states:
            box = self.boxes[state.role.entity]
            box.set_names(state.wanted_name, [name for name, _, _ in state.suggestions])
            box.state.set(*self._state_text(state))
        if self.plan is not None:
            before = [role.plan(self.plan).record_id for role in profiles.ROLES]
            profiles.remember(self.plan, result)
            if before != [role.plan(self.plan).record_id for role in profiles.ROLES]:
                self.planChanged.emit()

    def _state_text(self, state: ProfileState) -> tuple[icons.Mark, str]:
        name, where = state.wanted_name, state.instance
        if state.record is None:
            return icons.Mark.CURRENT, self.tr(
                "Not found in {instance}: it will be created, with API access on."
            ).format(instance=where)
        record_id = state.record.get("id")
        if not state.api_access:
            return icons.Mark.CURRENT, self.tr(
                "Found “{name}” (record {id}); API access is off and will be turned on."
            ).format(name=state.record.get("name", name), id=record_id)
        return icons.Mark.DONE, self.tr("Found “{name}” (record {id}); API access is on.").format(
            name=state.record.get("name", name), id=record_id
        )

    # ---- slots ----

    def on_name_activated(self, box: ProfileBox, _index: int) -> None:
        self.on_name_editingFinished(box)

    def on_name_editingFinished(self, box: ProfileBox) -> None:
        plan = self.plan
        text = " ".join(box.name.currentText().split())
        if plan is None or not text or self.is_busy():
            return
        profile = box.role.plan(plan)
        if text == profile.name:
            return
        profile.name = text
        profile.record_id = None  # found again by the new name
        self.planChanged.emit()
        self.refresh()
