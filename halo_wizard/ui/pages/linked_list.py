"""Connected instances, step 4: pick A's ticket list; the matching list in B points at it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit, QWidget

from halo_wizard.plan.linked import linked_of, store_linked
from halo_wizard.plan.model import StepId
from halo_wizard.steps import linked_lists
from halo_wizard.steps.session import Progress, Session
from halo_wizard.ui.pages.survey_page import SurveyPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.status_line import StatusLine


class LinkedListPage(SurveyPage):
    step_id = StepId.PROFILES

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.set_heading(
            self.tr("Linked ticket list"),
            self.tr(
                "Choose the ticket list of instance A that agents of instance B should see (create "
                "it in A first, with its filters). The wizard creates the list in B with its "
                "“Halo API” field set to the connected instance and the list chosen."
            ),
        )
        self.list_combo = QComboBox(self)
        self.list_combo.setAccessibleName(self.tr("Ticket list in instance A"))
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(self.tr("Same name as in A"))
        self.filters = layouts.wrapped_label("", self)
        self.state_line = StatusLine("", self)
        form = QFormLayout()
        form.setSpacing(metrics.SPACING)
        form.addRow(self.tr("List in A"), self.list_combo)
        form.addRow(self.tr("Its filters"), self.filters)
        form.addRow(self.tr("Name in B"), self.name_edit)
        box = QGroupBox(self.tr("The list"), self)
        box.setLayout(
            layouts.vbox(
                form,
                self.state_line,
                layouts.hbox(None, self.check_button),
                margin=metrics.SPACING + 4,
            )
        )
        self.add_section(box)
        self.add_section(self.changes, 1)
        self.add_section(self.manual)
        self.task.guard(self.list_combo, self.name_edit)
        self.list_combo.activated.connect(self.on_list_combo_activated)
        self.name_edit.editingFinished.connect(self.on_name_edit_editingFinished)

    def survey_text(self) -> str:
        return self.tr("Reading the ticket lists of both instances…")

    async def survey(self, session: Session, progress: Progress) -> linked_lists.ListSurvey:
        return await linked_lists.survey_lists(session)

    def survey_ok(self, result: linked_lists.ListSurvey) -> bool:
        return result.linked is not None

    def reset(self) -> None:
        super().reset()
        self.list_combo.clear()
        self.filters.setText("")
        self.name_edit.setText(linked_of(self.plan).linked_list_name if self.plan else "")
        self.state_line.set(icons.Mark.PENDING, self.tr("Not checked yet"))

    def show_survey(self, result: linked_lists.ListSurvey) -> None:
        self.planChanged.emit()
        self.list_combo.blockSignals(True)
        self.list_combo.clear()
        self.list_combo.addItem(self.tr("Choose a list…"), None)
        for view in result.source_lists:
            self.list_combo.addItem(str(view.get("name") or view.get("id")), view.get("id"))
        chosen = result.source.get("id") if result.source else None
        self.list_combo.setCurrentIndex(max(self.list_combo.findData(chosen), 0))
        self.list_combo.blockSignals(False)
        self.filters.setText(
            "<br>".join(result.source_filters) or self.tr("(no filters: every ticket)")
            if result.source
            else ""
        )
        if not result.source_lists:
            self.state_line.set(
                icons.Mark.ATTENTION,
                self.tr("Instance A has no ticket list yet: create one in Halo, then Check again."),
            )
        elif result.connected_instance_id is None:
            self.state_line.set(
                icons.Mark.ATTENTION, self.tr("Create the connected instance first (step 3).")
            )
        elif result.source is None:
            self.state_line.set(icons.Mark.CURRENT, self.tr("Choose the list to share."))
        elif result.linked is None:
            self.state_line.set(icons.Mark.CURRENT, self.tr("The list in B will be created."))
        else:
            self.state_line.set(
                icons.Mark.DONE,
                self.tr("“{name}” in B shows A's list.").format(name=result.linked.get("name")),
            )

    def _remember(self, **values: Any) -> None:
        if self.plan is None:
            return
        linked = linked_of(self.plan)
        for key, value in values.items():
            setattr(linked, key, value)
        store_linked(self.plan, linked)
        self.planChanged.emit()
        self.refresh()

    def on_list_combo_activated(self, index: int) -> None:
        data = self.list_combo.itemData(index)
        self._remember(source_list_id=int(data) if data is not None else None)

    def on_name_edit_editingFinished(self) -> None:
        if (
            self.plan is not None
            and self.name_edit.text().strip() != linked_of(self.plan).linked_list_name
        ):
            self._remember(linked_list_name=self.name_edit.text().strip())
