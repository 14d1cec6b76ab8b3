"""Runs one network action as an asyncio task: counting progress, Cancel, and errors in words."""

from __future__ import annotations

import asyncio
import logging
import sys
import weakref
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QWidget

from halo_wizard.api.errors import HaloError
from halo_wizard.ui.widgets import layouts, metrics
from halo_wizard.ui.widgets.error_panel import ErrorPanel

if TYPE_CHECKING:  # the session module loads the HTTP client: not needed to paint the window
    from halo_wizard.steps.session import Progress

log = logging.getLogger(__name__)

T = TypeVar("T")
Job = Callable[["Progress"], Awaitable[T]]


def current_loop() -> asyncio.AbstractEventLoop:
    """The qasync loop, whether or not a coroutine is running on it right now."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.get_event_loop_policy().get_event_loop()


_spawned: set[asyncio.Task[None]] = set()


def spawn(coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
    """Run a short background coroutine; anything it raises goes to the excepthook."""
    task = current_loop().create_task(coro)
    _spawned.add(task)
    task.add_done_callback(_report_failure)
    return task


def spawned_tasks() -> list[asyncio.Task[None]]:
    """Background coroutines still running (to be awaited before the loop ends)."""
    return [task for task in _spawned if not task.done()]


_running_panels: weakref.WeakSet[TaskPanel] = weakref.WeakSet()


def any_task_running() -> bool:
    """Whether some page's task (a read, an auto-map, a write...) is under way."""
    return any(panel.is_running() for panel in _running_panels)


def _report_failure(task: asyncio.Task[None]) -> None:
    _spawned.discard(task)
    if task.cancelled():
        return
    exc = task.exception()
    if exc is not None:
        sys.excepthook(type(exc), exc, exc.__traceback__)


HOLD_POLL_MS = 1000
"""How often a running job looks whether an instance's request budget holds it back."""


class TaskPanel(QWidget):
    """One coroutine at a time: shows what it does, counts, can be cancelled, shows its error.

    Expected errors (HaloError) appear on the panel; anything else goes to `sys.excepthook`,
    which shows the application's one error dialog.
    """

    runningChanged = Signal(bool)
    finished = Signal(bool)
    """True when the job ended without error and was not cancelled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._task: asyncio.Task[Any] | None = None
        self._running = False  # True from the job's start to the end of its clean-up
        self._guarded: list[QWidget] = []
        self.text = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(True)
        self.bar.setMinimumWidth(metrics.FIELD_MIN_WIDTH)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setToolTip(
            self.tr("Stop the running job; what was already written stays written")
        )
        self.cancel_button.clicked.connect(self.on_cancel_button_clicked)
        self.error = ErrorPanel(self)
        self._busy_row = QWidget(self)
        busy_layout = layouts.hbox(self.text, 1, self.bar, self.cancel_button)
        self._busy_row.setLayout(busy_layout)
        busy_layout.setStretch(0, 1)
        self._busy_row.hide()
        # Halo's request budget can hold a long read back for minutes: say so, and for how long.
        self.hold_note = QLabel(self)
        self.hold_note.setWordWrap(True)
        self.hold_note.hide()
        self._hold_timer = QTimer(self)
        self._hold_timer.setInterval(HOLD_POLL_MS)
        self._hold_timer.timeout.connect(self._show_hold)
        self.setLayout(layouts.vbox(self._busy_row, self.hold_note, self.error))

    # ---- what pages call ----

    def guard(self, *widgets: QWidget) -> None:
        """Controls disabled while a job runs (and enabled again when it ends)."""
        self._guarded.extend(widgets)

    def is_running(self) -> bool:
        return self._running

    def run(
        self, text: str, job: Job[T], done: Callable[[T], None] | None = None
    ) -> asyncio.Task[None] | None:
        """Start `job(progress)`; `done(result)` runs when it succeeds. None if one is running."""
        if self.is_running():
            log.info("a job is already running; %r not started", text)
            return None
        self.error.clear()
        self.text.setText(text)
        self.bar.setRange(0, 0)  # busy until the job says how much there is
        self.bar.setFormat("")
        self._running = True  # at once, so a second click before the task starts is refused
        task = current_loop().create_task(self._body(job, done))
        task.add_done_callback(self._task_done)
        self._task = task
        return task

    def cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

    def pending(self) -> list[asyncio.Task[Any]]:
        """The job's task while it has not finished (cancelled ones still clean up)."""
        return [self._task] if self._task is not None and not self._task.done() else []

    def progress(self, done: int, total: int, text: str) -> None:
        """The engine's Progress callback: counts on the bar, what it does in the label."""
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.bar.setFormat(self.tr("%v of %m"))
        if text:
            self.text.setText(text)

    def show_error(self, error: HaloError) -> None:
        self.error.show_error(error)

    def _show_hold(self) -> None:
        from halo_wizard.api.ratelimit import holds  # with the API constants: after first paint

        shown = holds() if self._running else []
        if not shown:
            self.hold_note.hide()
            return
        self.hold_note.setText("\n".join(h.words() for h in shown))
        self.hold_note.show()

    # ---- the task ----

    async def _body(self, job: Job[T], done: Callable[[T], None] | None) -> None:
        self._set_running(True)
        ok = False
        try:
            result = await job(self.progress)
            if done is not None:
                done(result)
            ok = True
        except asyncio.CancelledError:
            self.error.show_problem(
                self.tr("Cancelled"),
                self.tr("The action was stopped before it finished."),
                self.tr("Run it again when you are ready; it continues safely."),
            )
            raise
        except HaloError as exc:
            log.info("job failed: %s", exc.title)
            self.error.show_error(exc)
        except Exception:
            sys.excepthook(*sys.exc_info())
        finally:
            self._set_running(False)
            self.finished.emit(ok)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        # A task cancelled before it started never ran its clean-up.
        if task is self._task and self._running:
            self._set_running(False)
            self.finished.emit(False)

    def _set_running(self, running: bool) -> None:
        self._running = running
        if running:
            _running_panels.add(self)
        else:
            _running_panels.discard(self)
        self._busy_row.setVisible(running)
        self.cancel_button.setEnabled(running)
        if running:
            self._hold_timer.start()
        else:
            self._hold_timer.stop()
            self.hold_note.hide()
        for widget in self._guarded:
            widget.setEnabled(not running)
        self.runningChanged.emit(running)

    def on_cancel_button_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.text.setText(self.tr("Cancelling…"))
        self.cancel()
