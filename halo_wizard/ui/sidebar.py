"""The list of steps on the left, each with how it stands (a stale or skipped step with its own
icon and a tooltip that says why)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QListWidget, QListWidgetItem, QPushButton, QWidget

from halo_wizard.journey import STEP_TITLES, ConnectionKind, StepId, StepStatus
from halo_wizard.ui.widgets import icons, layouts, metrics

if TYPE_CHECKING:  # loaded with the first plan, after the window has painted
    from halo_wizard.plan.freshness import Staleness
    from halo_wizard.plan.model import Plan

STEPS: tuple[StepId, ...] = (
    StepId.INSTANCES,
    StepId.PERMISSIONS,
    StepId.SUPPLIERS_MODULE,
    StepId.PROFILES,
    StepId.CREDENTIAL_SWAP,
    StepId.AGENTS,
    StepId.MAPPINGS,
    StepId.ACTION_CHECK,
    StepId.REVIEW_APPLY,
    StepId.END_TO_END,
    StepId.REPORT,
)
"""The steps this version of the window has pages for."""

_STEP_ROLE = Qt.ItemDataRole.UserRole


def step_mark(
    plan: Plan,
    step: StepId,
    shown: StepId | None,
    stale: Mapping[StepId, Staleness] | None = None,
) -> icons.Mark:
    """The icon of `step`; `stale` is stale_steps(plan) when the caller has it already."""
    from halo_wizard.plan.freshness import stale_steps

    status = plan.step(step).status
    stale = stale_steps(plan, (step,)) if stale is None else stale
    if status is StepStatus.ATTENTION:
        return icons.Mark.ATTENTION
    if step in stale:
        return icons.Mark.STALE
    if status is StepStatus.SKIPPED:
        return icons.Mark.SKIPPED
    if status is StepStatus.DONE:
        return icons.Mark.DONE
    if step == shown or status is StepStatus.CURRENT:
        return icons.Mark.CURRENT
    return icons.Mark.PENDING


def step_tooltip(plan: Plan, step: StepId, stale: Mapping[StepId, Staleness] | None = None) -> str:
    """How the step stands, in a sentence or two: why it is stale, why it was skipped."""
    from halo_wizard.plan.freshness import stale_steps
    from halo_wizard.steps.exchange import waits_for_partner  # heavy: not before a plan is open

    state = plan.step(step)
    why = (stale_steps(plan, (step,)) if stale is None else stale).get(step)
    words = {
        StepStatus.DONE: "Done",
        StepStatus.ATTENTION: "Needs attention",
        StepStatus.SKIPPED: "Skipped",
        StepStatus.CURRENT: "Not finished yet",
        StepStatus.PENDING: "Not started yet",
    }
    text = words[state.status] + (f": {state.note}" if state.note else "")
    if waits_for_partner(plan, step):
        text = "Waits for your partner's file: open it on the partner exchange page.\n" + text
    if why is not None:
        text = f"Stale. {why.reason} Run this step again.\n{text}"
    return text


def reachable(plan: Plan, step: StepId, steps: tuple[StepId, ...] = STEPS) -> bool:
    """A step may be opened once every step before it was done (or skipped) at least once."""
    finished = (StepStatus.DONE, StepStatus.SKIPPED)
    return all(plan.step(s).status in finished for s in steps if s < step)


class Sidebar(QFrame):
    """Plan name, the way back to the plan list, and steps 1 to 6 with state icons."""

    stepClicked = Signal(int)
    plansClicked = Signal()
    exchangeClicked = Signal()
    """The exchange with the partner's admin (a plan set up with a partner)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setFixedWidth(metrics.SIDEBAR_WIDTH)
        self.setStyleSheet(
            "#sidebar { background: palette(alternate-base);"
            " border-right: 1px solid palette(mid); }"
        )
        self.plan_name = layouts.heading("", self, delta=1)
        self.plan_name.setWordWrap(True)
        self.plans_button = QPushButton(self.tr("‹ All plans"), self)
        self.plans_button.setFlat(True)
        self.plans_button.setStyleSheet("text-align: left; padding: 2px 0;")
        self.exchange_button = QPushButton(self.tr("⇄ Exchange with your partner"), self)
        self.exchange_button.setFlat(True)
        self.exchange_button.setStyleSheet("text-align: left; padding: 2px 0;")
        self.exchange_button.setToolTip(
            self.tr("The invitation and the reply you and your partner's admin exchange")
        )
        self.exchange_button.hide()
        self.steps = QListWidget(self)
        self.steps.setFrameShape(QFrame.Shape.NoFrame)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps.setIconSize(QSize(metrics.ICON_SIZE, metrics.ICON_SIZE))
        self.steps.setSpacing(3)
        self.steps.setStyleSheet("QListWidget { background: transparent; }")
        self.step_list: tuple[StepId, ...] = ()
        self._titles: tuple[str, ...] = ()
        self.set_steps(STEPS, STEP_TITLES)
        self.setLayout(
            layouts.vbox(
                self.plans_button,
                self.plan_name,
                self.exchange_button,
                metrics.SPACING,
                self.steps,
                margin=metrics.MARGIN - 4,
            )
        )
        self.plans_button.clicked.connect(self.plansClicked)
        self.exchange_button.clicked.connect(self.exchangeClicked)
        self.steps.itemClicked.connect(self.on_steps_itemClicked)

    def set_steps(self, steps: tuple[StepId, ...], titles: Mapping[StepId, str]) -> None:
        """Show another list of steps (a plan's kind of connection has its own)."""
        shown = tuple(titles[s] for s in steps)
        if steps == self.step_list and shown == self._titles:
            return
        self.step_list, self._titles = steps, shown
        self.steps.clear()
        for number, step in enumerate(steps, start=1):
            item = QListWidgetItem(f"{number}.  {self.tr(titles[step])}")
            item.setData(_STEP_ROLE, int(step))
            item.setSizeHint(QSize(metrics.SIDEBAR_WIDTH - 2 * metrics.MARGIN, 34))
            self.steps.addItem(item)

    def show_plan(
        self,
        plan: Plan | None,
        shown: StepId | None,
        busy: bool = False,
        stale: Mapping[StepId, Staleness] | None = None,
        *,
        exchange: bool = False,
    ) -> None:
        """Refresh the icons, what may be clicked, and which step is shown (`exchange`: the
        exchange with the partner is); `stale` is stale_steps(plan) when the caller has it."""
        self.plan_name.setText(plan.name if plan is not None else self.tr("No plan open"))
        paired = (
            plan is not None
            and plan.pairing is not None
            and plan.kind is ConnectionKind.TICKET_SYNC
        )
        self.exchange_button.setVisible(paired)
        self.exchange_button.setEnabled(not busy)
        font = self.exchange_button.font()
        font.setBold(exchange)
        self.exchange_button.setFont(font)
        if plan is not None:
            from halo_wizard.steps.exchange import waits_for_partner  # heavy: not before a plan

        self.steps.blockSignals(True)
        if stale is None and plan is not None:
            from halo_wizard.plan.freshness import stale_steps

            stale = stale_steps(plan, self.step_list)
        elif stale is None:
            stale = {}
        for row in range(self.steps.count()):
            item = self.steps.item(row)
            step = StepId(int(item.data(_STEP_ROLE)))
            if plan is None:
                item.setIcon(icons.icon(icons.Mark.PENDING))
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setToolTip("")
                continue
            item.setIcon(icons.icon(step_mark(plan, step, shown, stale)))
            item.setToolTip(step_tooltip(plan, step, stale))
            enabled = not busy and (reachable(plan, step, self.step_list) or step == shown)
            enabled = enabled and not waits_for_partner(plan, step)
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags if enabled else Qt.ItemFlag.NoItemFlags)
            item.setSelected(step == shown)
            font = item.font()
            font.setBold(step == shown)
            item.setFont(font)
        self.steps.blockSignals(False)
        self.plans_button.setEnabled(not busy)

    def on_steps_itemClicked(self, item: QListWidgetItem) -> None:
        self.stepClicked.emit(int(item.data(_STEP_ROLE)))
