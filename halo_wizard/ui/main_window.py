"""The main window: steps in a sidebar, one page per step, Back and Next, the plan kept saved."""

from __future__ import annotations

import asyncio
import importlib
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from halo_wizard.files import os_reason
from halo_wizard.journey import (
    LINKED_STEP_TITLES,
    STEP_TITLES,
    ConnectionKind,
    StepId,
    StepStatus,
    steps_for,
)
from halo_wizard.ui.compat import override
from halo_wizard.ui.menus import Menus
from halo_wizard.ui.pages.base import StepPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.sidebar import STEPS, Sidebar
from halo_wizard.ui.widgets import layouts, metrics
from halo_wizard.ui.widgets.task_panel import any_task_running, spawned_tasks

if TYPE_CHECKING:  # the plan model loads with the first plan, after the window has painted
    from halo_wizard.plan.freshness import Staleness
    from halo_wizard.plan.model import Plan, PlanError
    from halo_wizard.ui.pages.connections import ConnectionsPage
    from halo_wizard.ui.pages.exchange import ExchangePage

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 700
SAVE_WAITS_FOR_TASK_S = 15.0
"""How long a change-driven save gives way to a running task (a report being written, a read)
before it is made all the same: the save's checks and write compete with the task's thread for
the interpreter, and the window would wait on both."""
"""Edits are saved this long after the last one (steps and closing save at once)."""

PageKey = tuple[str, StepId | None]
"""A page of the window: ("ticket", step), ("linked", step) or ("exchange", None)."""

EXCHANGE: PageKey = ("exchange", None)

_PAGE_CLASSES: dict[PageKey, tuple[str, str]] = {
    ("ticket", StepId.INSTANCES): ("halo_wizard.ui.pages.instances", "InstancesPage"),
    ("ticket", StepId.PERMISSIONS): ("halo_wizard.ui.pages.permissions", "PermissionsPage"),
    ("ticket", StepId.SUPPLIERS_MODULE): (
        "halo_wizard.ui.pages.suppliers_module",
        "SuppliersModulePage",
    ),
    ("ticket", StepId.PROFILES): ("halo_wizard.ui.pages.profiles", "ProfilesPage"),
    ("ticket", StepId.CREDENTIAL_SWAP): (
        "halo_wizard.ui.pages.exchange",
        "PairedCredentialSwapPage",
    ),
    ("ticket", StepId.AGENTS): ("halo_wizard.ui.pages.agents", "AgentsPage"),
    ("ticket", StepId.MAPPINGS): ("halo_wizard.ui.mapping.page", "MappingsPage"),
    ("ticket", StepId.ACTION_CHECK): ("halo_wizard.ui.pages.action_check", "ActionCheckPage"),
    ("ticket", StepId.REVIEW_APPLY): ("halo_wizard.ui.pages.review_apply", "ReviewApplyPage"),
    ("ticket", StepId.END_TO_END): ("halo_wizard.ui.pages.end_to_end", "EndToEndPage"),
    ("ticket", StepId.REPORT): ("halo_wizard.ui.pages.report", "ReportPage"),
    # A connected-instances plan (a shared ticket list) has its own pages for steps 2-5.
    ("linked", StepId.PERMISSIONS): (
        "halo_wizard.ui.pages.linked_application",
        "LinkedApplicationPage",
    ),
    ("linked", StepId.SUPPLIERS_MODULE): (
        "halo_wizard.ui.pages.linked_connection",
        "LinkedConnectionPage",
    ),
    ("linked", StepId.PROFILES): ("halo_wizard.ui.pages.linked_list", "LinkedListPage"),
    ("linked", StepId.CREDENTIAL_SWAP): ("halo_wizard.ui.pages.linked_email", "LinkedEmailPage"),
    # With a partner managing the other instance: the exchange of files, between steps.
    EXCHANGE: ("halo_wizard.ui.pages.exchange", "ExchangePage"),
}
"""Where each page's class is: a module is imported when its first page is built."""

