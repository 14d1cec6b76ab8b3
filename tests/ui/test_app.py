"""`halo-wizard --demo`: the window opens on the demo plan, works, and closes cleanly."""

from __future__ import annotations

import sys
import threading
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from halo_wizard.plan.model import Side, StepId
from halo_wizard.ui import app
from halo_wizard.ui.demo import DEMO_PLAN_NAME, Demo, start_demo
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.pages.instances import InstancesPage


def test_demo_mode_opens_the_demo_plan_and_closes_everything(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_window installs its own
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    demos: list[Demo] = []

    def recording_start_demo(scale: int = 1) -> Demo:
        demos.append(start_demo(scale))
        return demos[-1]

    monkeypatch.setattr(app, "start_demo", recording_start_demo)
    seen: dict[str, Any] = {}

    def window() -> MainWindow | None:
        found = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow)]
        return found[0] if found and found[0].isVisible() else None

    def poke() -> None:
        main = window()
        page = main.pages[StepId.INSTANCES] if main is not None else None
        if main is None or not isinstance(page, InstancesPage):
            QTimer.singleShot(10, poke)
            return
        form = page.forms[Side.CUSTOMER]
        if "started" not in seen:
            if form.instance is None or not form.secret.value():
                QTimer.singleShot(10, poke)
                return
            seen["started"] = True
            seen["plan"] = main.plan.name if main.plan else None
            seen["step"] = main.current_step()
            seen["provider"] = main.services.sessions
            form.test_button.click()
        if form.task.is_running() or main.plan is None or not main.plan.customer.last_tested:
            QTimer.singleShot(10, poke)
            return
        seen["product"] = main.plan.customer.product
        seen["clients"] = len(main.services.sessions.open_clients())
        main.close()

    QTimer.singleShot(0, poke)
    assert app.run_window(demo=True) == 0
    assert seen["plan"] == DEMO_PLAN_NAME
    assert seen["step"] is StepId.INSTANCES
    assert seen["product"] == "Halo ITSM"
    assert seen["clients"] == 1
    assert seen["provider"].open_clients() == []
    assert demos and not any(instance.running for instance in demos[0].simulator.instances)
    for widget in qapp.topLevelWidgets():
        widget.close()
        widget.deleteLater()
