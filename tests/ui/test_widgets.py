"""The shared widgets: task panel, changes panel, error dialog, and the plan list."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest
from driver import click, until
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from halo_wizard.api.errors import VersionTooOld
from halo_wizard.api.ratelimit import shared_limiter
from halo_wizard.logsetup import register_secret
from halo_wizard.plan.linked import application_secret_key
from halo_wizard.plan.model import InstancePlan, Side, StepId
from halo_wizard.plan.store import PLAN_SUFFIX, TRASH_FOLDER
from halo_wizard.steps.changes import MASK, Change, FieldChange
from halo_wizard.steps.session import Progress
from halo_wizard.ui.error_dialog import ErrorReporter
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets.changes_panel import ChangesPanel
from halo_wizard.ui.widgets.task_panel import TaskPanel


def panel_with_button(qtbot: QtBot) -> tuple[TaskPanel, QPushButton]:
    panel = TaskPanel()
    button = QPushButton("Go")
    qtbot.addWidget(panel)
    qtbot.addWidget(button)
    panel.guard(button)
    panel.show()
    return panel, button


def test_a_job_counts_and_can_be_cancelled(qtbot: QtBot, run: Callable[[Any], Any]) -> None:
    panel, button = panel_with_button(qtbot)
    release = asyncio.Event()
    seen: list[tuple[int, int]] = []

    async def job(progress: Progress) -> None:
        progress(3, 10, "Reading agents")
        seen.append((panel.bar.value(), panel.bar.maximum()))
        await release.wait()

    async def scenario() -> None:
        panel.run("Working…", job)
        await until(lambda: seen, "the job to report progress")
        assert not button.isEnabled() and panel.is_running()
        assert panel.text.text() == "Reading agents"
        click(panel.cancel_button)
        await until(lambda: not panel.is_running(), "the cancel")
        assert button.isEnabled()
        assert "Cancelled" in panel.error.text()

    run(scenario())
    assert seen == [(3, 10)]


def test_a_job_held_back_by_halos_request_budget_says_so_until_it_goes_on(
    qtbot: QtBot, run: Callable[[Any], Any]
) -> None:
    panel, _button = panel_with_button(qtbot)
    limiter = None

    async def job(progress: Progress) -> None:
        async with limiter.slot():  # type: ignore[union-attr]
            progress(1, 1, "Read")

    async def scenario() -> None:
        nonlocal limiter
        limiter = shared_limiter("https://budget.example/api|t", label="budget.example")
        limiter.requests = 1
        async with limiter.slot():  # the one place of the window, used a moment ago
            pass
        panel.run("Reading the configuration…", job)
        await until(panel.hold_note.isVisible, "the note on the held request")
        text = panel.hold_note.text()
        assert "Halo allows 1 request per 5 minutes to budget.example" in text
        assert "1 request waits" in text and "min" in text
        click(panel.cancel_button)
        await until(lambda: not panel.is_running(), "the cancel")
        assert not panel.hold_note.isVisible()
        assert limiter.hold() is None

    run(scenario())


def test_expected_errors_are_shown_in_plain_words(qtbot: QtBot, run: Callable[[Any], Any]) -> None:
    panel, button = panel_with_button(qtbot)
    outcomes: list[bool] = []
    panel.finished.connect(outcomes.append)

    async def job(progress: Progress) -> None:
        raise VersionTooOld("HaloPSA 2.170 is too old.", "Ask for an upgrade.", instance="Acme")

    async def scenario() -> None:
        panel.run("Testing…", job)
        await until(lambda: outcomes, "the job to end")

    run(scenario())
    assert outcomes == [False]
    assert panel.error.isVisible()
    assert panel.error.text().splitlines() == [
        "Acme: Halo version too old",
        "HaloPSA 2.170 is too old.",
        "What to do: Ask for an upgrade.",
    ]
    assert button.isEnabled()


def test_unexpected_errors_go_to_the_excepthook(
    qtbot: QtBot, run: Callable[[Any], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    panel, button = panel_with_button(qtbot)
    caught: list[BaseException] = []

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        caught.append(exc)

    monkeypatch.setattr(sys, "excepthook", hook)

    async def job(progress: Progress) -> None:
        raise KeyError("a bug")

    async def scenario() -> None:
        panel.run("Working…", job)
        await until(lambda: not panel.is_running(), "the job to end")

    run(scenario())
    assert [type(exc) for exc in caught] == [KeyError]
    assert panel.error.isHidden()
    assert button.isEnabled()


def test_changes_are_listed_with_secrets_masked(qtbot: QtBot) -> None:
    panel = ChangesPanel()
    qtbot.addWidget(panel)
    secret = "issued-secret-0123456789"
    change = Change(
        step=StepId.CREDENTIAL_SWAP,
        side=Side.CUSTOMER,
        instance="Contoso",
        entity="Supplier",
        operation="update",
        record="Northwind MSP",
        record_id=7,
        fields=[
            FieldChange("tenant", "Other instance's tenant", None, "northwind"),
            FieldChange("new_secret", "Client secret", None, secret, secret=True),
        ],
        label="supplier profile",
    )
    panel.set_changes([change])
    shown = [panel.tree.topLevelItem(0).text(0)] + [
        panel.tree.topLevelItem(0).child(i).text(c) for i in range(2) for c in range(3)
    ]
    assert "Update supplier profile 'Northwind MSP' in Contoso" in shown
    assert MASK in shown and "northwind" in shown
    assert not any(secret in text for text in shown + panel.lines())
    assert not panel.is_clean()
    panel.set_changes([])
    assert panel.is_clean() and panel.write_button.isHidden()


def test_the_error_dialog_copies_scrubbed_details(qtbot: QtBot) -> None:
    reporter = ErrorReporter()
    secret = "token-abcdef-0123456789"
    register_secret(secret)
    reporter("KeyError: 'x'", f"Traceback ...\nKeyError: 'x' while sending {secret}")
    qtbot.waitUntil(lambda: reporter.dialog() is not None)
    dialog = reporter.dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    reporter("ValueError: y", "Traceback ...\nValueError: y")
    qtbot.waitUntil(lambda: "2 errors" in dialog.summary.text())
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "KeyError" in copied and "ValueError" in copied
    assert secret not in copied and "[redacted]" in copied


def test_plan_list_shows_damaged_files_and_deletes_after_confirmation(
    services: Services,
    make_window: Callable[[], MainWindow],
    run: Callable[[Any], Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = services.plans.create(
        "Acme → Globex",
        InstancePlan("Acme", "https://acme.halopsa.com", client_id="a"),
        InstancePlan("Globex", "https://globex.halopsa.com", client_id="b"),
    )
    damaged: Path = services.plans.directory / f"broken{PLAN_SUFFIX}"
    damaged.write_text("{ not json", encoding="utf-8")
    window = make_window()
    page = window.connections
    answers: list[bool] = []
    monkeypatch.setattr(page, "confirm_delete", lambda summary: answers.pop(0))

    async def scenario() -> None:
        await services.secrets.set(plan.secret_key_for(Side.CUSTOMER), "secret-acme-0001")
        # A shared list's application secret goes with the plan too.
        await services.secrets.set(application_secret_key(plan), "secret-app-0002")
        assert page.row_count() == 2
        page.select("broken")
        assert not page.open_button.isEnabled()
        assert "damaged" in page.problem.text()
        page.select(plan.id)
        answers.append(False)
        click(page.delete_button)
        assert page.row_count() == 2
        answers.append(True)
        click(page.delete_button)
        assert page.row_count() == 1
        await until(lambda: services.secrets.known_values() == [], "the secret to be removed")

    run(scenario())
    assert (services.plans.directory / TRASH_FOLDER / f"{plan.id}{PLAN_SUFFIX}").is_file()
    assert [s.id for s in services.plans.list()] == ["broken"]


def test_state_icons_read_on_a_selected_rows_highlight(qapp: object) -> None:
    """On a selected row (QIcon's Selected mode) the grey marks turn white and the coloured ones
    get a white rim; unselected, they are drawn as before."""
    from PySide6.QtGui import QColor, QIcon

    from halo_wizard.ui.widgets import icons, metrics

    size = metrics.ICON_SIZE

    def image(mark: icons.Mark, mode: QIcon.Mode) -> Any:
        return icons.icon(mark).pixmap(size, size, mode).toImage()

    def whitest(picture: Any) -> int:
        return max(
            min(QColor(picture.pixel(x, y)).getRgb()[:3])
            for x in range(picture.width())
            for y in range(picture.height())
            if QColor.fromRgba(picture.pixel(x, y)).alpha() > 200
        )

    for mark in icons.Mark:
        normal, selected = image(mark, QIcon.Mode.Normal), image(mark, QIcon.Mode.Selected)
        assert normal != selected, mark
        assert whitest(selected) >= 240, mark  # a white ring or rim on the highlight
    pending = image(icons.Mark.PENDING, QIcon.Mode.Normal)
    assert whitest(pending) < 200  # the plain grey ring, with no white in it
