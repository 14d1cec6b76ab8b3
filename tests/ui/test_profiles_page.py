"""Profiles: similar names are offered, and choosing one changes what will be written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from driver import open_demo_plan, press_test_on_both, type_into, until, write_until

from halo_wizard.plan.model import StepId
from halo_wizard.simulator import Simulator
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.pages.profiles import ProfilesPage
from halo_wizard.ui.services import Services


async def scenario(window: MainWindow, services: Services, simulator: Simulator) -> None:
    contoso, northwind = simulator.instances
    plan = await open_demo_plan(window, services, contoso, northwind)
    await press_test_on_both(window)
    page = await write_until(window, StepId.PROFILES)
    assert isinstance(page, ProfilesPage)
    box = page.boxes["Supplier"]
    offered = [box.name.itemText(i) for i in range(box.name.count())]
    assert "Northwind Traders" in offered  # a near name is offered, never taken by itself
    assert box.name.currentText() == "Northwind MSP"
    assert "will be created" in box.state.text()
    assert [c.operation for c in page.changes.changes()] == ["create", "create"]

    box.name.setCurrentIndex(offered.index("Northwind Traders"))
    box.name.activated.emit(box.name.currentIndex())
    await until(lambda: not page.is_busy(), "the survey by the chosen name", page)
    assert plan.supplier_profile.name == "Northwind Traders"
    assert "Found “Northwind Traders”" in box.state.text()
    supplier_change = page.changes.changes()[0]
    assert (supplier_change.operation, supplier_change.record) == ("update", "Northwind Traders")

    type_into(box.name.lineEdit(), "Northwind MSP")
    await until(lambda: not page.is_busy(), "the survey by the typed name", page)
    assert plan.supplier_profile.name == "Northwind MSP"
    assert "will be created" in box.state.text()
    window.save_plan(wait=True)
    assert services.plans.open(plan.id).supplier_profile.name == "Northwind MSP"


def test_similar_profile_names_are_offered_and_can_be_chosen(
    simulator: Simulator,
    services: Services,
    make_window: Callable[[], MainWindow],
    run: Callable[[Any], Any],
) -> None:
    run(scenario(make_window(), services, simulator))
