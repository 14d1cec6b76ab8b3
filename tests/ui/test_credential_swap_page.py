"""Credential swap when the API does not show the issued secrets: the admin pastes them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from conftest import named_snapshots, start_simulator
from driver import click, open_demo_plan, press_test_on_both, type_into, until, write_until
from pytestqt.qtbot import QtBot
from setup_assertions import assert_setup_complete

from halo_wizard.plan.model import StepId, StepStatus
from halo_wizard.simulator import Simulator, console
from halo_wizard.steps.credential_swap import AuthResult, plain_reason
from halo_wizard.steps.profiles import SUPPLIER_PROFILE
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.pages.credential_swap import CredentialSwapPage
from halo_wizard.ui.services import Services


def secret_hidden(snapshot: dict[str, Any]) -> None:
    """As a Halo whose API never shows a profile's issued secret (the secret-hidden dialect)."""
    snapshot["simulator"]["dialect"] = ["secret-hidden"]


@pytest.fixture
def hiding() -> Iterator[Simulator]:
    simulator = start_simulator(named_snapshots(contoso=secret_hidden, northwind=secret_hidden))
    yield simulator
    simulator.stop()


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

    plan = window.plan
    assert plan is not None
    issued = {  # what Halo shows on each profile's API Access tab, pasted by the admin
        "Supplier": console.shown_issued_secret(
            contoso, "Supplier", plan.supplier_profile.record_id or 0
        ),
        "Client": console.shown_issued_secret(
            northwind, "Client", plan.customer_profile.record_id or 0
        ),
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
    hiding: Simulator,
    services: Services,
    make_window: Callable[[], MainWindow],
    run: Callable[[Any], Any],
) -> None:
    run(scenario(make_window(), services, hiding))
    contoso, northwind = hiding.instances
    assert_setup_complete(
        contoso, northwind, supplier_profile_name="Northwind MSP", customer_profile_name="Contoso"
    )


async def before_and_after_writing(window: MainWindow, services: Services, sim: Simulator) -> None:
    contoso, northwind = sim.instances
    await open_demo_plan(window, services, contoso, northwind)
    await press_test_on_both(window)
    page = await write_until(window, StepId.CREDENTIAL_SWAP)
    assert isinstance(page, CredentialSwapPage)
    assert page.changes.changes()  # the profiles do not hold the other side's values yet
    assert not page.auth_button.isEnabled()
    assert page.auth_hint.isVisible() and "Write these changes first" in page.auth_hint.text()

    plan = window.plan
    assert plan is not None
    page.mark(StepStatus.ATTENTION, "authentication failed")  # as an earlier failed attempt left it
    click(page.changes.write_button)
    await until(lambda: not page.is_busy(), "the write and the authentication", page)
    assert all("Authenticated" in box.state.text() for box in page.boxes.values())
    assert plan.step(StepId.CREDENTIAL_SWAP).status is not StepStatus.ATTENTION
    assert page.auth_button.isEnabled() and page.auth_hint.isHidden()


def test_authenticate_waits_for_the_write_and_the_status_follows_the_result(
    simulator: Simulator,
    services: Services,
    make_window: Callable[[], MainWindow],
    run: Callable[[Any], Any],
) -> None:
    run(before_and_after_writing(make_window(), services, simulator))


def test_a_failure_reads_authentication_failed_once(services: Services, qtbot: QtBot) -> None:
    page = CredentialSwapPage(services)
    qtbot.addWidget(page)
    reason = "Authentication failed: the authorisation URL, client ID or client secret is empty"
    page._auth = {SUPPLIER_PROFILE.entity: AuthResult(SUPPLIER_PROFILE, "Contoso", False, reason)}
    _mark, text = page._auth_state(SUPPLIER_PROFILE)
    assert text.casefold().count("authentication failed") == 1
    assert text == (
        "Authentication failed: the authorisation URL, client ID or client secret is empty"
    )
    assert plain_reason(reason) == "the authorisation URL, client ID or client secret is empty"
    assert plain_reason("invalid_client") == "invalid_client"
