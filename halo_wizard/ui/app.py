"""Wires the window together: Qt application, qasync loop, error dialog, logging, demo mode."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QLibraryInfo,
    QLocale,
    QMessageLogContext,
    QObject,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QWidget

from halo_wizard import __version__
from halo_wizard.logsetup import install_excepthook, set_error_reporter
from halo_wizard.paths import plans_dir
from halo_wizard.secretstore import default_store
from halo_wizard.ui.compat import override
from halo_wizard.ui.demo import Demo, DemoQuitGuard, create_demo_plan, start_demo
from halo_wizard.ui.gc_guard import GuiThreadCollector, a_task_runs
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.menus import app_icon, icons_dir
from halo_wizard.ui.services import Services, make_services
from halo_wizard.ui.switching import favour_the_window
from halo_wizard.ui.theme import apply_theme, follow_system

if TYPE_CHECKING:
    from halo_wizard.ui.error_dialog import ErrorReporter

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")

FIRST_PAINT_ENV = "HALO_WIZARD_FIRST_PAINT"
"""Set to 1 (benchmarks/bench_startup.py only): print "first paint" once the main window has
painted for the first time, then close it."""

FIRST_PAINT_WAIT_S = 2.0
"""What the first paint does not need waits for it, or this long when no paint comes."""

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def qt_message_handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's own warnings go to the log file like everything else."""
    where = f" ({context.category})" if context.category and context.category != "default" else ""
    qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s%s", message, where)


def translations_dir() -> Path:
    """resources/translations beside resources/icons (source tree or frozen bundle)."""
    return icons_dir().parent / "translations"


def install_translator(app: QApplication, locale: QLocale | None = None) -> list[QTranslator]:
    """Our strings and Qt's own in the system's language, where a compiled .qm exists."""
    locale = locale or QLocale.system()
    installed: list[QTranslator] = []
    for name, folder in (
        ("halo_wizard", translations_dir()),
        ("qtbase", Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))),
    ):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", str(folder)):
            app.installTranslator(translator)
            installed.append(translator)
            log.info("translation %s loaded for %s", name, locale.name())
    return installed


class FirstPaint(QObject):
    """`painted` (a future) is done once `window` has painted for the first time."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.painted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        window.installEventFilter(self)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.painted.done():
            self.painted.set_result(None)  # its awaiter runs once this paint is all done
        return False


def loop_exception_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """An exception no task handled reaches the one excepthook (and its dialog)."""
    exc = context.get("exception")
    if isinstance(exc, BaseException):
        sys.excepthook(type(exc), exc, exc.__traceback__)
    else:
        log.error("event loop: %s", context.get("message"))


async def run_main_window(window_services: Services, demo: Demo | None) -> int:
    """Show the window until it is closed, then close the connections while the loop runs.
    Whatever the first paint does not need (the error dialog, the demo's instances, the pages
    not shown) comes after it; until then an unexpected error goes to the log and stderr."""
    window = MainWindow(window_services, starting=demo is not None)
    first = FirstPaint(window)
    reporter: ErrorReporter | None = None
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    if demo is not None:
        guard = DemoQuitGuard(window)  # the window owns it
        window.menus.plans_note = window.tr("temporary: deleted when the demo ends")
        log.debug("demo quit guard on %s", type(guard).__name__)
    window.show()
    try:
        # Closed first, or never painted (e.g. started minimised): go on all the same.
        closing = asyncio.ensure_future(closed.wait())
        await asyncio.wait(
            (first.painted, closing),
            timeout=FIRST_PAINT_WAIT_S,
            return_when=asyncio.FIRST_COMPLETED,
        )
        closing.cancel()
        from halo_wizard.ui.error_dialog import ErrorReporter

        reporter = ErrorReporter(window)
        set_error_reporter(reporter)
        if os.environ.get(FIRST_PAINT_ENV) == "1":
            print("first paint" if first.painted.done() else "no paint", flush=True)
            window.close()
        elif demo is not None and not closed.is_set():
            await open_demo(window, demo, closed)
        if not closed.is_set():
            window.build_in_idle_time()
        await closed.wait()
    finally:
        await window.wind_down()
        if reporter is not None:
            reporter.set_window(None)
    return 0


async def open_demo(window: MainWindow, demo: Demo, closed: asyncio.Event) -> None:
    """Start the demo's instances (the window says so meanwhile), then open the demo plan;
    closed before they are up: let the start finish, so that stopping the demo stops them."""
    opening = asyncio.ensure_future(create_demo_plan(demo, window.services))
    closing = asyncio.ensure_future(closed.wait())
    await asyncio.wait((opening, closing), return_when=asyncio.FIRST_COMPLETED)
    closing.cancel()
    if closed.is_set():
        await asyncio.wait((opening,))
        if not opening.cancelled() and opening.exception() is not None:
            log.warning("demo instances did not start: %s", opening.exception())
        return
    plan = opening.result()
    window.set_starting(None)
    window.open_plan(plan)
    window.show_message(
        window.tr("Demo: Contoso and Northwind MSP are simulated on this computer.")
    )


def run_window(demo: bool) -> int:
    """Open the window (on two simulated instances with `demo`) and return the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("halo_wizard")
    app.setApplicationVersion(__version__)
    app.setQuitOnLastWindowClosed(False)  # the loop ends when the window's `closed` is awaited
    app.setWindowIcon(app_icon())
    apply_theme(app)
    follow_system(app)
    install_translator(app)
    previous_handler = qInstallMessageHandler(qt_message_handler)
    install_excepthook()
    import qasync  # only now: with PySide6 loaded, qasync binds to it and to no other Qt

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    loop.set_exception_handler(loop_exception_handler)
    # What exists now lives as long as the window (modules, classes, Qt's wrappers): the
    # collector need not walk it again and again (gc.freeze), which makes its passes shorter.
    gc.freeze()
    collector = GuiThreadCollector(app, busy=a_task_runs)
    switch_interval = favour_the_window()
    running: Demo | None = None
    try:
        if demo:
            running = start_demo()
            services = running.services()
        else:
            services = make_services(plans_dir(), default_store())
        with loop:
            code: int = loop.run_until_complete(run_main_window(services, running))
            return code
    finally:
        if running is not None:
            running.stop()
        collector.stop()
        gc.unfreeze()  # a caller that opens the window again (tests) collects as before
        sys.setswitchinterval(switch_interval)
        set_error_reporter(None)
        asyncio.set_event_loop(None)
        qInstallMessageHandler(previous_handler)
