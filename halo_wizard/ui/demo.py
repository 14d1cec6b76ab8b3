"""Demo mode: the two bundled demo instances in-process, a plan that points at them, and the
question on quitting whether to keep that plan (it lives in a folder the demo deletes)."""

from __future__ import annotations

import asyncio
import logging
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from halo_wizard.journey import JOURNEY_STEPS, Side, StepId, StepStatus
from halo_wizard.secretstore import MemoryStore
from halo_wizard.ui.compat import override
from halo_wizard.ui.dialogs import FileDialogs, documents_folder, safe_file_name
from halo_wizard.ui.services import Services, make_services

if TYPE_CHECKING:  # the plan model loads after the first paint, when the demo plan is made
    from halo_wizard.plan.model import InstancePlan, Plan
    from halo_wizard.simulator import SimulatedInstance, Simulator
    from halo_wizard.ui.main_window import MainWindow

log = logging.getLogger(__name__)

DEMO_PLAN_NAME = "Contoso → Northwind MSP"


@dataclass(slots=True)
class Demo:
    """The demo's throwaway plan folder at once, its two instances once `started()` has run
    (the simulator is imported only then); `stop()` ends both."""

    folder: tempfile.TemporaryDirectory[str] = field(repr=False)
    scale: int = 1
    _simulator: Simulator | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def simulator(self) -> Simulator:
        if self._simulator is None:
            raise RuntimeError("the demo instances are not started yet: await started()")
        return self._simulator

    @property
    def is_started(self) -> bool:
        return self._simulator is not None

    @property
    def customer(self) -> SimulatedInstance:
        return self.simulator.instances[0]

    @property
    def supplier(self) -> SimulatedInstance:
        return self.simulator.instances[1]

    def services(self) -> Services:
        """Plans in the throwaway folder; secrets in memory (demo keys never reach a keychain)."""
        secrets = MemoryStore()
        secrets.description = "kept in memory for this demo session only"
        return make_services(Path(self.folder.name) / "plans", secrets)

    def start_instances(self) -> None:
        """Contoso (sends tickets) and Northwind MSP (receives them), listening on 127.0.0.1
        (once; any thread)."""
        with self._lock:
            if self._simulator is not None:
                return
            from halo_wizard.api import constants as C
            from halo_wizard.simulator import Simulator
            from halo_wizard.simulator.demo import demo_snapshots

            simulator = Simulator()
            for snapshot in demo_snapshots(self.scale):
                name = str(snapshot["instanceinfo"][C.INSTANCE_DISPLAY_NAME])
                simulator.add(snapshot, name=name)
            simulator.start()
            self._simulator = simulator
        log.info("demo instances: %s", ", ".join(f"{i.name} {i.url}" for i in simulator.instances))

    async def started(self) -> None:
        """Start the instances on a worker thread, so the window goes on painting meanwhile."""
        if self._simulator is None:
            await asyncio.get_running_loop().run_in_executor(None, self.start_instances)

    def stop(self) -> None:
        with self._lock:  # a start under way finishes first, then is stopped
            if self._simulator is not None:
                self._simulator.stop()
        self.folder.cleanup()


def start_demo(scale: int = 1) -> Demo:
    """The demo: its plan folder now, its instances with `await demo.started()` (which
    create_demo_plan does), so a window can show before the simulator is even imported."""
    return Demo(tempfile.TemporaryDirectory(prefix="halo_wizard-demo-"), scale)


def _instance_plan(instance: SimulatedInstance) -> InstancePlan:
    from halo_wizard.plan.model import InstancePlan

    application = instance.application
    return InstancePlan(
        instance.name, instance.url, client_id=application.client_id if application else ""
    )


async def create_demo_plan(demo: Demo, services: Services) -> Plan:
    """A new plan on both demo instances (started first if they are not yet), their
    application secrets in the secret store."""
    await demo.started()
    plan = services.plans.create(
        DEMO_PLAN_NAME, _instance_plan(demo.customer), _instance_plan(demo.supplier)
    )
    for side, instance in ((Side.CUSTOMER, demo.customer), (Side.SUPPLIER, demo.supplier)):
        application = instance.application
        if application is not None:
            await services.secrets.set(plan.secret_key_for(side), application.client_secret)
    return plan


def worth_keeping(plan: Plan | None) -> bool:
    """True once the demo plan holds work beyond the two instances it starts with."""
    return plan is not None and any(
        plan.step(step).status is not StepStatus.PENDING
        for step in JOURNEY_STEPS
        if step > StepId.INSTANCES
    )


class QuitAnswer(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def _tr(text: str) -> str:
    return QCoreApplication.translate("DemoQuitGuard", text)


class DemoQuitGuard(QObject):
    """Before the demo window closes with work in its plan: the plan goes away with the demo,
    so offer to save it as a file first (Save / Quit without saving / Cancel)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialogs = FileDialogs()
        self.ask: Callable[[str], QuitAnswer] = self._ask
        """How the admin is asked (tests answer in its place)."""
        self.saved: Path | None = None
        window.installEventFilter(self)

    def question(self) -> str:
        return _tr(
            "The demo plan goes away with the demo: it is kept in a temporary folder that is "
            "deleted when halo_wizard closes.\n\nSave it as a file to keep a copy? It points at "
            "the simulated instances, so it is a record to read or import, not a connection "
            "to real Halo instances."
        )

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        closing = watched is self.window and event.type() == QEvent.Type.Close
        if closing and worth_keeping(self.window.plan) and not self.allow_quit():
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    def allow_quit(self) -> bool:
        """Ask; save when asked to. False keeps the window open."""
        answer = self.ask(self.question())
        if answer is QuitAnswer.CANCEL:
            return False
        if answer is QuitAnswer.SAVE:
            return self.save()
        return True

    def save(self) -> bool:
        plan = self.window.plan
        if plan is None:
            return True
        from halo_wizard.plan.model import PlanError
        from halo_wizard.plan.store import PLAN_SUFFIX, export_plan

        self.window.save_plan(wait=True)
        path = self.dialogs.save_file(
            self.window,
            _tr("Save the demo plan"),
            documents_folder() / (safe_file_name(plan.name) + PLAN_SUFFIX),
            _tr("Plans (*{suffix})").format(suffix=PLAN_SUFFIX),
        )
        if path is None:
            return False  # the save dialog was cancelled: stay
        if not path.name.endswith(PLAN_SUFFIX):
            path = path.with_name(path.name.removesuffix(".json") + PLAN_SUFFIX)
        try:
            export_plan(plan, path, secrets=self.window.services.secrets.known_values())
        except (OSError, PlanError) as exc:
            log.warning("demo plan not saved to %s: %s", path, type(exc).__name__)
            QMessageBox.warning(
                self.window,
                _tr("The demo plan was not saved"),
                _tr("It could not be written to {path}: {why}").format(path=path, why=exc),
            )
            return False
        self.saved = path
        log.info("demo plan saved to %s", path)
        return True

    def _ask(self, question: str) -> QuitAnswer:
        parent: QWidget = self.window
        box = QMessageBox(QMessageBox.Icon.Question, _tr("Quit the demo?"), question)
        box.setParent(parent, box.windowFlags())
        save = box.addButton(_tr("Save plan as file…"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(_tr("Quit without saving"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return QuitAnswer.SAVE
        if clicked is discard:
            return QuitAnswer.DISCARD
        return QuitAnswer.CANCEL
