"""Start-up: the window shows before what it does not need yet is imported or built (the
simulator, pages not visited, the demo's instances), and ends up just as before."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from driver import until
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from halo_wizard.plan.model import InstancePlan, StepId, StepStatus
from halo_wizard.ui import app
from halo_wizard.ui.demo import DEMO_PLAN_NAME, Demo, start_demo
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.pages.base import StepPage
from halo_wizard.ui.services import Services

ROOT = Path(__file__).resolve().parents[2]


def modules_after(statement: str) -> set[str]:
    """The modules loaded in a fresh interpreter once `statement` has run."""
    code = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return set(result.stdout.split())


def test_importing_the_window_does_not_import_the_simulator_or_the_step_pages() -> None:
    loaded = modules_after(
        "import halo_wizard.__main__, halo_wizard.cli, halo_wizard.ui.app,"
        " halo_wizard.ui.main_window, halo_wizard.ui.demo"
    )
    assert "halo_wizard.ui.app" in loaded and "halo_wizard.ui.main_window" in loaded
    assert "halo_wizard.journey" in loaded  # the sidebar's steps, without the plan behind them
    assert not [name for name in loaded if name.startswith("halo_wizard.simulator")]
    for page in (
        "halo_wizard.ui.pages.instances",
        "halo_wizard.ui.mapping.page",
        "halo_wizard.ui.pages.action_check",
        "halo_wizard.ui.pages.report",
        "halo_wizard.ui.error_dialog",
        "halo_wizard.steps.exchange",
        # The saved plan and what reads it wait for the first paint too.
        "halo_wizard.plan.model",
        "halo_wizard.plan.store",
        "halo_wizard.plan.freshness",
        "halo_wizard.plan.linked",
        "halo_wizard.api.constants",
    ):
        assert page not in loaded, f"{page} is imported before it is needed"


def test_a_new_window_builds_no_step_page_until_one_is_asked_for(
    make_window: Callable[[], MainWindow],
) -> None:
    window = make_window()
    assert window.all_pages() == []
    assert StepId.REPORT in window.pages and StepId.AGENTS not in window.linked_pages
    assert window.all_pages() == []  # asking whether a step has a page builds none
    report = window.pages[StepId.REPORT]
    assert isinstance(report, StepPage) and report.step_id is StepId.REPORT
    assert window.all_pages() == [report]
    assert window.stack.indexOf(report) >= 0
    assert window.pages[StepId.REPORT] is report  # built once
    with pytest.raises(KeyError):
        window.linked_pages[StepId.AGENTS]


def test_a_page_not_visited_yet_is_built_when_visited_with_the_open_plan(
    make_window: Callable[[], MainWindow], services: Services, run: Callable[[Any], Any]
) -> None:
    async def scenario() -> None:
        window = make_window()
        plan = services.plans.create("Lazy", InstancePlan("A", ""), InstancePlan("B", ""))
        for step in window.steps():
            if step < StepId.REPORT:
                plan.mark_step(step, StepStatus.DONE)
        plan.current_step = StepId.REPORT
        window.open_plan(plan)
        assert {page.step_id for page in window.all_pages()} == {StepId.REPORT}  # only it
        page = window.pages[StepId.REPORT]
        assert window.stack.currentWidget() is page and page.plan is plan
        window.sidebar.stepClicked.emit(int(StepId.REVIEW_APPLY))
        review = window.pages[StepId.REVIEW_APPLY]
        assert window.current_step() is StepId.REVIEW_APPLY and review.plan is plan
        assert window.stack.currentWidget() is review
        for job in window.pending_tasks():
            job.cancel()

    run(scenario())


def test_the_pages_left_are_built_in_idle_time(
    make_window: Callable[[], MainWindow], run: Callable[[Any], Any]
) -> None:
    async def scenario() -> None:
        window = make_window()
        window.build_in_idle_time()
        await until(lambda: len(window.all_pages()) == 16, "every page")
        kinds = {type(page).__name__ for page in window.all_pages()}
        assert {"ExchangePage", "MappingsPage", "LinkedEmailPage", "InstancesPage"} <= kinds
        assert window.exchange is window.all_pages()[-1]
        assert window.stack.currentWidget() is window.connections  # still where it was

    run(scenario())


def test_demo_window_says_it_starts_then_opens_the_same_demo_plan(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, started_demos: list[Demo]
) -> None:
    demos: list[Demo] = started_demos
    # Only the paint itself may let the demo start (never the fallback for a window unpainted).
    monkeypatch.setattr(app, "FIRST_PAINT_WAIT_S", 3600.0)
    seen: dict[str, Any] = {}
    deadline = time.monotonic() + 60

    def window() -> MainWindow | None:
        found = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow)]
        return found[0] if found and found[0].isVisible() else None

    def poke() -> None:
        main = window()
        if time.monotonic() > deadline:
            seen["gave up"] = True
            if main is not None:
                main.close()
            return
        if main is None:
            QTimer.singleShot(5, guarded_poke)
            return
        if "starting" not in seen:
            seen["starting"] = main.stack.currentWidget() is main.starting
            seen["note"] = main.starting.text()
            seen["started before the window"] = demos[0].is_started
            seen["sidebar enabled"] = main.sidebar.isEnabled()
            seen["new plan enabled"] = main.menus.new_action.isEnabled()
            seen["buttons shown"] = main.buttons.isVisible()
        if main.plan is None:
            QTimer.singleShot(10, guarded_poke)
            return
        plan = main.plan
        seen["plan"] = (plan.name, plan.customer.name, plan.supplier.name, plan.current_step)
        seen["urls"] = (plan.customer.base_url, plan.supplier.base_url)
        seen["client ids"] = (plan.customer.client_id, plan.supplier.client_id)
        seen["secrets"] = sorted(main.services.secrets.known_values())
        seen["shown"] = main.current_step()
        seen["ready"] = (main.sidebar.isEnabled(), main.menus.new_action.isEnabled())
        seen["message"] = main.statusBar().currentMessage()
        main.close()

    def guarded_poke() -> None:
        try:
            poke()
        except BaseException as exc:  # a failed check must end the window, not hang it
            seen["error"] = repr(exc)
            main = window()
            if main is not None:
                main.close()

    QTimer.singleShot(0, guarded_poke)
    assert app.run_window(demo=True) == 0
    assert "error" not in seen, seen["error"]
    assert "gave up" not in seen
    assert seen["starting"] and seen["note"] == "Starting the demo instances…"
    assert not seen["started before the window"]
    assert not seen["sidebar enabled"] and not seen["new plan enabled"]
    assert not seen["buttons shown"]
    demo = demos[0]
    customer, supplier = demo.customer, demo.supplier
    assert seen["plan"] == (DEMO_PLAN_NAME, customer.name, supplier.name, StepId.INSTANCES)
    assert seen["urls"] == (customer.url, supplier.url)
    assert customer.application is not None and supplier.application is not None
    assert seen["client ids"] == (customer.application.client_id, supplier.application.client_id)
    secrets = sorted((customer.application.client_secret, supplier.application.client_secret))
    assert all(secret in seen["secrets"] for secret in secrets)
    assert seen["shown"] is StepId.INSTANCES and seen["ready"] == (True, True)
    assert "Contoso and Northwind MSP are simulated" in seen["message"]
    assert not any(instance.running for instance in demo.simulator.instances)
    for widget in qapp.topLevelWidgets():
        widget.close()
        widget.deleteLater()


def test_closing_the_demo_window_while_its_instances_start_stops_them(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    demos: list[Demo] = []
    starting = threading.Event()
    original = Demo.start_instances

    def slow_start(self: Demo) -> None:
        starting.set()
        time.sleep(0.3)  # long enough for the window to close meanwhile
        original(self)

    monkeypatch.setattr(Demo, "start_instances", slow_start)

    def recording_start_demo(scale: int = 1) -> Demo:
        demos.append(start_demo(scale))
        return demos[-1]

    monkeypatch.setattr(app, "start_demo", recording_start_demo)
    seen: dict[str, Any] = {}

    def poke() -> None:
        found = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not found or not starting.is_set():
            QTimer.singleShot(5, poke)
            return
        seen["starting when closed"] = found[0].stack.currentWidget() is found[0].starting
        found[0].close()

    QTimer.singleShot(0, poke)
    assert app.run_window(demo=True) == 0
    assert seen["starting when closed"]
    demo = demos[0]
    assert demo.is_started  # the start under way was let finish, then stopped with the demo
    assert not any(instance.running for instance in demo.simulator.instances)
    assert not Path(demo.folder.name).exists()
    for widget in qapp.topLevelWidgets():
        widget.close()
        widget.deleteLater()


def test_the_benchmark_hook_reports_the_first_paint_and_closes_cleanly(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HALO_WIZARD_HOME": str(tmp_path),
        "HALO_WIZARD_FIRST_PAINT": "1",
    }
    result = subprocess.run(
        [sys.executable, "-m", "halo_wizard", "--demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["first paint"]


def test_the_first_paint_is_seen_once_the_window_has_painted(
    make_window: Callable[[], MainWindow], run: Callable[[Any], Any]
) -> None:
    async def scenario() -> None:
        window = make_window()
        window.hide()
        first = app.FirstPaint(window)
        await asyncio.sleep(0.05)
        assert not first.painted.done()  # hidden: nothing painted yet
        window.show()
        await until(first.painted.done, "the first paint")

    run(scenario())
