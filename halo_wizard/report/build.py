"""Write the report of a plan (needs only QtGui, run offscreen when headless).

Every import is made here, on the importing thread: write_plan_report runs on the window's PDF
thread, and an import statement first run there has PySide6's import hook read the module's
source while it holds the interpreter (a stall of the window)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from halo_wizard.plan.freshness import CHECK_RESULT_KEY
from halo_wizard.plan.model import Plan
from halo_wizard.report.content import build_content
from halo_wizard.report.layout import ReportCancelled
from halo_wizard.report.pdf import write_report

LAST_CHECK_KEY = CHECK_RESULT_KEY
"""The key of the stored action check, Plan.action_check (see freshness.store_check_result)."""


def last_findings(plan: Plan) -> list[Mapping[str, Any]]:
    """The findings of the last stored action check (whether or not it is still current)."""
    return [] if plan.action_check is None else list(plan.action_check.findings)


def ensure_gui_application() -> object:
    """A Qt application for fonts and painting; offscreen when there is no window.

    A QApplication (not a bare QGuiApplication), so that a window opened later in the same
    process, or a test's QApplication, can use it."""
    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(["halo-wizard"])
    return app


def write_plan_report(
    plan: Plan,
    path: Path,
    *,
    page_size: str = "A4",
    findings: Sequence[Mapping[str, Any]] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> int:
    """The plan's report as a PDF at `path`; returns the page count.

    May run on a worker thread once the application exists (it only reads the plan).
    `progress(done, total, phase)` hears "layout" (rows) then "pages"; when `stop()` returns
    True it raises ReportCancelled (report.layout) and leaves no file at `path`."""
    ensure_gui_application()
    content = build_content(
        plan,
        findings=last_findings(plan) if findings is None else findings,
        e2e=plan.e2e,
    )
    if stop is not None and stop():
        raise ReportCancelled
    return write_report(content, path, page_size, progress=progress, stop=stop)
