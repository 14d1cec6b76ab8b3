"""Review and apply: the changes of steps 3-7 listed by instance and step, applied, read back; a
failure midway says what was and was not written, and applying again finishes the rest."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from driver import click, until

from halo_wizard.plan.model import InstancePlan, Plan, Side, StepId
from halo_wizard.simulator import SimulatedInstance, Simulator
from halo_wizard.steps import instances, mappings, permissions
from halo_wizard.steps.changes import MASK
from halo_wizard.ui.pages.review_apply import ReviewApplyPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import metrics


async def plan_after_permissions(
    services: Services, contoso: SimulatedInstance, northwind: SimulatedInstance
) -> Plan:
    """A saved plan taken through steps 1-2 by the engine, with the mappings auto-mapped."""

    def instance_plan(instance: SimulatedInstance) -> InstancePlan:
        assert instance.application is not None
        return InstancePlan(instance.name, instance.url, client_id=instance.application.client_id)

    plan = services.plans.create(
        "Contoso → Northwind MSP", instance_plan(contoso), instance_plan(northwind)
    )
    for side, instance in ((Side.CUSTOMER, contoso), (Side.SUPPLIER, northwind)):
        assert instance.application is not None
        await services.secrets.set(plan.secret_key_for(side), instance.application.client_secret)
    services.sessions.set_plan(plan)
    session = await services.sessions.session()
    for side in Side:
        instances.record_connection(
            plan, await instances.test_connection(session.client(side), side)
        )
    assert not permissions.blocking(await permissions.preflight(session))
    surveyed = await mappings.survey(session)
    mappings.auto_map_plan(plan, surveyed.catalogues)
    return plan


def save_shot(page: ReviewApplyPage, name: str) -> None:
    """Save the page as a PNG when HALO_WIZARD_SHOTS names a folder (for docs/screenshots)."""
    folder = os.environ.get("HALO_WIZARD_SHOTS")
    if folder:
        page.grab().save(str(Path(folder) / name))


def records(instance: SimulatedInstance, entity: str) -> list[dict[str, Any]]:
    with instance.state.lock:
        return list(instance.state.records.get(entity, {}).values())


def steps_listed(page: ReviewApplyPage) -> set[StepId]:
    assert page.review is not None
    return {change.step for change in page.review.changes()}


async def applied(page: ReviewApplyPage) -> None:
    click(page.apply_button)
    await until(lambda: not page.is_busy(), "the apply")


async def scenario(page: ReviewApplyPage, services: Services, simulator: Simulator) -> None:
    contoso, northwind = simulator.instances
    plan = await plan_after_permissions(services, contoso, northwind)
    page.set_plan(plan)
    page.enter()
    await until(lambda: page.review is not None and not page.is_busy(), "the review", page)

    # Round 1: the module and the profiles; the later steps wait for the profiles.
    assert steps_listed(page) == {StepId.SUPPLIERS_MODULE, StepId.PROFILES}
    lines = page.lines()
    assert lines[0].startswith("Contoso: 2 changes")
    assert any("Step 4: Profiles" in line for line in lines)
    assert any("Create supplier profile 'Northwind MSP' in Contoso" in line for line in lines)
    assert "      API access: Allow access | Yes" in lines  # a create: no old value
    assert "listed after the profiles" in page.waiting.text()
    assert "Mappings" in page.waiting.text()
    assert not page.is_complete()
    # nothing is written before Apply
    assert not any(r.get("name") == "Northwind MSP" for r in records(contoso, "Supplier"))
    await applied(page)
    assert "4 changes written" in page.note.text()
    assert "more changes are listed" in page.note.text()

    # Round 2: credentials, agents and mappings, now that the profiles exist.
    assert steps_listed(page) == {StepId.CREDENTIAL_SWAP, StepId.AGENTS, StepId.MAPPINGS}
    assert not page.waiting.isVisible()
    lines = page.lines()
    secrets = [
        secret
        for instance in (contoso, northwind)
        for secret in instance.state.profile_secrets.values()
    ]
    assert any(MASK in line for line in lines)
    assert not any(secret in line for secret in secrets for line in lines)
    assert any("Create end user" in line for line in lines)
    assert any("Step 7: Mappings" in line for line in lines)
    save_shot(page, "09-review-apply.png")

    # A failure midway: Northwind's agent may not create users.
    assert northwind.application is not None
    northwind.application.denied = ["POST Users"]
    agents_listed = [c for c in page.to_apply() if c.step is StepId.AGENTS]
    mapping_listed = [c for c in page.to_apply() if c.step is StepId.MAPPINGS]
    await applied(page)
    assert page.task.error.isVisible()
    note = page.note.text()
    assert "2 changes written" in note  # the two credential swaps
    not_written = len(agents_listed) + len(mapping_listed)
    assert f"{not_written} changes not written" in note
    assert page.apply_button.text() == "Apply the rest"
    assert [c.step for c in page.to_apply()] == [StepId.AGENTS] * len(agents_listed) + [
        StepId.MAPPINGS
    ] * len(mapping_listed)
    lines = page.lines()
    assert sum("(written)" in line for line in lines) == 2
    assert sum("(not written)" in line for line in lines) == not_written
    assert not page.is_complete()
    assert plan.supplier_profile.authenticated and plan.customer_profile.authenticated

    # The cause fixed, applying again finishes the rest and reads back clean.
    northwind.application.denied = None
    await applied(page)
    assert not page.task.error.isVisible()
    assert f"{not_written} changes written" in page.note.text()
    assert "the instances hold exactly what the plan says" in page.note.text()
    assert page.review is not None and page.review.is_clean()
    assert page.is_complete()
    assert page.plan is not None and page.plan.action_settings is not None
    assert page.plan.action_settings.actions[Side.SUPPLIER]
    assert not page.apply_button.isVisible()
    users = records(northwind, "Users")
    emails = {u.get("emailaddress") for u in users if u.get("client_id")}
    for change in agents_listed:
        assert change.payload["emailaddress"] in emails

    # Checking again changes nothing and stays clean.
    click(page.check_button)
    await until(lambda: not page.is_busy(), "the second look", page)
    assert page.review is not None and page.review.is_clean()
    await services.sessions.aclose()


def test_review_lists_applies_and_finishes_after_a_failure(
    simulator: Simulator, services: Services, run: Callable[[Any], Any]
) -> None:
    page = ReviewApplyPage(services)
    page.resize(*metrics.WINDOW_SIZE)
    page.show()
    try:
        run(scenario(page, services, simulator))
    finally:
        page.close()
        page.deleteLater()


async def cancelled(page: ReviewApplyPage, services: Services, simulator: Simulator) -> None:
    contoso, northwind = simulator.instances
    plan = await plan_after_permissions(services, contoso, northwind)
    page.set_plan(plan)
    page.enter()
    await until(lambda: page.review is not None and not page.is_busy(), "the review", page)
    listed = len(page.to_apply())
    northwind.faults.latency = 0.3  # slow enough to press Cancel between two writes
    click(page.apply_button)
    await until(lambda: len(page.to_apply()) < listed, "the first write")
    click(page.task.cancel_button)
    await until(lambda: not page.is_busy(), "the cancel")
    northwind.faults.latency = 0.0
    written = listed - len(page.to_apply())
    assert 1 <= written < listed
    assert f"Stopped after {written} change" in page.note.text()
    assert page.apply_button.text() == "Apply the rest"
    assert len(page.to_apply()) == listed - written
    assert not page.is_complete()
    await applied(page)
    assert f"{listed - written} change" in page.note.text()
    assert "more changes are listed" in page.note.text()  # the profiles now exist
    await services.sessions.aclose()


def test_cancel_stops_between_writes_and_apply_finishes_the_rest(
    simulator: Simulator, services: Services, run: Callable[[Any], Any]
) -> None:
    page = ReviewApplyPage(services)
    page.show()
    try:
        run(cancelled(page, services, simulator))
    finally:
        page.close()
        page.deleteLater()
