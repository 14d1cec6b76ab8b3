"""Credential swap when the API does not show the issued secrets: the admin pastes them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from driver import click, open_demo_plan, press_test_on_both, type_into, until, write_until
from setup_assertions import assert_setup_complete

from halo_wizard.plan.model import StepId
from halo_wizard.simulator import InstanceState, Simulator
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.pages.credential_swap import CredentialSwapPage
from halo_wizard.ui.services import Services

_public_record = InstanceState.public_record


def without_issued_secret(
    self: InstanceState, entity: str, key: int, *, with_issued_secret: bool = False
) -> dict[str, Any]:
    """As a Halo whose API never shows a profile's issued secret."""
    return _public_record(self, entity, key)


async def scenario(window: MainWindow, services: Services, simulator: Simulator) -> None:
    contoso, northwind = simulator.instances
    await open_demo_plan(window, services, contoso, northwind)
    await press_test_on_both(window)
    page = await write_until(window, StepId.CREDENTIAL_SWAP)
    assert isinstance(page, CredentialSwapPage)
    survey = page.survey_result.survey
    assert {role.label for role in survey.manual_secret_needed} == {"supplier", "customer"}
    assert not window.next_button.isEnabled()
    for box in page.boxes.values():
        assert box.manual_row.isVisible() and "API Access tab" in box.manual_hint.text()
        assert box.secret.value() == ""  # nothing to show: the API kept it

    issued = {  # what Halo shows on each profile's API Access tab, pasted by the admin
        entity: secret
        for instance in (contoso, northwind)
        for (entity, _key), secret in instance.state.profile_secrets.items()
    }
    for box in page.boxes.values():
        issuer_entity = "Client" if box.role.entity == "Supplier" else "Supplier"
        type_into(box.manual.edit, issued[issuer_entity])
        click(box.manual_button)
        await until(lambda: not page.is_busy(), "the survey with the pasted secret", page)
    assert not page.survey_result.survey.manual_secret_needed
    assert len(page.changes.changes()) == 2
    click(page.changes.write_button)
    await until(lambda: not page.is_busy(), "the write", page)
    assert page.changes.is_clean(), page.changes.lines()
    assert all("Authenticated" in box.state.text() for box in page.boxes.values())
    assert window.next_button.isEnabled()
    await write_until(window, StepId.AGENTS)
    click(window.pages[StepId.AGENTS].changes.write_button)
    await until(lambda: not window.pages[StepId.AGENTS].is_busy(), "the agents")


def test_pasted_secrets_complete_the_swap_when_the_api_hides_them(
    simulator: Simulator,
    services: Services,
    make_window: Callable[[], MainWindow],
    run: Callable[[Any], Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(InstanceState, "public_record", without_issued_secret)
    run(scenario(make_window(), services, simulator))
    contoso, northwind = simulator.instances
    assert_setup_complete(
        contoso, northwind, supplier_profile_name="Northwind MSP", customer_profile_name="Contoso"
    )
