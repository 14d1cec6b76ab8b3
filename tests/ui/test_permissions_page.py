"""Next stays disabled on Permissions while a capability is missing, until the risk is taken."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from conftest import named_snapshots, start_simulator
from driver import click, next_step, open_demo_plan, press_test_on_both, shown, until

from halo_wizard.plan.model import Side, StepId, StepStatus
from halo_wizard.simulator import Simulator
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.pages.permissions import PermissionsPage
from halo_wizard.ui.services import Services


def deny_modules(snapshot: dict[str, Any]) -> None:
    snapshot["simulator"]["applications"][0]["scope"] = "all:standard"


@pytest.fixture
def restricted() -> Iterator[Simulator]:
    """Contoso's application has every standard scope but not admin: it may not touch modules.
    (A permission only the agent lacks would show at the first write: nothing is written to
    find out.)"""
    simulator = start_simulator(named_snapshots(contoso=deny_modules))
    yield simulator
    simulator.stop()


async def scenario(window: MainWindow, services: Services, simulator: Simulator) -> None:
    contoso, northwind = simulator.instances
    plan = await open_demo_plan(window, services, contoso, northwind)
    await shown(window, StepId.INSTANCES)
    await press_test_on_both(window)
    await next_step(window)
    page = await shown(window, StepId.PERMISSIONS)
    assert isinstance(page, PermissionsPage)
    await until(lambda: page.checks is not None and not page.is_busy(), "the check", page)

    missing = page.missing()
    assert [(c.side, c.entity, c.write) for c in missing] == [
        (Side.CUSTOMER, "Features", False),
        (Side.CUSTOMER, "Features", True),
    ]
    # Judged without writing anything: no POST reached either instance.
    for instance in simulator.instances:
        assert not [k for k in instance.stats.counts if k[0] == "POST" and k[1] != "token"]
    assert not page.is_complete()
    assert not window.next_button.isEnabled()
    assert page.risk.isVisible() and not page.risk.isChecked()
    assert missing[0].grant in page.grant_text.text()
    assert "missing" in page.summary.text()
    assert plan.step(StepId.PERMISSIONS).status is StepStatus.ATTENTION

    click(page.check_button)  # checking again does not lift the block
    await until(lambda: not page.is_busy(), "the second check", page)
    assert not window.next_button.isEnabled()

    page.risk.setChecked(True)
    assert window.next_button.isEnabled()
    assert plan.permissions_risk_accepted
    page.risk.setChecked(False)
    assert not window.next_button.isEnabled()
    page.risk.setChecked(True)
    click(window.next_button)
    await shown(window, StepId.SUPPLIERS_MODULE)
    assert services.plans.open(plan.id).permissions_risk_accepted


def test_next_waits_for_missing_permissions_or_the_accepted_risk(
    restricted: Simulator,
    services: Services,
    make_window: Callable[[], MainWindow],
    run: Callable[[Any], Any],
) -> None:
    run(scenario(make_window(), services, restricted))
