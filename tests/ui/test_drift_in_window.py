"""'Check for drift' on the report page: nothing on an unchanged set-up; a renamed mapped status
is shown with the instance, the record and the fix; a test ticket an earlier end-to-end test left
behind is named, and counted in the result the plan keeps (as `check --plan` counts it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from demo_setup import set_up
from driver import click, until

from halo_wizard.plan.model import MappingKind, Plan, Side
from halo_wizard.simulator import Simulator
from halo_wizard.steps.leftovers import tag_for
from halo_wizard.ui.pages.report import ReportPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import metrics


async def scenario(page: ReportPage, services: Services, simulator: Simulator) -> None:
    contoso, northwind = simulator.instances
    plan: Plan = await set_up(contoso, northwind, auto_map=True)
    for side, instance in ((Side.CUSTOMER, contoso), (Side.SUPPLIER, northwind)):
        assert instance.application is not None
        await services.secrets.set(plan.secret_key_for(side), instance.application.client_secret)
    services.sessions.set_plan(plan)
    page.set_plan(plan)
    page.enter()

    click(page.drift_button)
    await until(lambda: page.drift_result.text() != "" and not page.is_busy(), "a check", page)
    assert page.drift_result.text().startswith("No drift"), page.drift_result.text()
    assert "test record" not in page.drift_result.text()
    assert page.drift_list.topLevelItemCount() == 0
    assert plan.last_drift is not None and plan.last_drift.leftovers == 0

    # An end-to-end test stopped before its clean-up left its ticket in Contoso.
    leftover = contoso.state.create(
        "Tickets", {"summary": f"{tag_for('0a1b2c3d')} Test ticket", "details": "left behind"}
    )
    page.drift_result.setText("")
    click(page.drift_button)
    await until(lambda: page.drift_result.text() != "" and not page.is_busy(), "a check", page)
    said = page.drift_result.text()
    assert said.startswith("No drift") and "1 test record(s) left behind" in said, said
    assert f"{leftover}" in said and "halo-wizard test" not in said  # the window's words
    assert plan.last_drift is not None and plan.last_drift.leftovers == 1
    with contoso.state.lock:
        contoso.state.get("Tickets", leftover)["deleted"] = True

    # Someone renames, in Contoso, a status that the supplier profile's mappings use.
    row = next(
        r
        for r in plan.supplier_profile_mappings.rows_of(MappingKind.STATUS)
        if r.mapped and r.local_id
    )
    with contoso.state.lock:
        contoso.state.get("Status", row.local_id)["name"] = row.local_name + " (old)"
    page.drift_result.setText("")
    click(page.drift_button)
    await until(lambda: page.drift_result.text() != "" and not page.is_busy(), "a check", page)
    assert "difference" in page.drift_result.text()
    items = [page.drift_list.topLevelItem(i) for i in range(page.drift_list.topLevelItemCount())]
    assert any(
        item.text(0) == "Contoso" and row.local_name in item.text(1) and item.text(3)
        for item in items
    ), [(i.text(0), i.text(1)) for i in items]


def test_check_for_drift_from_the_report_page(
    simulator: Simulator, services: Services, run: Callable[[Any], Any]
) -> None:
    page = ReportPage(services)
    page.resize(*metrics.WINDOW_SIZE)
    page.show()
    try:
        run(scenario(page, services, simulator))
        run(services.sessions.aclose())
    finally:
        page.close()
        page.deleteLater()