_LINKED_STEPS: tuple[StepId, ...] = (
    StepId.INSTANCES,
    StepId.PERMISSIONS,
    StepId.SUPPLIERS_MODULE,
    StepId.PROFILES,
    StepId.CREDENTIAL_SWAP,
)


class PageBook(Mapping[StepId, StepPage]):
    """The pages of one kind of plan by step; a page is built the first time it is asked for."""

    def __init__(
        self, kind: str, steps: tuple[StepId, ...], build: Callable[[PageKey], StepPage]
    ) -> None:
        self.kind = kind
        self._steps = steps
        self._build = build

    def key(self, step: StepId) -> PageKey:
        # Both kinds of plan share the instances page.
        return ("ticket", step) if step is StepId.INSTANCES else (self.kind, step)

    @override
    def __getitem__(self, step: StepId) -> StepPage:
        if step not in self._steps:
            raise KeyError(step)
        return self._build(self.key(step))

    @override
    def __contains__(self, step: object) -> bool:
        return step in self._steps  # without building the page

    @override
    def __iter__(self) -> Iterator[StepId]:
        return iter(self._steps)

    @override
    def __len__(self) -> int:
        return len(self._steps)


class _SaveAnswers(QObject):
    """Carries a background save's answer from the store's worker thread to the window's (a
    signal emitted on another thread is queued to the receiver's)."""

    answered = Signal(str, object)


