"""What every step page shares: a title, the plan, a banner when the step is stale, a task panel,
and signals to the window."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from halo_wizard.journey import StepId, StepStatus
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.task_panel import TaskPanel

if TYPE_CHECKING:  # loaded with the first plan, after the window has painted
    from halo_wizard.plan.freshness import Staleness
    from halo_wizard.plan.model import Plan


class StaleBanner(QFrame):
    """A banner: the step is stale, what changed since it was finished, and what to run again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staleBanner")
        self.icon = QLabel(self)
        self.icon.setFixedWidth(metrics.ICON_SIZE + 2)
        self.label = layouts.wrapped_label("", self)
        row = layouts.hbox(self.icon, self.label, margin=metrics.SPACING)
        self.setLayout(row)
        row.setStretch(1, 1)
        self.hide()

    def show_for(
        self, plan: Plan | None, step: StepId, stale: Mapping[StepId, Staleness] | None = None
    ) -> None:
        """`stale` is stale_steps(plan) when the caller has it already."""
        from halo_wizard.plan.freshness import rerun_steps, stale_steps

        if plan is not None and stale is None:
            stale = stale_steps(plan)
        why = stale.get(step) if stale is not None else None
        if plan is None or why is None:
            self.label.setText("")
            self.hide()
            return
        again = rerun_steps(plan, step, stale)
        run = (
            self.tr("Run this step again.")
            if len(again) <= 1
            else self.tr("Run again, in order: {steps}.").format(
                steps=", ".join(step.replace(". ", ".\u00a0") for step in again)
            )
        )
        self.setStyleSheet(
            f"#staleBanner {{ background: {metrics.SUGGESTION_TINT};"
            f" border: 1px solid {metrics.WARNING_COLOR}; border-radius: 4px; }}"
            f" #staleBanner QLabel {{ color: {metrics.TINTED_TEXT}; }}"
        )
        self.icon.setPixmap(
            icons.icon(icons.Mark.STALE).pixmap(metrics.ICON_SIZE, metrics.ICON_SIZE)
        )
        self.label.setText(self.tr("<b>Stale.</b> {why} {run}").format(why=why.reason, run=run))
        self.show()

    def text(self) -> str:
        """What the banner says ("" while hidden)."""
        return "" if self.isHidden() else self.label.text()


class StepPage(QWidget):
    """A page of the journey. The window calls `set_plan`, `enter` and `is_complete`; the page
    answers only through its signals."""

    step_id: StepId = StepId.INSTANCES

    completeChanged = Signal()
    """`is_complete()` may have changed: the window re-reads it for the Next button."""
    planChanged = Signal()
    """The page changed the plan: the window saves it."""
    busyChanged = Signal(bool)
    """A network action started (True) or ended (False)."""
    statusMessage = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.plan: Plan | None = None
        self.task = TaskPanel(self)
        # The window hears a task start or stop once, through completeChanged: each time it
        # hears, it digests the whole plan for the stale marks.
        self.task.runningChanged.connect(self.on_task_runningChanged)
        self.title = layouts.heading("", self, delta=metrics.TITLE_POINT_DELTA)
        self.intro = layouts.wrapped_label("", self)
        self.stale_banner = StaleBanner(self)
        self.body = QWidget(self)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.setSpacing(metrics.SECTION_SPACING)
        # The page's scroll area shadows QWidget.scroll() on purpose (pages and tests use it).
        self.scroll = scroll = QScrollArea(self)  # type: ignore[method-assign, assignment]
        self.scroll_area = scroll
        """The same scroll area, under a name the type checker can follow."""
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        page_layout = layouts.vbox(
            self.title,
            self.intro,
            self.stale_banner,
            metrics.SPACING,
            scroll,
            self.task,
            margin=metrics.MARGIN,
        )
        self.setLayout(page_layout)
        page_layout.setStretchFactor(scroll, 1)

    # ---- called by the window ----

    def set_plan(self, plan: Plan | None) -> None:
        """Show another plan (forget what was surveyed for the previous one)."""
        self.plan = plan
        self.reset()
        self.refresh_freshness()

    def reset(self) -> None:
        """Forget survey results; pages override to clear what they show."""

    def enter(self) -> None:
        """The page is shown: pages override to survey when they have nothing to show yet."""

    def is_complete(self) -> bool:
        return False

    def refresh_freshness(self, stale: Mapping[StepId, Staleness] | None = None) -> None:
        """Show or hide the stale banner for the plan as it is now (the window calls it after
        every change to the plan, with stale_steps(plan) it has already)."""
        self.stale_banner.show_for(self.plan, self.step_id, stale)

    def is_busy(self) -> bool:
        return self.task.is_running()

    def cancel(self) -> None:
        self.task.cancel()

    def pending(self) -> list[asyncio.Task[Any]]:
        """Jobs not finished yet (the window awaits them before the loop ends)."""
        return self.task.pending()

    # ---- for subclasses ----

    def set_heading(self, title: str, intro: str) -> None:
        self.title.setText(title)
        self.intro.setText(intro)

    def add_section(self, widget: QWidget, stretch: int = 0) -> QWidget:
        self.body_layout.addWidget(widget, stretch)
        return widget

    def mark(self, status: StepStatus, note: str = "") -> None:
        """Record where this step stands in the plan (the window saves it)."""
        if self.plan is not None:
            self.plan.mark_step(self.step_id, status, note)
            self.refresh_freshness()
            self.planChanged.emit()

    def update_controls(self) -> None:
        """Enable or disable controls for the current state; pages override."""

    def on_task_runningChanged(self, running: bool) -> None:
        self.update_controls()
        self.completeChanged.emit()
