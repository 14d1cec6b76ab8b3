"""When Halo refuses a change through the API, the page guides the admin through Halo's own
screens (with the values to copy) and then confirms by reading the instances back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from demo_setup import demo_plan
from driver import click, until

from halo_wizard.api import constants as C
from halo_wizard.plan.model import Side
from halo_wizard.simulator import Simulator
from halo_wizard.ui.pages.suppliers_module import SuppliersModulePage
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import metrics


async def scenario(page: SuppliersModulePage, services: Services, simulator: Simulator) -> None:
    contoso, northwind = simulator.instances
    plan = demo_plan(contoso, northwind)
    for side, instance in ((Side.CUSTOMER, contoso), (Side.SUPPLIER, northwind)):
        assert instance.application is not None
        await services.secrets.set(plan.secret_key_for(side), instance.application.client_secret)
    assert contoso.application is not None
    contoso.application.denied = ["POST Features"]  # the API agent may not change modules
    services.sessions.set_plan(plan)
    page.set_plan(plan)
    page.enter()
    await until(lambda: page.survey_result is not None and not page.is_busy(), "a survey", page)
    assert len(page.changes.changes()) == 2

    click(page.changes.write_button)
    await until(lambda: not page.is_busy(), "the write", page)
    assert page.task.error.isVisible()
    assert page.manual.isVisible()
    # The write stopped at Contoso's refusal, so Northwind's change was not sent either.
    contoso_step = (
        "In Contoso: Configuration, then the '+' on the Suppliers module; "
        "set these values and save."
    )
    northwind_step = contoso_step.replace("In Contoso", "In Northwind MSP")
    assert page.manual.step_texts() == [contoso_step, northwind_step]

    # The admin turns the module on in Halo's own screen ...
    with contoso.state.lock:
        for row in contoso.state.records["Features"].values():
            if row["module_name"] == C.SUPPLIERS_MODULE_NAME:
                row["enabled"] = True
    # ... and asks the wizard to check: only Northwind's change is left to guide.
    click(page.manual.done_button)
    await until(lambda: not page.is_busy(), "the check", page)
    assert page.manual.step_texts() == [northwind_step]
    # Northwind's API accepts the change: writing it ends the manual path.
    click(page.changes.write_button)
    await until(lambda: not page.is_busy(), "the write", page)
    assert not page.manual.isVisible()
    assert page.changes.changes() == []
    assert page.is_complete()


def test_a_refused_write_turns_into_a_guided_manual_path(
    simulator: Simulator, services: Services, run: Callable[[Any], Any]
) -> None:
    page = SuppliersModulePage(services)
    page.resize(*metrics.WINDOW_SIZE)
    page.show()
    try:
        run(scenario(page, services, simulator))
        run(services.sessions.aclose())
    finally:
        page.close()
        page.deleteLater()
