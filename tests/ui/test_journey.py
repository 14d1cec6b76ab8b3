"""Steps 1 to 6 through the real window against two simulated instances, then once more."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from driver import (
    click,
    fill_instance,
    instances_page,
    next_step,
    shown,
    survey_page,
    tree_texts,
    until,
)
from setup_assertions import assert_setup_complete, record_counts

from halo_wizard.plan.model import Side, StepId, StepStatus
from halo_wizard.simulator import Simulator
from halo_wizard.steps.changes import MASK
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.pages.credential_swap import CredentialSwapPage
from halo_wizard.ui.pages.permissions import PermissionsPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.sidebar import STEPS as WINDOW_STEPS

# Steps 1-6 (the mappings page has its own tests in test_mapping_page.py).
STEPS = tuple(step for step in WINDOW_STEPS if step <= StepId.AGENTS)
WRITING_STEPS = (StepId.SUPPLIERS_MODULE, StepId.PROFILES, StepId.CREDENTIAL_SWAP, StepId.AGENTS)


async def first_run(window: MainWindow, simulator: Simulator) -> None:
    contoso, northwind = simulator.instances
    click(window.connections.new_button)
    await shown(window, StepId.INSTANCES)
    assert not window.next_button.isEnabled()
    await fill_instance(window, Side.CUSTOMER, "Contoso", contoso)
    await fill_instance(window, Side.SUPPLIER, "Northwind MSP", northwind)
    page = instances_page(window)
    assert "Halo ITSM" in page.forms[Side.CUSTOMER].result.text()
    assert "northwind" in page.forms[Side.SUPPLIER].tenant.value()
    assert window.plan is not None and window.plan.name == "Contoso → Northwind MSP"
    await next_step(window)

    permissions = await shown(window, StepId.PERMISSIONS)
    assert isinstance(permissions, PermissionsPage)
    await until(permissions.is_complete, "the permissions check", permissions)
    assert permissions.checks and all(check.ok for check in permissions.checks)
    await next_step(window)

    for step in WRITING_STEPS:
        page = survey_page(window, step)
        await shown(window, step)
        await until(
            lambda p=page: p.survey_result is not None and not p.is_busy(), "a survey", page
        )
        changes = page.changes.changes()
        assert changes, f"step {int(step)} found nothing to write on fresh instances"
        assert not window.next_button.isEnabled(), "Next before the changes were written"
        if step is StepId.CREDENTIAL_SWAP:
            assert_secrets_masked(page, simulator)
        click(page.changes.write_button)
        await until(lambda p=page: not p.is_busy(), "the write", page)
        assert page.changes.is_clean(), page.changes.lines()
        assert "nothing is left to change" in page.changes.note.text()
        await next_step(window)
    assert window.plan.step(StepId.AGENTS).status is StepStatus.DONE


def assert_secrets_masked(page: Any, simulator: Simulator) -> None:
    """The issued secrets are in the changes only as a mask, and in the boxes only hidden."""
    assert isinstance(page, CredentialSwapPage)
    texts = " ".join(tree_texts(page.changes.tree)) + " ".join(page.changes.lines())
    assert MASK in texts
    secrets = [
        secret
        for instance in simulator.instances
        for secret in instance.state.profile_secrets.values()
    ]
    assert secrets and not any(secret in texts for secret in secrets)
    for box in page.boxes.values():
        assert box.secret.value() in secrets  # there to copy by hand ...
        assert box.secret.edit.echoMode() != box.secret.edit.EchoMode.Normal  # ... but hidden


async def second_run(window: MainWindow) -> None:
    """A restarted window resumes the plan; every step finds nothing to change."""
    await until(lambda: window.connections.tree.topLevelItemCount() == 1, "the plan list")
    click(window.connections.open_button)
    await shown(window, StepId.MAPPINGS)  # resumes where the first run ended
    window.sidebar.stepClicked.emit(int(StepId.INSTANCES))
    await shown(window, StepId.INSTANCES)
    for step in STEPS:
        await shown(window, step)
        if step in WRITING_STEPS:
            survey = survey_page(window, step)
            await until(
                lambda s=survey: s.survey_result is not None and not s.is_busy(), "a survey", survey
            )
            assert survey.changes.is_clean(), survey.changes.lines()
            assert not survey.changes.write_button.isVisible()
        await next_step(window)
    await shown(window, StepId.MAPPINGS)


def test_steps_one_to_six_set_up_both_instances_and_a_second_run_changes_nothing(
    simulator: Simulator,
    services: Services,
    make_window: Callable[[], MainWindow],
    run: Callable[[Any], Any],
) -> None:
    contoso, northwind = simulator.instances
    run(first_run(make_window(), simulator))
    assert_setup_complete(
        contoso,
        northwind,
        supplier_profile_name="Northwind MSP",
        customer_profile_name="Contoso",
    )
    counts = (record_counts(contoso), record_counts(northwind))
    plan_id = services.plans.list()[0].id
    saved = services.plans.open(plan_id)
    assert all(saved.step(step).status is StepStatus.DONE for step in STEPS)
    assert saved.supplier_profile.authenticated and saved.customer_profile.authenticated

    run(second_run(make_window()))
    assert (record_counts(contoso), record_counts(northwind)) == counts
    assert len(services.plans.list()) == 1
