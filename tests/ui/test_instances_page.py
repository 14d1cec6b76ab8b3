"""The Instances page: live addresses, plain-word problems, the same instance twice, swapping."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from conftest import start_simulator
from driver import (
    click,
    fill_instance,
    instances_page,
    next_step,
    open_demo_plan,
    press_test_on_both,
    shown,
    type_into,
    until,
    write_until,
)
from PySide6.QtWidgets import QApplication

from halo_wizard.plan.model import Side, StepId
from halo_wizard.simulator import Simulator
from halo_wizard.simulator.demo import demo_snapshots
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.services import Services


@pytest.fixture
def three() -> Iterator[Simulator]:
    """Contoso, Northwind MSP, and a Halo too old for ticket sync."""
    contoso, northwind = demo_snapshots()
    old = demo_snapshots()[1]
    old["instanceinfo"]["app_version"] = "2.180.3"
    old["instanceinfo"]["name"] = "Old Halo"
    old["authinfo"]["tenant_id"] = "oldhalo"
    simulator = start_simulator([contoso, northwind, old])
    yield simulator
    simulator.stop()


async def new_plan(window: MainWindow) -> None:
    click(window.connections.new_button)
    await shown(window, StepId.INSTANCES)
    page = instances_page(window)
    await until(lambda: page.forms[Side.CUSTOMER].instance is not None, "the forms")


async def live_addresses(window: MainWindow) -> None:
    await new_plan(window)
    form = instances_page(window).forms[Side.CUSTOMER]
    type_into(form.url_edit, "acme.halopsa.com/tickets?id=12")
    assert form.api_url.value() == "https://acme.halopsa.com/api"
    assert form.auth_url.value() == "https://acme.halopsa.com/auth"
    assert form.url_problem.isHidden()
    assert window.plan is not None
    assert window.plan.customer.base_url == "https://acme.halopsa.com"

    type_into(form.url_edit, "http://acme.halopsa.com")
    assert form.url_problem.isVisible()
    assert "https" in form.url_problem.text()
    assert form.api_url.value() == ""
    assert window.plan.customer.base_url == ""  # a plan keeps only usable addresses

    type_into(form.secret.edit, "not-shown-0123")
    assert form.secret.edit.echoMode() is form.secret.edit.EchoMode.Password
    click(form.secret.show_button)
    assert form.secret.edit.echoMode() is form.secret.edit.EchoMode.Normal


def test_addresses_are_worked_out_as_the_admin_types(
    make_window: Callable[[], MainWindow], run: Callable[[Any], Any]
) -> None:
    run(live_addresses(make_window()))


async def problems(window: MainWindow, simulator: Simulator) -> None:
    contoso, _northwind, old = simulator.instances
    await new_plan(window)
    page = instances_page(window)

    await fill_instance(window, Side.CUSTOMER, "Contoso", contoso)
    await fill_instance(window, Side.SUPPLIER, "Contoso again", contoso)
    await until(page.problem.isVisible, "the same-instance warning", page)
    assert "same instance" in page.problem.text().lower() or contoso.url in page.problem.text()
    assert not window.next_button.isEnabled()

    await fill_instance(window, Side.SUPPLIER, "Old Halo", old)
    supplier = page.forms[Side.SUPPLIER]
    assert supplier.task.error.isVisible()
    assert "too old" in supplier.task.error.text()
    assert "2.184" in supplier.task.error.text()
    assert "Test failed" in supplier.result.text()
    await until(page.problem.isHidden, "the same-instance warning to go", page)
    assert not window.next_button.isEnabled()

    type_into(supplier.url_edit, contoso.url + "/nothing-here")
    click(supplier.test_button)
    await until(lambda: not supplier.task.is_running(), "the test of a page that is not Halo")
    assert "Not a Halo instance" in supplier.task.error.text()
    assert not window.next_button.isEnabled()


def test_the_same_instance_twice_an_old_version_and_a_non_halo_address_are_explained(
    three: Simulator, make_window: Callable[[], MainWindow], run: Callable[[Any], Any]
) -> None:
    run(problems(make_window(), three))


async def swapping(window: MainWindow, services: Services, simulator: Simulator) -> None:
    contoso, northwind, _old = simulator.instances
    await new_plan(window)
    page = instances_page(window)
    await fill_instance(window, Side.CUSTOMER, "Northwind MSP", northwind)
    await fill_instance(window, Side.SUPPLIER, "Contoso", contoso)
    await until(window.next_button.isEnabled, "Next after both tests", page)
    plan = window.plan
    assert plan is not None and plan.supplier_profile.name == "Contoso"

    click(page.swap_button)
    assert plan.customer.name == "Contoso" and plan.supplier.name == "Northwind MSP"
    assert plan.supplier_profile.name == "Northwind MSP"
    assert plan.customer_profile.name == "Contoso"
    assert page.forms[Side.CUSTOMER].name_edit.text() == "Contoso"
    assert window.plan.name == "Contoso → Northwind MSP"
    assert contoso.application is not None
    stored = await services.secrets.get(plan.secret_key_for(Side.CUSTOMER))
    assert stored == contoso.application.client_secret  # each secret stays with its instance
    assert page.forms[Side.CUSTOMER].secret.value() == contoso.application.client_secret
    await until(window.next_button.isEnabled, "Next after the swap", page)  # tests still hold


def test_swapping_roles_keeps_each_instance_with_its_secret(
    three: Simulator,
    services: Services,
    make_window: Callable[[], MainWindow],
    run: Callable[[Any], Any],
) -> None:
    run(swapping(make_window(), services, three))


async def spaced_address(window: MainWindow) -> None:
    await new_plan(window)
    form = instances_page(window).forms[Side.CUSTOMER]
    type_into(form.url_edit, "northwind halopsa.com")
    field_message = form.url_problem.text()
    assert "contains spaces" in field_message
    assert "northwind.halopsa.com" in field_message  # says what to fix
    click(form.test_button)
    await until(lambda: not form.task.is_running(), "the test not to run")
    shown = " ".join((form.url_problem.text(), form.result.text(), form.task.error.text()))
    assert "is empty" not in shown  # one message, not a second one that contradicts it
    assert form.url_problem.text() == field_message and form.url_problem.isVisible()
    assert "address" in form.result.text()
    assert form.task.error.isHidden()


def test_a_spaced_address_gives_one_message_that_says_what_to_fix(
    make_window: Callable[[], MainWindow], run: Callable[[Any], Any]
) -> None:
    run(spaced_address(make_window()))


async def focus_after_test(window: MainWindow, simulator: Simulator) -> None:
    contoso, _northwind, _old = simulator.instances
    await new_plan(window)
    page = instances_page(window)
    window.activateWindow()
    await until(window.isActiveWindow, "the window to be active")
    customer, supplier = page.forms[Side.CUSTOMER], page.forms[Side.SUPPLIER]
    type_into(supplier.name_edit, "Northwind MSP")
    assert contoso.application is not None
    type_into(customer.name_edit, "Contoso")
    type_into(customer.url_edit, contoso.url)
    type_into(customer.client_id_edit, contoso.application.client_id)
    type_into(customer.secret.edit, contoso.application.client_secret)
    customer.test_button.setFocus()
    await until(customer.test_button.hasFocus, "the Test button to have the focus")
    click(customer.test_button)
    await until(lambda: customer.instance is not None and customer.instance.last_tested, "a test")
    await until(lambda: not customer.task.is_running(), "the test to end")
    focused = QApplication.focusWidget()
    await until(lambda: not page.pending(), "the probe that follows the test")
    assert focused is customer.test_button, focused
    assert supplier.name_edit.selectedText() == ""


def test_focus_stays_on_the_test_button_after_a_test(
    three: Simulator, make_window: Callable[[], MainWindow], run: Callable[[Any], Any]
) -> None:
    run(focus_after_test(make_window(), three))


async def swapping_a_plan_in_progress(
    window: MainWindow, services: Services, simulator: Simulator
) -> None:
    contoso, northwind = simulator.instances
    await open_demo_plan(window, services, contoso, northwind)
    await press_test_on_both(window)
    await write_until(window, StepId.CREDENTIAL_SWAP)
    plan = window.plan
    assert plan is not None
    original = plan.supplier_profile.record_id, plan.customer_profile.record_id
    assert None not in original
    page = instances_page(window)
    questions: list[str] = []
    answer = False

    def ask(question: str) -> bool:
        questions.append(question)
        return answer

    page.ask_swap = ask  # type: ignore[method-assign]
    window.on_sidebar_stepClicked(int(StepId.INSTANCES))
    await shown(window, StepId.INSTANCES)
    click(page.swap_button)
    assert questions and "Profiles" in questions[0] and "Credential swap" in questions[0]
    assert plan.customer.name == "Contoso"  # refused: nothing changed

    for expected_customer in ("Northwind MSP", "Contoso"):
        answer = True
        click(page.swap_button)
        assert plan.customer.name == expected_customer
        await until(lambda: not page.is_busy(), "the forms after the swap", page)
        await next_step(window)
        # Every later step reads the instances again in the new roles, up to the swap of
        # credentials, which finds both profiles (no "does not exist yet").
        swap = await write_until(window, StepId.CREDENTIAL_SWAP)
        assert not swap.task.error.isVisible()
        assert plan.supplier_profile.record_id and plan.customer_profile.record_id
        window.on_sidebar_stepClicked(int(StepId.INSTANCES))
        await shown(window, StepId.INSTANCES)
    assert (plan.supplier_profile.record_id, plan.customer_profile.record_id) == original


def test_swapping_roles_asks_first_and_leaves_no_dead_end(
    simulator: Simulator,
    services: Services,
    make_window: Callable[[], MainWindow],
    run: Callable[[Any], Any],
) -> None:
    run(swapping_a_plan_in_progress(make_window(), services, simulator))
