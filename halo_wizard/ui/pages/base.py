"""What every step page shares: a title, the plan, a task panel, and signals to the window."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from halo_wizard.plan.model import Plan, StepId, StepStatus
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import layouts, metrics
from halo_wizard.ui.widgets.task_panel import TaskPanel


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
        self.task.runningChanged.connect(self.busyChanged)
        self.task.runningChanged.connect(self.on_task_runningChanged)
        self.title = layouts.heading("", self, delta=metrics.TITLE_POINT_DELTA)
        self.intro = layouts.wrapped_label("", self)
        self.body = QWidget(self)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.setSpacing(metrics.SECTION_SPACING)
        self.scroll = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        self.setLayout(
            layouts.vbox(
                self.title,
                self.intro,
                metrics.SPACING,
                scroll,
                self.task,
                margin=metrics.MARGIN,
            )
        )
        self.layout().setStretchFactor(scroll, 1)

    # ---- called by the window ----

    def set_plan(self, plan: Plan | None) -> None:
        """Show another plan (forget what was surveyed for the previous one)."""
        self.plan = plan
        self.reset()

    def reset(self) -> None:
        """Forget survey results; pages override to clear what they show."""

    def enter(self) -> None:
        """The page is shown: pages override to survey when they have nothing to show yet."""

    def is_complete(self) -> bool:
        return False

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
            self.planChanged.emit()

    def update_controls(self) -> None:
        """Enable or disable controls for the current state; pages override."""

    def on_task_runningChanged(self, running: bool) -> None:
        self.update_controls()
        self.completeChanged.emit()
