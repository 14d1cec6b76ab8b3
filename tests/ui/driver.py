"""Helpers that drive the window from inside a scenario coroutine."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QWidget

from halo_wizard.plan.model import Plan, Side, StepId
from halo_wizard.simulator import SimulatedInstance
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.pages.base import StepPage
from halo_wizard.ui.pages.connections import ConnectionsPage
from halo_wizard.ui.pages.instances import InstancesPage
from halo_wizard.ui.pages.survey_page import SurveyPage
from halo_wizard.ui.services import Services

GUARD_SECONDS = 60.0
"""Only a guard against a hang; nothing is asserted about time."""


async def until(check: Callable[[], Any], what: str, page: StepPage | None = None) -> None:
    """Let the loop run until `check()` is true; fail at once if `page` shows an error."""
    deadline = time.monotonic() + GUARD_SECONDS
    while not check():
        if page is not None and page.task.error.isVisible() and not page.is_busy():
            raise AssertionError(f"{what}: the page shows an error: {page.task.error.text()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.01)


async def plans_read(page: ConnectionsPage) -> None:
    """Let the loop run until the first page has read the plan folder (on its worker)."""
    await until(lambda: not page.reading, "the plan folder to be read")


def type_into(edit: QLineEdit, text: str) -> None:
    """Replace the field's text the way the admin would (textEdited fires)."""
    edit.selectAll()
    QTest.keyClick(edit, Qt.Key.Key_Delete)
    QTest.keyClicks(edit, text)
    edit.editingFinished.emit()


def click(widget: QWidget) -> None:
    assert widget.isEnabled(), f"{widget.objectName() or type(widget).__name__} is disabled"
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def tree_texts(tree: QTreeWidget) -> list[str]:
    texts: list[str] = []

    def walk(item: QTreeWidgetItem) -> None:
        texts.extend(item.text(column) for column in range(tree.columnCount()))
        for index in range(item.childCount()):
            walk(item.child(index))

    for index in range(tree.topLevelItemCount()):
        walk(tree.topLevelItem(index))
    return texts


def survey_page(window: MainWindow, step: StepId) -> SurveyPage:
    page = window.pages[step]
    assert isinstance(page, SurveyPage)
    return page


def instances_page(window: MainWindow) -> InstancesPage:
    page = window.pages[StepId.INSTANCES]
    assert isinstance(page, InstancesPage)
    return page


async def shown(window: MainWindow, step: StepId) -> StepPage:
    page = window.pages[step]
    await until(lambda: window.current_page() is page, f"step {int(step)} shown")
    return page


async def next_step(window: MainWindow) -> None:
    await until(window.next_button.isEnabled, "Next to be enabled", window.current_page())
    click(window.next_button)


async def fill_instance(
    window: MainWindow, side: Side, name: str, instance: SimulatedInstance
) -> None:
    """Type an instance's name, address, Client ID and Secret into its form, then test it."""
    page = instances_page(window)
    form = page.forms[side]
    await until(lambda: form.instance is not None, "the instance form to load")
    application = instance.application
    assert application is not None
    type_into(form.name_edit, name)
    type_into(form.url_edit, instance.url)
    type_into(form.client_id_edit, application.client_id)
    type_into(form.secret.edit, application.client_secret)
    click(form.test_button)
    await until(lambda: not form.task.is_running(), f"the connection test of {name}")


async def keep_secrets(
    services: Services, plan: Plan, contoso: SimulatedInstance, northwind: SimulatedInstance
) -> None:
    """Both demo applications' secrets in the services' secret store, under the plan's keys."""
    for side, instance in ((Side.CUSTOMER, contoso), (Side.SUPPLIER, northwind)):
        assert instance.application is not None
        await services.secrets.set(plan.secret_key_for(side), instance.application.client_secret)


async def open_demo_plan(
    window: MainWindow, services: Services, contoso: SimulatedInstance, northwind: SimulatedInstance
) -> Plan:
    """A plan saved with both instances and their secrets, opened in the window."""
    from halo_wizard.plan.model import InstancePlan

    def instance_plan(instance: SimulatedInstance) -> InstancePlan:
        assert instance.application is not None
        return InstancePlan(instance.name, instance.url, client_id=instance.application.client_id)

    plan = services.plans.create(
        "Contoso → Northwind MSP", instance_plan(contoso), instance_plan(northwind)
    )
    await keep_secrets(services, plan, contoso, northwind)
    window.connections.refresh(select=plan.id)
    await plans_read(window.connections)
    click(window.connections.open_button)
    opened = window.plan  # the window reads the plan back from its file
    assert opened is not None and opened.id == plan.id
    return opened


async def press_test_on_both(window: MainWindow) -> None:
    page = instances_page(window)
    await until(lambda: page.forms[Side.CUSTOMER].instance is not None, "the forms to load")
    for form in page.forms.values():
        click(form.test_button)
    await until(lambda: not page.is_busy(), "both connection tests")


async def surveyed(page: SurveyPage) -> SurveyPage:
    """Wait until the page has surveyed both instances and is idle."""
    await until(lambda: page.survey_result is not None and not page.is_busy(), "a survey", page)
    return page


async def write_until(window: MainWindow, target: StepId) -> SurveyPage:
    """From the step shown, write each step's changes and go on until `target` is shown."""
    while (step := window.current_step()) is not target:
        assert step is not None
        page = window.pages[step]
        if isinstance(page, SurveyPage) and (await surveyed(page)).changes.changes():
            click(page.changes.write_button)
            await until(lambda p=page: not p.is_busy(), "the write", page)
        await next_step(window)
        await until(lambda s=step: window.current_step() != s, "the next step")
    return await surveyed(survey_page(window, target))
