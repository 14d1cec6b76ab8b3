"""Test connection also checks what halo_wizard assumes about Halo (read-only), after the
connection result, and warns when something a later step relies on is contradicted."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from conftest import named_snapshots, start_simulator
from driver import click, instances_page, open_demo_plan, press_test_on_both, until
from PySide6.QtGui import QGuiApplication

from halo_wizard.api import constants as C
from halo_wizard.plan.model import Side
from halo_wizard.simulator import Simulator
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.services import Services


def closed_is_not_nine(snapshot: dict[str, Any]) -> None:
    """Northwind keeps its Closed status elsewhere: status 9 is an ordinary one."""
    for status in snapshot["records"]["Status"]:
        if status["id"] == C.CLOSED_STATUS_ID:
            status["name"] = "Awaiting Parts (old)"


@pytest.fixture
def odd() -> Iterator[Simulator]:
    simulator = start_simulator(named_snapshots(northwind=closed_is_not_nine))
    yield simulator
    simulator.stop()


async def scenario(window: MainWindow, services: Services, simulator: Simulator) -> None:
    contoso, northwind = simulator.instances
    await open_demo_plan(window, services, contoso, northwind)
    page = instances_page(window)
    # What each form showed at the moment its probe's report arrived.
    at_report: dict[Side, tuple[str, bool, bool]] = {}
    for side, form in page.forms.items():
        shown = form.show_probe

        def spy(report: Any, side: Side = side, form: Any = form, shown: Any = shown) -> None:
            at_report[side] = (form.result.text(), form.task.is_running(), page.is_busy())
            shown(report)

        form.show_probe = spy
    await press_test_on_both(window)
    customer, supplier = page.forms[Side.CUSTOMER], page.forms[Side.SUPPLIER]
    await until(lambda: customer.probe_report is not None, "the customer side's probe")
    await until(lambda: supplier.probe_report is not None, "the supplier side's probe")
    # The connection result came first; the probe followed without holding the page up.
    for side in Side:
        result, testing, busy = at_report[side]
        assert "Connected" in result and not testing and not busy
    assert "Halo's answers checked" in customer.probe_line.text()
    assert customer.probe_warning.isHidden()
    assert supplier.probe_warning.isVisible()
    assert "Status 9" in supplier.probe_warning.text()
    assert "relies on it" in supplier.probe_warning.text()
    assert window.next_button.isEnabled()  # a warning, not a block
    click(supplier.probe_details_button)
    dialog = supplier.probe_dialog
    assert dialog is not None and dialog.isVisible()
    assert "Contradicted" in dialog.text.toPlainText()
    click(dialog.copy_button)
    copied = QGuiApplication.clipboard().text()
    data = json.loads(copied)
    assert "status-closed" in {v["key"] for v in data["verdicts"] if v["status"] == "contradicted"}
    assert northwind.url.split("//", 1)[1] not in copied and northwind.tenant not in copied
    dialog.close()
    # Nothing but reads and the token request reached either instance.
    for instance in simulator.instances:
        assert not [k for k in instance.stats.counts if k[0] != "GET" and k[1] != "token"]


def test_the_probe_warns_of_what_a_later_step_relies_on(
    odd: Simulator,
    services: Services,
    make_window: Callable[[], MainWindow],
    run: Callable[[Any], Any],
) -> None:
    run(scenario(make_window(), services, odd))