class MainWindow(QMainWindow):
    """Owns the pages and the open plan; pages speak to it only through their signals."""

    closed = Signal()
    """The window was closed: the application closes its connections, then quits."""

    def __init__(
        self, services: Services, parent: QWidget | None = None, *, starting: bool = False
    ) -> None:
        """`starting`: the demo's instances are starting; the window says so instead of any page
        until set_starting(None)."""
        super().__init__(parent)
        self.services = services
        self.plan: Plan | None = None
        self.setWindowTitle("halo_wizard")
        self.resize(*metrics.WINDOW_SIZE)
        self.sidebar = Sidebar(self)
        self.stack = QStackedWidget(self)
        self._connections: ConnectionsPage | None = None
        """The first page, built when first shown (the demo paints "Starting..." first)."""
        self._built: dict[PageKey, StepPage] = {}
        self._unbuilt: list[PageKey] = list(_PAGE_CLASSES)
        """Pages to build in idle time (build_in_idle_time), in this order."""
        self._idle_timer = QTimer(self)
        self._idle_timer.setInterval(0)
        self._idle_timer.timeout.connect(self.build_some_pages)
        self.ticket_pages: PageBook = PageBook("ticket", STEPS, self.page)
        self.linked_pages: PageBook = PageBook("linked", _LINKED_STEPS, self.page)
        self.pages: PageBook = self.ticket_pages
        self.starting = QLabel(self)
        """Shown instead of any page while the window is not ready (the demo's instances start)."""
        self.starting.setObjectName("startingNote")
        self.starting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.starting.setWordWrap(True)
        self.stack.addWidget(self.starting)
        self.back_button = QPushButton(self.tr("‹ Back"), self)
        self.next_button = QPushButton(self.tr("Next ›"), self)
        self.next_button.setDefault(True)
        for button in (self.back_button, self.next_button):
            button.setMinimumWidth(metrics.BUTTON_MIN_WIDTH)
        self.buttons = QFrame(self)
        self.buttons.setFrameShape(QFrame.Shape.NoFrame)
        self.buttons.setLayout(
            layouts.hbox(None, self.back_button, self.next_button, margin=metrics.SPACING + 4)
        )
        content = QWidget(self)
        content.setLayout(layouts.vbox(self.stack, self.buttons, spacing=0))
        central = QWidget(self)
        central.setLayout(layouts.hbox(self.sidebar, content, spacing=0))
        self.setCentralWidget(central)
        self.statusBar().showMessage(
            self.tr("Client secrets are {where}.").format(where=services.secrets.description)
        )
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.on_save_timer_timeout)
        self._save_waiting_since: float | None = None
        self.clock: Callable[[], float] = time.monotonic
        """When the change-driven save first gave way to a running task (None: it has not)."""
        self._saves = _SaveAnswers(self)
        self._saves.answered.connect(self.on_saves_answered)

        self.sidebar.stepClicked.connect(self.on_sidebar_stepClicked)
        self.sidebar.plansClicked.connect(self.on_sidebar_plansClicked)
        self.sidebar.exchangeClicked.connect(self.show_exchange)
        self.back_button.clicked.connect(self.on_back_button_clicked)
        self.next_button.clicked.connect(self.on_next_button_clicked)
        self.menus = Menus(self)  # menu bar, shortcuts, icon, remembered size and position
        if starting:
            self.set_starting(self.tr("Starting the demo instances…"))
        else:
            self.show_connections()

    @property
    def connections(self) -> ConnectionsPage:
        """The first page: every connection of this machine (built when first needed)."""
        if self._connections is None:
            from halo_wizard.ui.pages.connections import ConnectionsPage

            page = ConnectionsPage(self.services, self)
            self.stack.addWidget(page)
            page.openRequested.connect(self.on_connections_openRequested)
            page.newRequested.connect(self.on_connections_newRequested)
            page.newLinkedRequested.connect(self.on_connections_newLinkedRequested)
            page.deleted.connect(self.on_connections_deleted)
            page.statusMessage.connect(self.show_message)
            self._connections = page
        return self._connections

    # ---- plans ----

    def open_plan(self, plan: Plan, *, exchange: bool = False) -> None:
        """Show `plan`, resuming at its current step (or at the exchange with the partner)."""
        self.save_plan()
        for page in self.all_pages():
            page.cancel()
        self.plan = plan
        linked = plan.kind is ConnectionKind.CONNECTED_INSTANCES
        self.pages = self.linked_pages if linked else self.ticket_pages
        self.sidebar.set_steps(self.steps(), LINKED_STEP_TITLES if linked else STEP_TITLES)
        self.services.sessions.set_plan(plan)
        for page in self.all_pages():
            page.set_plan(plan)
        step = plan.current_step
        if step not in self.pages:
            step = StepId.INSTANCES if step < StepId.INSTANCES else self.steps()[-1]
        self.setWindowTitle(f"halo_wizard · {plan.name}")
        if exchange:
            self.show_exchange()
        else:
            self.show_step(step)

    def on_save_timer_timeout(self) -> None:
        """The save after a change: once no page's task runs, or SAVE_WAITS_FOR_TASK_S later."""
        now = self.clock()
        if any_task_running():
            if self._save_waiting_since is None:
                self._save_waiting_since = now
            if now - self._save_waiting_since < SAVE_WAITS_FOR_TASK_S:
                self._save_timer.start()
                return
        self.save_plan()

    def save_plan(self, *, wait: bool = False) -> None:
        """Save the plan (atomically) on the store's worker thread, so a large plan never holds
        up the window; `wait`: until it is written. The secrets known this session must not be in
        it; a save that fails is said when its answer comes back."""
        self._save_timer.stop()
        self._save_waiting_since = None
        if self.plan is None:
            return
        from halo_wizard.plan.model import PlanError

        try:
            future = self.services.plans.save_in_background(
                self.plan, secrets=self.services.secrets.known_values()
            )
        except PlanError as exc:  # e.g. a name that clashes with a section: never written
            self._said_not_saved(exc)
            return
        plan_id = self.plan.id
        future.add_done_callback(lambda done: self._saves.answered.emit(plan_id, done))
        if wait:
            self.services.plans.flush()

    def on_saves_answered(self, plan_id: str, future: Future[object]) -> None:
        """A background save's answer, back on the window's thread."""
        from halo_wizard.plan.model import PlanError

        exc = future.exception()
        if exc is None:
            return
        if isinstance(exc, OSError):
            log.warning("could not save plan %s: %s", plan_id, os_reason(exc))
            self.show_message(
                self.tr(
                    "The plan could not be saved ({why}). Free some disk space or make its folder "
                    "writable; your changes stay in this window and are saved with the next change."
                ).format(why=os_reason(exc))
            )
        elif isinstance(exc, PlanError):  # e.g. a secret pasted into a name: never written
            self._said_not_saved(exc)
        else:
            log.error("plan %s not saved", plan_id, exc_info=exc)
            self.show_message(self.tr("The plan was not saved: {why}").format(why=exc))

    def _said_not_saved(self, exc: PlanError) -> None:
        log.warning("plan not saved: %s", exc.field or "invalid")
        self.show_message(self.tr("The plan was not saved: {why}").format(why=exc))

    # ---- pages ----

    def page(self, key: PageKey) -> StepPage:
        """The page `key`, built now if it was not yet (given the open plan)."""
        page = self._built.get(key)
        if page is not None:
            return page
        module, name = _PAGE_CLASSES[key]
        if key in self._unbuilt:
            self._unbuilt.remove(key)  # first: a page that fails to build is not retried idly
        started = time.perf_counter()
        page = getattr(importlib.import_module(module), name)(self.services, self)
        assert isinstance(page, StepPage)
        self._built[key] = page
        self.stack.addWidget(page)
        page.completeChanged.connect(self.update_buttons)
        page.planChanged.connect(self.on_page_planChanged)
        page.busyChanged.connect(self.on_page_busyChanged)
        page.statusMessage.connect(self.show_message)
        if key == ("ticket", StepId.INSTANCES):
            page.rolesSwapped.connect(self.on_instances_rolesSwapped)  # type: ignore[attr-defined]
        elif key == ("ticket", StepId.ACTION_CHECK):
            page.showMappingRequested.connect(  # type: ignore[attr-defined]
                self.on_check_showMappingRequested
            )
            page.showStepRequested.connect(self.show_step)  # type: ignore[attr-defined]
        elif key == EXCHANGE:
            page.planReplaced.connect(self.on_exchange_planReplaced)  # type: ignore[attr-defined]
        if self.plan is not None:
            page.set_plan(self.plan)
        log.debug("page %s built in %.0f ms", name, (time.perf_counter() - started) * 1000)
        return page

    @property
    def exchange(self) -> ExchangePage:
        """The exchange of files with the partner's admin (built when first asked for)."""
        return cast("ExchangePage", self.page(EXCHANGE))

    def _is_exchange(self, widget: QWidget | None) -> bool:
        return widget is not None and widget is self._built.get(EXCHANGE)

    def build_in_idle_time(self) -> None:
        """Build the pages not visited yet, one per turn of the loop (each takes well under
        50 ms once its module's byte code is cached), so the window never waits long."""
        if self._unbuilt:
            self._idle_timer.start()

    def build_some_pages(self) -> None:
        """One turn of idle building: one page (the loop handles what waits between two)."""
        if self._unbuilt:
            self.page(self._unbuilt[0])
        if not self._unbuilt:
            self._idle_timer.stop()

    def all_pages(self) -> list[StepPage]:
        """Every page built so far, of both kinds of plan, once each (the others are built
        with the plan that is open then, so there is nothing to tell them before)."""
        return [self._built[key] for key in _PAGE_CLASSES if key in self._built]

    def set_starting(self, text: str | None) -> None:
        """`text` instead of any page, nothing to click but Quit, until called with None."""
        self.sidebar.setEnabled(text is None)
        self.menus.new_action.setEnabled(text is None)
        if text is None:
            self.starting.clear()
            self.show_connections()
            return
        self.starting.setText(text)
        self.stack.setCurrentWidget(self.starting)
        self.buttons.hide()

    def steps(self) -> tuple[StepId, ...]:
        """The steps of the open plan's kind of connection."""
        return (steps_for(self.plan.kind) if self.plan else None) or STEPS

    def step_after(self, step: StepId, offset: int) -> StepId:
        steps = self.steps()
        return steps[min(max(steps.index(step) + offset, 0), len(steps) - 1)]

    def current_step(self) -> StepId | None:
        widget = self.stack.currentWidget()
        if self._is_exchange(widget):
            return None  # between steps
        return widget.step_id if isinstance(widget, StepPage) else None

    def current_page(self) -> StepPage | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, StepPage) else None

    def show_connections(self) -> None:
        self.save_plan()
        self.connections.refresh(select=self.plan.id if self.plan is not None else None)
        self.stack.setCurrentWidget(self.connections)
        self.buttons.hide()
        self.sidebar.show_plan(self.plan, None)

    def show_step(self, step: StepId) -> None:
        if self.plan is None:
            return
        from halo_wizard.steps.exchange import waits_for_partner  # heavy: not before a plan

        if waits_for_partner(self.plan, step):
            self.show_exchange()  # nothing to do on that step before the partner's file is in
            return
        page = self.pages[step]
        self.plan.current_step = step
        if self.plan.step(step).status is StepStatus.PENDING:
            self.plan.mark_step(step, StepStatus.CURRENT)
        self.stack.setCurrentWidget(page)
        self.buttons.show()
        page.enter()
        self.update_buttons()
        self.save_plan()

    def show_exchange(self) -> None:
        """The exchange of files with the partner's admin (a plan set up with a partner)."""
        if self.plan is None or self.plan.pairing is None:
            return
        self.stack.setCurrentWidget(self.exchange)
        self.buttons.show()
        self.exchange.enter()
        self.update_buttons()
        self.save_plan()

    def update_buttons(self) -> None:
        page = self.current_page()
        busy = page is not None and page.is_busy()
        step = self.current_step()
        between = self._is_exchange(page)
        self.back_button.setEnabled(
            not busy and (between or (step is not None and step > self.steps()[0]))
        )
        self.next_button.setEnabled(not busy and page is not None and page.is_complete())
        last = step == self.steps()[-1]
        self.next_button.setText(self.tr("Finish") if last else self.tr("Next ›"))
        stale: Mapping[StepId, Staleness] = {}
        if self.plan is not None:
            from halo_wizard.plan.freshness import stale_steps

            stale = stale_steps(self.plan, self.steps())
        self.sidebar.show_plan(self.plan, step, busy, stale, exchange=between)
        if page is not None:
            page.refresh_freshness(stale)  # the stale banner follows every change to the plan
        if self.plan is not None:
            self.setWindowTitle(f"halo_wizard · {self.plan.name}")

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10_000)

    # ---- slots ----

    def on_page_planChanged(self) -> None:
        self._save_timer.start()
        self.update_buttons()

    def on_page_busyChanged(self, _busy: bool) -> None:
        self.update_buttons()

    def on_connections_openRequested(self, plan_id: str) -> None:
        if self.plan is not None and self.plan.id == plan_id:
            self.open_plan(self.plan)
            return
        from halo_wizard.plan.store import PlanFileError

        try:
            plan = self.services.plans.open(plan_id)
        except PlanFileError as exc:
            self.connections.problem.show_problem(self.tr("This plan cannot be opened"), str(exc))
            return
        self.open_plan(plan)

    def on_connections_newRequested(self) -> None:
        from halo_wizard.plan.model import InstancePlan
        from halo_wizard.ui.pages.instances import NEW_PLAN_NAME

        plan = self.services.plans.create(NEW_PLAN_NAME, InstancePlan("", ""), InstancePlan("", ""))
        self.open_plan(plan)
        self.show_message(
            self.tr("New plan started: say who manages the instances, then enter them.")
        )

    def on_connections_newLinkedRequested(self) -> None:
        from halo_wizard.plan.model import InstancePlan
        from halo_wizard.ui.pages.instances import NEW_PLAN_NAME

        plan = self.services.plans.create(
            NEW_PLAN_NAME,
            InstancePlan("", ""),
            InstancePlan("", ""),
            kind=ConnectionKind.CONNECTED_INSTANCES,
        )
        self.open_plan(plan)
        self.show_message(
            self.tr("New shared ticket list: enter instance A (left) and instance B (right).")
        )

    def on_connections_deleted(self, plan_id: str) -> None:
        if self.plan is not None and self.plan.id == plan_id:
            for page in self.all_pages():
                page.cancel()
            self.plan = None
            self.services.sessions.set_plan(None)
            for page in self.all_pages():
                page.set_plan(None)
            self.setWindowTitle("halo_wizard")
        self.sidebar.show_plan(self.plan, None)
        self.show_message(self.tr("Plan moved to the trash folder."))

    def on_sidebar_stepClicked(self, step: int) -> None:
        if StepId(step) != self.current_step():
            self.show_step(StepId(step))

    def on_sidebar_plansClicked(self) -> None:
        self.show_connections()

    def on_instances_rolesSwapped(self) -> None:
        """After a swap of roles, every later page forgets what it read with the old roles."""
        for page in self.all_pages():
            if page.step_id is not StepId.INSTANCES:
                page.set_plan(self.plan)
        self.update_buttons()

    def on_check_showMappingRequested(self, receiver: Any, kind: Any, remote_id: Any) -> None:
        """'Show me' on a finding about a mapping: open that row on the mappings page."""
        from halo_wizard.ui.mapping.page import MappingsPage

        page = self.pages[StepId.MAPPINGS]
        assert isinstance(page, MappingsPage)
        self.show_step(StepId.MAPPINGS)
        if not page.show_mapping(receiver, kind, remote_id):
            self.show_message(self.tr("That mapping row is not in the table any more."))

    def on_exchange_planReplaced(self, plan: Plan) -> None:
        """An invitation or reply was opened into a plan of the same id: open it instead."""
        self.open_plan(plan, exchange=True)

    def on_back_button_clicked(self) -> None:
        if self._is_exchange(self.current_page()):
            self.show_step(self.exchange.back_step())
            return
        step = self.current_step()
        if step is not None and step > self.steps()[0]:
            self.show_step(self.step_after(step, -1))

    def on_next_button_clicked(self) -> None:
        from halo_wizard.steps.exchange import exchange_due_after
        from halo_wizard.ui.pages.end_to_end import SKIP_PREFIX

        if self._is_exchange(self.current_page()):
            if self.exchange.is_complete():
                self.show_step(self.exchange.continue_step())
            return
        page, step = self.current_page(), self.current_step()
        if self.plan is None or page is None or step is None or not page.is_complete():
            return
        state = self.plan.step(step)
        if state.status is StepStatus.ATTENTION and state.note.startswith(SKIP_PREFIX):
            # Skipped (the end-to-end test): says so, with its reason, never "done".
            self.plan.mark_step(step, StepStatus.SKIPPED, state.note.removeprefix(SKIP_PREFIX))
        elif state.status is not StepStatus.SKIPPED:  # keep a skip and its reason
            self.plan.mark_step(step, StepStatus.DONE)
        if step == self.steps()[-1]:
            self.plan.current_step = step
            self.save_plan()
            self.update_buttons()
            self.show_message(self.tr("Every step is done. The plan is saved."))
            return
        if exchange_due_after(self.plan, step):
            self.show_exchange()
            return
        self.show_step(self.step_after(step, 1))

    def pending_tasks(self) -> list[asyncio.Task[Any]]:
        """Every job and background task not finished yet (awaited before the loop ends)."""
        tasks: list[asyncio.Task[Any]] = list(spawned_tasks())
        if self._connections is not None:
            tasks.extend(self._connections.pending())
        for page in self.all_pages():
            tasks.extend(page.pending())
        return tasks

    async def wind_down(self) -> None:
        """Cancel what runs, let it clean up, and close the connections (loop still running)."""
        if self._connections is not None:
            self._connections.cancel()
        for page in self.all_pages():
            page.cancel()
        pending = self.pending_tasks()
        if pending:
            await asyncio.wait(pending)
        await self.services.sessions.aclose()

    # ---- Qt overrides ----

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._connections is not None:
            self._connections.cancel()
            self._connections.close_reader()
        for page in self.all_pages():
            page.cancel()
        self.save_plan(wait=True)
        self.menus.save_window_state()
        super().closeEvent(event)
        self.closed.emit()
