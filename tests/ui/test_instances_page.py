"""The Instances page: live addresses, plain-word problems, the same instance twice, swapping."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from conftest import start_simulator
from driver import click, fill_instance, instances_page, shown, type_into, until

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
