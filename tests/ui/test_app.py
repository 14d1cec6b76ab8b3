"""`halo-wizard --demo`: the window opens on the demo plan, works, and closes cleanly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from halo_wizard.plan.model import InstancePlan, Side, StepId, StepStatus
from halo_wizard.plan.store import import_plan
from halo_wizard.ui import app
from halo_wizard.ui.demo import DEMO_PLAN_NAME, Demo, DemoQuitGuard, QuitAnswer
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.pages.instances import InstancesPage
from halo_wizard.ui.services import Services


def test_demo_mode_opens_the_demo_plan_and_closes_everything(
    qapp: QApplication, started_demos: list[Demo]
) -> None:
    demos: list[Demo] = started_demos
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
        main.menus.about_action.trigger()
        assert main.menus.about_dialog is not None
        seen["about"] = main.menus.about_dialog.text.toPlainText()
        main.menus.about_dialog.close()
        seen["product"] = main.plan.customer.product
        seen["clients"] = len(main.services.sessions.open_clients())
        main.close()

    QTimer.singleShot(0, poke)
    assert app.run_window(demo=True) == 0
    assert seen["plan"] == DEMO_PLAN_NAME
    assert seen["step"] is StepId.INSTANCES
    assert seen["product"] == "Halo ITSM"
    # About shows the demo's own (temporary) plans folder, not the usual one.
    assert demos[0].folder.name in seen["about"] and "deleted when the demo ends" in seen["about"]
    assert seen["clients"] == 1
    assert seen["provider"].open_clients() == []
    assert demos and not any(instance.running for instance in demos[0].simulator.instances)
    for widget in qapp.topLevelWidgets():
        widget.close()
        widget.deleteLater()


class SaveTo:
    """The save dialog, answered with a path."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.asked = 0

    def save_file(self, parent: Any, title: str, suggested: Path, filters: str) -> Path | None:
        self.asked += 1
        return self.path


def test_quitting_a_demo_with_work_offers_to_save_its_plan(
    make_window: Callable[[], MainWindow],
    services: Services,
    tmp_path: Path,
    run: Callable[[Any], Any],
) -> None:
    async def scenario() -> None:
        window = make_window()
        plan = services.plans.create(
            DEMO_PLAN_NAME, InstancePlan("Contoso", ""), InstancePlan("N", "")
        )
        window.open_plan(plan)
        guard = DemoQuitGuard(window)
        questions: list[str] = []
        answers = [QuitAnswer.CANCEL]

        def ask(question: str) -> QuitAnswer:
            questions.append(question)
            return answers.pop(0)

        guard.ask = ask
        window.close()  # nothing beyond the two instances yet: nothing to lose, no question
        assert not questions and not window.isVisible()

        window.show()
        plan.mark_step(StepId.MAPPINGS, StepStatus.DONE)
        window.close()
        assert questions and "goes away with the demo" in questions[0]
        assert window.isVisible()  # Cancel: the demo goes on

        target = tmp_path / "kept" / "demo.halo-plan.json"
        target.parent.mkdir()
        guard.dialogs = SaveTo(target)  # type: ignore[assignment]
        answers.append(QuitAnswer.SAVE)
        window.close()
        assert not window.isVisible()
        assert guard.saved is not None and guard.saved.is_file()
        kept = import_plan(guard.saved)
        assert kept.name == DEMO_PLAN_NAME and kept.step(StepId.MAPPINGS).status is StepStatus.DONE

    run(scenario())
